"""The agreement's steps after printing — 登记签署, 附加扫描件, 锁定 — and its editor, shared by the
协议书 page and the case page's 协议书 tab, so both ask the same questions and say the same things.

``owner`` is the widget the step runs from: it has ``ctx``, a ``message`` label and
``refresh()`` (what ops.open_form expects of a page). ``d`` is an agreement as the 协议书 page
lists it (services.settlement.mediation_lists)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from zhongxin_desktop.domain.dates import cn_date
from zhongxin_desktop.services.settlement import agreements
from zhongxin_desktop.services.casework import attachments
from zhongxin_desktop.ui import confirm, ops
from zhongxin_desktop.ui.dialogs.agreement_editor import AgreementEditorDialog


# What the clerk does next, by status: the action buttons are disabled until it is done.
NEXT_STEP = {
    "draft": "下一步：点“打印签署本”，打印（或另存为PDF）后交当事人签字；打印签署本后才能“登记签署”。"
             "（“预览/打印”印出的草稿带“草稿”水印、无核验码，供审阅。）",
    "printed": "下一步：当事人签字后，选择生效日期，点“登记签署”。",
    "signed": "下一步：点“附加扫描件…”附上签字页扫描件，然后点“锁定”。",
    "frozen": "已锁定，不能再修改；如有错误，点“更正（新版本）”。",
    "superseded": "已被新版本取代，仍可预览和打印查阅。",
}


class Owner(ops.FormOwner, Protocol):
    """The page or case tab a step runs from (a widget: the step's dialogs are its children)."""

    editor: ops.Form | None


def _tr(text: str) -> str:
    return QCoreApplication.translate("agreement_steps", text)


def _widget(owner: Owner) -> QWidget:
    assert isinstance(owner, QWidget)  # the 协议书 page or the case page's tab
    return owner


def _done(owner: Owner, text: str) -> dict[str, Any]:
    return dict(message=owner.message, changed="agreement", ok_text=text)


def open_editor(owner: Owner, case_label: str, people: list[str], initial: agreements.AgreementInput | None,
                correction: bool, call: Callable[[agreements.AgreementInput, str], Any],
                on_saved: Callable[[Any], None] | None = None) -> AgreementEditorDialog:
    """The editor for a new agreement (``initial`` = what is known of the case), a draft, or a
    correction; ``call(data, reason)`` runs the service."""
    people = people or [owner.ctx.actor.display_name]
    if initial is None:
        initial = agreements.AgreementInput(mediator_name=owner.ctx.actor.display_name)
    start = initial
    editor = ops.open_form(
        owner, lambda submit: AgreementEditorDialog(case_label, people, submit, start, correction, _widget(owner)),
        call, lambda a: _tr("已保存：{n}（{s}）").format(n=a.number, s=agreements.STATUS_LABELS[a.status]), on_saved)
    owner.editor = editor
    return editor


def sign(owner: Owner, d: dict[str, Any], on: dt.date, after: Callable[[Any], object]) -> None:
    actor = owner.ctx.actor
    confirm.ask(_widget(owner), _tr("登记签署 — {n}").format(n=d["number"]), _tr(
        "登记签署后，协议自{on}起生效，内容不能再修改；司法确认申请期限30日从这天起算（至{end}）。\n"
        "确定各方已签字？").format(on=cn_date(on), end=cn_date(on + dt.timedelta(days=30))),
        _tr("登记签署"), lambda: ops.run(
            owner.ctx, lambda: agreements.sign(actor, d["id"], on), after,
            **_done(owner, _tr("已登记签署，协议生效；司法确认申请期限30日"))))


def freeze(owner: Owner, d: dict[str, Any], after: Callable[[Any], object]) -> None:
    actor = owner.ctx.actor
    confirm.ask(_widget(owner), _tr("锁定 — {n}").format(n=d["number"]), _tr(
        "锁定后协议书成为定稿，不能再修改；如有错误只能生成更正版本（原版本保留）。\n确定锁定？"),
        _tr("锁定"), lambda: ops.run(
            owner.ctx, lambda: agreements.freeze(actor, d["id"]), after,
            **_done(owner, _tr("协议已锁定，不能再修改；如需更正请生成新版本"))))


def choose_scan(owner: Owner) -> str:
    path, _ = QFileDialog.getOpenFileName(_widget(owner), _tr("选择签字协议扫描件"), "",
                                          _tr("扫描件 (*.pdf *.jpg *.jpeg *.png)"))
    return path


def attach_scan(owner: Owner, d: dict[str, Any], path: str, after: Callable[[Any], object]) -> None:
    actor = owner.ctx.actor
    ops.run(owner.ctx, lambda: attachments.attach(actor, d["case_id"], path, agreement_id=d["id"]), after,
            **_done(owner, _tr("已附加扫描件")))


def input_from(d: dict[str, Any]) -> agreements.AgreementInput:
    """The editor's starting values from a loaded row (no database call on the GUI thread)."""
    return agreements.AgreementInput(kind=d["kind"], facts=d["facts"], clauses=list(d["clauses"]),
                                     performance=d["performance"], perform_by=d["perform_by"],
                                     perform_place=d["perform_place"], amount=d["amount"],
                                     copies=d["copies"], mediator_name=d["mediator_name"],
                                     recorder_name=d["recorder_name"])
