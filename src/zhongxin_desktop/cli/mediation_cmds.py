"""zhongxin mediation | agreement | followup | confirmation: the mediation work, headless."""
from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

from zhongxin_desktop.cli.context import CliContext, Subparsers, UsageError

if TYPE_CHECKING:
    from zhongxin_desktop.services.settlement.agreements import AgreementInput
    from zhongxin_desktop.services.results import AgreementRecord, UserRecord


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"日期“{text}”格式不对，应为 YYYY-MM-DD / date must be YYYY-MM-DD") from None


def _datetime(text: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"时间“{text}”格式不对，应为 YYYY-MM-DD HH:MM / time must be YYYY-MM-DD HH:MM") from None


def register(sub: Subparsers) -> None:
    _register_mediation(sub)
    _register_agreement(sub)
    _register_followup(sub)


def _register_mediation(sub: Subparsers) -> None:
    m = sub.add_parser("mediation", help="调解记录 / mediation sessions")
    msub = m.add_subparsers(dest="mediation_command", metavar="ACTION")
    p = msub.add_parser("add-session", help="记录一次调解 / record a mediation session")
    p.add_argument("case", metavar="CASE", help="案件编号或ID / case number or id")
    p.add_argument("--at", help="时间 YYYY-MM-DD HH:MM（默认现在）/ when (default now)")
    p.add_argument("--place", default="综治中心调解室", help="地点 / place")
    p.add_argument("--matter", required=True, help="事由 / matter")
    p.add_argument("--host", help="主持调解员用户名（默认当前用户）/ host mediator's user name (default: you)")
    p.add_argument("--recorder", help="记录人用户名 / recorder's user name")
    p.add_argument("--other-mediators", default="", help="其他调解员 / other mediators")
    p.add_argument("--participants", default="", help="参加人 / participants")
    p.add_argument("--statements", required=True, help="当事人陈述 / statements of the parties")
    p.add_argument("--facts", default="", help="查明事实 / facts verified")
    p.add_argument("--result", choices=["agreed", "continue", "failed"], default="continue",
                   help="调解结果：agreed 达成协议 / continue 继续调解 / failed 调解不成")
    p.add_argument("--reason", default="", help="调解不成的原因 / reason when failed")
    p.add_argument("--rights-not-notified", action="store_true", help="未告知权利义务 / rights not yet notified")
    p.set_defaults(handler=cmd_add_session)
    p = msub.add_parser("list", help="列出案件的调解记录 / list a case's sessions")
    p.add_argument("case", metavar="CASE")
    p.add_argument("--json", action="store_true", help="输出JSON / print JSON")
    p.set_defaults(handler=cmd_list_sessions)


def _content_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json-file", metavar="FILE", help="从JSON文件读取协议内容 / agreement content from a JSON file")
    p.add_argument("--kind", choices=["written", "oral"], help="written 书面协议 / oral 口头协议")
    p.add_argument("--facts", help="纠纷主要事实、争议事项 / facts and matters in dispute")
    p.add_argument("--clause", action="append", help="协议条款（可重复）/ a clause (repeat for each)")
    p.add_argument("--performance", help="履行方式、时限 / how and by when it is performed")
    p.add_argument("--perform-by", help="履行期限 YYYY-MM-DD / perform by")
    p.add_argument("--perform-place", help="履行地点 / where it is performed")
    p.add_argument("--amount", help="协议金额（元）/ amount in yuan")
    p.add_argument("--copies", type=int, help="份数（默认当事人数+1）/ copies (default parties + 1)")
    p.add_argument("--mediator", help="人民调解员用户名或姓名（默认当前用户）/ mediator (default: you)")
    p.add_argument("--recorder", help="记录人用户名或姓名 / recorder")


