"""The case detail view: header with the deadline, the workflow actions allowed now, and tabs —
basic facts, parties, timeline, transfers, then the tabs registered in ui/case_tabs."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPushButton, QTableWidget, QTableWidgetItem,
    QTabWidget, QVBoxLayout, QWidget,
)

from zhongxin_desktop.domain.dates import cn_date, cn_stamp
from zhongxin_desktop.domain.errors import DomainError
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.domain.vocab import PARTY_KINDS, RISK_COLORS
from zhongxin_desktop.domain.workflow import OPEN_STATUSES, Action, Status
from zhongxin_desktop.services.casework import case_edit, case_query, cases, lookups
from zhongxin_desktop.services.casework.lookups import Choice
from zhongxin_desktop.services.results import CaseRecord
from zhongxin_desktop.ui import confirm
from zhongxin_desktop.ui.case_tabs import CASE_TABS, CaseTab
from zhongxin_desktop.ui.case_tabs.basic import ListTab
from zhongxin_desktop.ui.case_tabs.documents import AgreementsTab, SessionsTab
from zhongxin_desktop.ui.context import AppContext
from zhongxin_desktop.ui.empty_hint import set_empty_hint
from zhongxin_desktop.ui.dialogs.case_actions import ActionDialog

RED = "#c62828"


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    t.verticalHeader().hide()
    t.setWordWrap(True)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def _fill(table: QTableWidget, rows: list[list[object]]) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.setItem(r, c, QTableWidgetItem("" if value is None else str(value)))


class CaseDetailView(QWidget):
    back_requested = Signal()
    loaded = Signal(dict)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.case_id: str | None = None
        self.data: dict[str, Any] | None = None
        self.action_dialog: ActionDialog | None = None
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        back = QPushButton(self.tr("← 返回列表"))
        back.setObjectName("backToList")
        back.clicked.connect(self.back_requested)
        head.addWidget(back)
        self.title = QLabel("")
        self.title.setObjectName("caseTitle")
        self.title.setStyleSheet("font-size: 15pt; font-weight: bold;")
        head.addWidget(self.title)
        self.status = QLabel("")
        self.status.setObjectName("caseStatus")
        head.addWidget(self.status)
        head.addStretch()
        # parented at once: made visible before it is in a layout, a parentless button would flash
        # up as a window of its own and take the activation from the main window
        self.reveal_button = QPushButton(self.tr("显示完整号码"), self)
        self.reveal_button.setObjectName("revealNumbers")
        self.reveal_button.setCheckable(True)
        self.reveal_button.setToolTip(self.tr("显示完整身份证号和电话（将记入审计日志）"))
        self.reveal_button.setVisible(ctx.actor.can(Perm.REVEAL))
        self.reveal_button.toggled.connect(lambda _: self.reload())
        head.addWidget(self.reveal_button)
        self.deadline = QLabel("")
        self.deadline.setObjectName("caseDeadline")
        head.addWidget(self.deadline)
        layout.addLayout(head)
        bar = QHBoxLayout()
        self.action_buttons: dict[str, QPushButton] = {}
        for action in Action:
            self._add_button(bar, action.value, action.label)
        self._add_button(bar, "extend_deadline", "延长期限")
        self._add_button(bar, "overdue_reason", "记录逾期原因")
        self._add_button(bar, "assign_mediator", "指派调解员")
        self._add_button(bar, "edit_case", "更正")
        self._add_button(bar, "record_session", "记录调解…")
        self.action_buttons["record_session"].setToolTip(self.tr("在本案件中记录一次调解（第一次调解时案件转为调解中）"))
        self.action_buttons["edit_case"].setToolTip(self.tr("更正登记内容和当事人信息（须写明原因）"))
        bar.addStretch()
        layout.addLayout(bar)
        self.tabs = QTabWidget()
        self.info = QWidget()
        self.info_form = QFormLayout(self.info)
        self.parties = _table([self.tr(h) for h in ("身份", "类别", "姓名/名称", "性别", "出生日期", "民族", "联系电话",
                                                     "身份证号", "单位或住址", "法定代表人/联系人", "代理人")])
        self.timeline = _table([self.tr(h) for h in ("时间", "操作人", "操作", "状态变化", "说明")])
        self.transfers = _table([self.tr(h) for h in ("交办部门", "交办日期", "反馈期限", "交办要求", "反馈日期",
                                                       "部门反馈", "记录人")])
        set_empty_hint(self.transfers, self.tr("此案件未交办过。需要部门处理时，受理后点“交办”。"))
        for title, w in ((self.tr("基本情况"), self.info), (self.tr("当事人"), self.parties),
                         (self.tr("办理经过"), self.timeline), (self.tr("交办"), self.transfers)):
            self.tabs.addTab(w, title)
        self.extra_tabs: list[CaseTab] = []
        layout.addWidget(self.tabs, 1)

    def _add_button(self, bar: QHBoxLayout, key: str, label: str) -> None:
        b = QPushButton(self.tr(label))
        b.setObjectName(f"action_{key}")
        b.clicked.connect(lambda _=False, k=key: self.run_action(k))
        b.setVisible(False)
        self.action_buttons[key] = b
        bar.addWidget(b)

    # --- loading -------------------------------------------------------------------------------------
    def load(self, case_id: str) -> None:
        if case_id != self.case_id:
            self.case_id = case_id
            self.reveal_button.blockSignals(True)
            self.reveal_button.setChecked(False)  # every case is opened masked
            self.reveal_button.blockSignals(False)
            self._make_extra_tabs(case_id)
        self.reload()

    def reload(self) -> None:
        if not self.case_id:
            return
        actor, case_id, reveal = self.ctx.actor, self.case_id, self.reveal_button.isChecked()
        self.ctx.worker.submit(lambda: case_query.detail(actor, case_id, reveal), self._show, self._failed)
        for tab in self.extra_tabs:
            tab.reload()

    def _make_extra_tabs(self, case_id: str) -> None:
        for tab in self.extra_tabs:
            self.tabs.removeTab(self.tabs.indexOf(tab))
            tab.deleteLater()
        self.extra_tabs = []
        for title, cls in CASE_TABS:
            tab = cls(self.ctx, case_id)
            if isinstance(tab, ListTab):  # the lists with their own recording buttons
                tab.changed.connect(self._tab_changed)
            self.extra_tabs.append(tab)
            self.tabs.addTab(tab, self.tr(title))

    def _tab(self, kind: str) -> CaseTab | None:
        return next((t for t in self.extra_tabs if getattr(t, "kind", "") == kind), None)

    def _tab_changed(self, what: str) -> None:
        """Something was recorded in a tab. After a session that reached agreement, the case page
        goes on to the agreement: its tab, with a new agreement started from the case's facts."""
        self.reload()
        agreements_tab = self._tab("agreements")
        if what == "agreed" and isinstance(agreements_tab, AgreementsTab):
            self.tabs.setCurrentWidget(agreements_tab)
            if not any(r["status"] != "superseded" for r in agreements_tab.rows):
                agreements_tab.new_agreement()

    def _failed(self, exc: BaseException, tb: str) -> None:
        QMessageBox.warning(self, self.tr("无法打开案件"), str(exc))

    def _show(self, d: dict[str, Any]) -> None:
        if d["id"] != self.case_id:
            return
        self.data = d
        self.title.setText(d["case_no"] or self.tr("（未受理，尚无编号）"))
        risk = d["risk_level"]
        self.status.setText(self.tr("状态：{s}　风险：<span style='color:{c}'>●</span>{r}").format(
            s=d["status_label"], c=RISK_COLORS.get(risk, "#999"), r=risk))
        if d["overdue"]:
            reason = d["overdue_reason"] or self.tr("未填写逾期原因")
            self.deadline.setText(self.tr("已逾期：应结日期 {d}；原因：{r}").format(d=cn_date(d["due_on"]), r=reason))
            self.deadline.setStyleSheet(f"color: {RED}; font-weight: bold;")
        else:
            self.deadline.setText(self.tr("应结日期：") + cn_date(d["due_on"]) if d["due_on"] else "")
            self.deadline.setStyleSheet("")
        self._show_actions(d)
        self._show_info(d)
        for tab in self.extra_tabs:
            tab.case_label = d["case_no"] or self.tr("未受理案件")
        _fill(self.parties, [[p["role"], PARTY_KINDS.get(p["kind"], p["kind"]), p["name"], p["sex"],
                              cn_date(p["birth_date"]), p["ethnicity"], p["phone"], p["id_number"], p["address"],
                              "　".join(x for x in (p["legal_rep"], p.get("contact", "")) if x),
                              " ".join(x for x in (p["agent_name"], p.get("agent_phone", "")) if x)]
                             for p in d["parties"]])
        _fill(self.timeline, [[cn_stamp(e["at"]), e["user_name"], e["action_label"],
                               self._status_change(e["from"], e["to"]), e["remark"]] for e in d["events"]])
        _fill(self.transfers, [[t["department"], cn_date(t["sent_on"]), cn_date(t["feedback_due"]), t["instructions"],
                                cn_date(t["reply_on"]) or (self.tr("逾期未反馈") if t["late"] else self.tr("待反馈")),
                                t["reply"], t["replied_by"]] for t in d["transfers"]])
        self.loaded.emit(d)

    @staticmethod
    def _status_change(frm: str, to: str) -> str:
        if not to or frm == to:
            return ""
        return f"{Status(frm).label if frm else ''} → {Status(to).label}"

    def _show_actions(self, d: dict[str, Any]) -> None:
        allowed = set(d["allowed_actions"])
        is_open = Status(d["status"]) in OPEN_STATUSES
        actor = self.ctx.actor
        for key, button in self.action_buttons.items():
            if key in ("extend_deadline", "overdue_reason"):
                ok = is_open and bool(d["due_on"]) and (key == "extend_deadline" or d["overdue"])
                perm = Perm.EDIT
            elif key == "assign_mediator":
                ok, perm = is_open, Perm.EDIT
                button.setText(self.tr("更换调解员") if d["mediator_name"] else self.tr("指派调解员"))
            elif key == "edit_case":
                ok, perm = Status(d["status"]) != Status.ARCHIVED, Perm.EDIT
            elif key == "record_session":
                ok, perm = Status(d["status"]) in (Status.ACCEPTED, Status.MEDIATING), Perm.MEDIATE
            else:
                ok = key in allowed
                perm = cases.permission_for(key)
            button.setVisible(ok)
            button.setEnabled(ok and actor.can(perm))
            if ok and not actor.can(perm):
                button.setToolTip(self.tr("当前用户无权进行此操作"))

    def _show_info(self, d: dict[str, Any]) -> None:
        while self.info_form.rowCount():
            self.info_form.removeRow(0)
        flags = [f"{label}{d[key + '_persons']}人" for key, label in (
            ("prevent_criminal", "防止民转刑"), ("prevent_petition", "防止群体性上访"), ("prevent_suicide", "防止自杀"))
            if d[key]]
        rows = [
            ("登记日期", cn_date(d["registered_on"])), ("登记人", d["registered_by"]),
            ("受理日期", cn_date(d["accepted_on"])),
            ("案件来源", d["source"] + (f"（{d['source_detail']}）" if d["source_detail"] else "")),
            ("上报人", d["reporter_name"]), ("村（社区）", d["village_name"]), ("网格", d["grid_name"]),
            ("纠纷类型", d["category"]), ("风险等级", d["risk_level"]), ("调解员", d["mediator_name"]),
            ("涉及人数", str(d["persons_involved"]) + ("（群体性）" if d["is_group"] else "")),
            ("涉及金额（元）", d["amount"]), ("纠纷简要情况", d["facts"]), ("申请事项", d["claims"]),
            ("防止激化", "、".join(flags) or "无"), ("结案日期", cn_date(d["closed_on"])), ("结果", d["outcome"]),
        ]
        if d["rejection_reason"]:
            rows.append(("不予受理原因", f"{d['rejection_reason']}；{d['guided_to']}"))
        for label, value in rows:
            text = QLabel(str(value or "—"))
            text.setWordWrap(True)
            self.info_form.addRow(self.tr(label) + "：", text)

    # --- actions -------------------------------------------------------------------------------------
    def run_action(self, key: str) -> None:
        d = self.data
        if d is None:
            return
        label = self.action_buttons[key].text()
        if key == Action.ACCEPT:  # nothing to fill in, but it cannot be undone
            confirm.ask(self, self.tr("受理案件"), self.tr(
                "受理后，案件将获得正式编号，办理期限从今天开始计算，逾期将标红。受理不能撤销。\n确定受理此案件？"),
                self.tr("受理"), lambda: self.perform(key, {}))
            return
        if key == "edit_case":
            self.open_correction()
            return
        sessions_tab = self._tab("sessions")
        if key == "record_session" and isinstance(sessions_tab, SessionsTab):
            self.tabs.setCurrentWidget(sessions_tab)
            sessions_tab.record_session()
            return
        if key == "assign_mediator":
            self.ctx.worker.submit(lambda: lookups.case_choices(self.ctx.actor).mediators, self._choose_mediator,
                                   self._action_failed)
            return
        title = f"{label} — {d['case_no'] or self.tr('未受理案件')}"  # which case, in the title bar
        dialog = self.action_dialog = ActionDialog(key, title, self, due_on=d["due_on"], current=d["overdue_reason"])
        dialog.accepted.connect(lambda: self.perform(key, dialog.values()))
        dialog.open()

    def open_correction(self) -> None:
        from zhongxin_desktop.ui.dialogs.case_form import CaseFormDialog

        d = self.data
        assert d is not None  # offered only on a case that is shown
        self.correction_dialog = CaseFormDialog(self.ctx, self, case_id=self.case_id,
                                                case_title=d["case_no"] or self.tr("未受理案件"))
        self.correction_dialog.saved.connect(self._corrected)
        self.correction_dialog.open()

    def _corrected(self, _case_id: str) -> None:
        self.ctx.bus.changed.emit("case")
        self.reload()

    def _choose_mediator(self, mediators: list[Choice]) -> None:
        from PySide6.QtWidgets import QInputDialog

        names = [m.label for m in mediators]
        if not names:
            QMessageBox.information(self, self.tr("指派调解员"),
                                    self.tr("还没有调解员账号。请管理员在 设置 › 用户 中添加角色为“调解员”的用户。"))
            return
        d = self.data
        assert d is not None  # offered only on a case that is shown
        current = d["mediator_name"]
        name, ok = QInputDialog.getItem(
            self, self.tr("指派调解员 — {c}").format(c=d["case_no"] or self.tr("未受理案件")),
            self.tr("调解员（现为：{m}）").format(m=current or self.tr("未指定")), names,
            names.index(current) if current in names else 0, False)
        if ok:
            chosen = mediators[names.index(name)]
            self.perform("assign_mediator", {"mediator": chosen.id})

    def perform(self, key: str, details: dict[str, Any]) -> None:
        """Run one action through the services (also used by tests with prepared details)."""
        actor, case_id = self.ctx.actor, self.case_id
        assert case_id is not None  # actions are offered only on a case that is shown
        details = dict(details)
        if key == "extend_deadline":
            job = lambda: cases.extend_deadline(actor, case_id, details["new_due"], details["reason"])  # noqa: E731
        elif key == "overdue_reason":
            job = lambda: cases.record_overdue_reason(actor, case_id, details["reason"])  # noqa: E731
        elif key == "assign_mediator":
            job = lambda: case_edit.assign_mediator(actor, case_id, details["mediator"])  # noqa: E731
        else:
            remark = details.pop("remark", "") or details.get("reason", "") or details.get("reply", "")
            job = lambda: cases.transition(actor, case_id, key, remark=remark, **details)  # noqa: E731
        self.ctx.worker.submit(job, lambda case: self._done(key, case), self._action_failed)

    def _done(self, key: str, case: CaseRecord) -> None:
        label = self.action_buttons[key].text()
        message = self.tr("已{a}").format(a=label)
        if key == Action.ACCEPT and case.case_no:
            message += self.tr("，案件编号：") + case.case_no
        self.ctx.bus.status_message.emit(message)
        self.ctx.bus.changed.emit("case")
        self.reload()

    def _action_failed(self, exc: BaseException, tb: str) -> None:
        text = str(exc) if isinstance(exc, DomainError) else self.tr("操作失败：") + str(exc)
        QMessageBox.warning(self, self.tr("未能完成"), text)