def _register_agreement(sub: Subparsers) -> None:
    a = sub.add_parser("agreement", help="调解协议书 / mediation agreements")
    asub = a.add_subparsers(dest="agreement_command", metavar="ACTION")
    p = asub.add_parser("create", help="制作协议（草稿）/ draw up an agreement (draft)")
    p.add_argument("case", metavar="CASE", help="案件编号或ID / case number or id")
    _content_args(p)
    p.set_defaults(handler=cmd_create)
    p = asub.add_parser("edit", help="修改草稿 / edit a draft")
    p.add_argument("case", metavar="CASE")
    _content_args(p)
    p.set_defaults(handler=cmd_edit)
    p = asub.add_parser("show", help="查看协议（含所有版本）/ show the agreement and all its versions")
    p.add_argument("case", metavar="CASE")
    p.add_argument("--json", action="store_true", help="输出JSON / print JSON")
    p.set_defaults(handler=cmd_show)
    p = asub.add_parser("sign", help="登记各方已签字，协议生效 / record that it was signed (took effect)")
    p.add_argument("case", metavar="CASE")
    p.add_argument("--on", help="生效日期 YYYY-MM-DD（默认今天）/ the day it took effect (default today)")
    p.set_defaults(handler=cmd_sign)
    p = asub.add_parser("attach-scan", help="附加签字协议扫描件（PDF/JPG/PNG）/ attach the signed paper's scan")
    p.add_argument("case", metavar="CASE")
    p.add_argument("file", metavar="FILE", help="扫描件 / scan file")
    p.set_defaults(handler=cmd_attach)
    p = asub.add_parser("freeze", help="锁定已签署的协议 / freeze a signed agreement")
    p.add_argument("case", metavar="CASE")
    p.set_defaults(handler=cmd_freeze)
    p = asub.add_parser("correct", help="更正：生成新版本，旧版本保留 / correct: make the next version")
    p.add_argument("case", metavar="CASE")
    p.add_argument("--reason", required=True, help="更正理由 / reason for the correction")
    _content_args(p)
    p.set_defaults(handler=cmd_correct)


def _register_followup(sub: Subparsers) -> None:
    f = sub.add_parser("followup", help="回访 / follow-up visits")
    fsub = f.add_subparsers(dest="followup_command", metavar="ACTION")
    p = fsub.add_parser("add", help="记录回访 / record a visit")
    p.add_argument("case", metavar="CASE")
    p.add_argument("--on", help="回访日期（默认今天）/ date (default today)")
    p.add_argument("--method", choices=["电话", "上门", "约谈"], default="电话", help="回访方式 / method")
    p.add_argument("--reason", default="协议履行情况回访", help="回访事由 / reason")
    p.add_argument("--not-performed", action="store_true", help="协议未履行 / agreement not performed")
    p.add_argument("--satisfaction", choices=["满意", "基本满意", "不满意"], default="满意", help="满意度")
    p.add_argument("--lawsuit", action="store_true", help="已起诉 / a lawsuit was filed")
    p.add_argument("--signs", default="", help="激化迹象 / signs of escalation")
    p.add_argument("--measures", default="", help="采取措施 / measures taken")
    p.add_argument("--visitor", help="回访人（默认当前用户姓名）/ visitor (default: you)")
    p.set_defaults(handler=cmd_followup)
    p = fsub.add_parser("due", help="待回访 / visits due")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_followups_due)
    c = sub.add_parser("confirmation", help="司法确认 / judicial confirmation")
    csub = c.add_subparsers(dest="confirmation_command", metavar="ACTION")
    p = csub.add_parser("apply", help="登记共同申请司法确认 / record the joint application")
    p.add_argument("case", metavar="CASE")
    p.add_argument("--court", required=True, help="人民法院 / court")
    p.add_argument("--on", help="申请日期（默认今天）/ date (default today)")
    p.set_defaults(handler=cmd_confirm)


# ---- handlers ------------------------------------------------------------------------------------

def _user(ref: str | None, ctx: CliContext) -> UserRecord:
    from zhongxin_desktop.services import users

    actor = ctx.actor(required=False)
    user = users.find_user(actor, ref or actor.username)
    if user is None:
        raise UsageError(f"没有用户“{ref}” / no such user")
    return user


def cmd_add_session(ctx: CliContext) -> int:
    from zhongxin_desktop.services.casework import cases
    from zhongxin_desktop.services.settlement import mediation

    a = ctx.args
    actor = ctx.actor()
    data = mediation.SessionInput(
        held_at=_datetime(a.at) if a.at else dt.datetime.now().replace(second=0, microsecond=0),
        place=a.place, matter=a.matter, host_id=_user(a.host, ctx).id,
        recorder_id=_user(a.recorder, ctx).id if a.recorder else None, other_mediators=a.other_mediators,
        participants=a.participants, rights_notified=not a.rights_not_notified, statements=a.statements,
        facts_verified=a.facts, result=a.result, result_reason=a.reason)
    s = mediation.add_session(actor, a.case, data)
    ctx.say(f"已记录调解（{mediation.RESULT_LABELS[s.result]}）：{cases.get_case(actor, s.case_id).case_no}")
    return 0


def cmd_list_sessions(ctx: CliContext) -> int:
    from zhongxin_desktop.services.settlement import mediation

    rows = mediation.session_rows(ctx.actor(required=False), ctx.args.case)
    ctx.emit_rows(rows, lambda r: f"{r['held_at']}\t{r['place']}\t{r['matter']}\t{r['host']}\t{r['result']}")
    return 0


def _content(ctx: CliContext, base: AgreementInput | None = None) -> AgreementInput:
    """AgreementInput from --json-file and the flags; unspecified fields keep ``base``'s values."""
    from zhongxin_desktop.services.settlement.agreements import AgreementInput

    a = ctx.args
    data = base or AgreementInput(mediator_name=_user(None, ctx).display_name)
    if a.json_file:
        try:
            obj = json.loads(Path(a.json_file).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise UsageError(f"无法读取 {a.json_file}：{exc}") from None
        for key, value in obj.items():
            if key in ("mediator", "recorder"):  # the names the agreement prints them under
                setattr(data, f"{key}_name", _user(value, ctx).display_name if value else "")
                continue
            if not hasattr(data, key):
                raise UsageError(f"{a.json_file} 中有未知字段“{key}”")
            setattr(data, key, _date(value) if key == "perform_by" and value else value)
    for attr in ("kind", "facts", "performance", "perform_place", "amount", "copies"):
        if getattr(a, attr) is not None:
            setattr(data, attr, getattr(a, attr))
    if a.clause:
        data.clauses = a.clause
    if a.perform_by:
        data.perform_by = _date(a.perform_by)
    if a.mediator:
        data.mediator_name = _user(a.mediator, ctx).display_name
    if a.recorder:
        data.recorder_name = _user(a.recorder, ctx).display_name
    return data


def _current(ctx: CliContext, case_ref: str) -> AgreementRecord:
    from zhongxin_desktop.domain.errors import NotFound
    from zhongxin_desktop.services.settlement import agreements

    a = agreements.current_for(ctx.actor(), case_ref)
    if a is None:
        raise NotFound(f"案件“{case_ref}”还没有协议，请先“zhongxin agreement create”")
    return a


def _report(ctx: CliContext, a: AgreementRecord, verb: str) -> int:
    from zhongxin_desktop.services.settlement import agreements

    ctx.say(f"{verb}：{a.number}（第{a.version}版，{agreements.STATUS_LABELS[a.status]}）")
    return 0


def cmd_create(ctx: CliContext) -> int:
    from zhongxin_desktop.services.settlement import agreements

    from zhongxin_desktop.services.casework import cases

    actor = ctx.actor()
    data = _content(ctx)
    if not (data.facts or "").strip():  # 纠纷主要事实 as registered, unless the mediator wrote them anew
        data.facts = cases.get_case(actor, ctx.args.case).facts
    return _report(ctx, agreements.create(actor, ctx.args.case, data), "已制作协议草稿")


def cmd_edit(ctx: CliContext) -> int:
    from zhongxin_desktop.services.settlement import agreements

    actor = ctx.actor()
    a = _current(ctx, ctx.args.case)
    return _report(ctx, agreements.update(actor, a.id, _content(ctx, agreements.input_of(a))), "已修改")


def cmd_show(ctx: CliContext) -> int:
    from zhongxin_desktop.services.settlement import agreements

    rows = agreements.version_rows(ctx.actor(required=False), ctx.args.case)
    ctx.emit_rows(rows, lambda r: f"第{r['version']}版\t{r['number']}\t{r['kind_label']}\t{r['status_label']}\t"
                                  f"生效 {r['signed_on'] or '—'}")
    return 0


def cmd_sign(ctx: CliContext) -> int:
    from zhongxin_desktop.services.settlement import agreements

    actor = ctx.actor()
    on = _date(ctx.args.on) if ctx.args.on else None
    return _report(ctx, agreements.sign(actor, _current(ctx, ctx.args.case).id, on), "已登记签署生效")


def cmd_attach(ctx: CliContext) -> int:
    from zhongxin_desktop.services.casework import attachments

    actor = ctx.actor()
    a = _current(ctx, ctx.args.case)
    att = attachments.attach(actor, ctx.args.case, ctx.args.file, agreement_id=a.id, kind="scan")
    ctx.say(f"已附加扫描件 {att.filename}（SHA-256 {att.sha256[:16]}…）到 {a.number}")
    return 0


def cmd_freeze(ctx: CliContext) -> int:
    from zhongxin_desktop.services.settlement import agreements

    actor = ctx.actor()
    return _report(ctx, agreements.freeze(actor, _current(ctx, ctx.args.case).id), "已锁定")


def cmd_correct(ctx: CliContext) -> int:
    from zhongxin_desktop.services.settlement import agreements

    actor = ctx.actor()
    old = _current(ctx, ctx.args.case)
    new = agreements.correct(actor, old.id, ctx.args.reason, _content(ctx, agreements.input_of(old)))
    return _report(ctx, new, "已生成更正版本")


def cmd_followup(ctx: CliContext) -> int:
    from zhongxin_desktop.services.casework import cases
    from zhongxin_desktop.services.settlement import followups

    a = ctx.args
    actor = ctx.actor()
    f = followups.record(actor, a.case, followups.FollowUpInput(
        visited_on=_date(a.on) if a.on else dt.date.today(), method=a.method, reason=a.reason,
        performed=not a.not_performed, satisfaction=a.satisfaction, lawsuit=a.lawsuit, escalation_signs=a.signs,
        measures=a.measures, visitor=a.visitor or actor.display_name))
    ctx.say(f"已记录回访：{cases.get_case(actor, f.case_id).case_no}")
    return 0


def cmd_followups_due(ctx: CliContext) -> int:
    from zhongxin_desktop.services.settlement import followups

    actor = ctx.actor(required=False)
    rows = [{"case_no": c.case_no, "agreement": a.number, "signed_on": a.signed_on, "due_on": due}
            for c, a, due in followups.due(actor)]
    ctx.emit_rows(rows, lambda r: f"{r['case_no']}\t{r['agreement']}\t生效 {r['signed_on']}\t应回访 {r['due_on']}")
    return 0


def cmd_confirm(ctx: CliContext) -> int:
    from zhongxin_desktop.services.settlement import followups

    actor = ctx.actor()
    a = _current(ctx, ctx.args.case)
    jc = followups.record_confirmation(actor, a.id, _date(ctx.args.on) if ctx.args.on else dt.date.today(),
                                       ctx.args.court)
    ctx.say(f"已登记司法确认申请：{jc.court}")
    return 0
