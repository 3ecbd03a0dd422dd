"""The everyday forms: 受理登记表, 当事人权利义务告知书, 调解记录, 回访记录, 司法确认申请书."""
from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak

from zhongxin_desktop.documents.casedata import CaseDoc
from zhongxin_desktop.documents import parties
from zhongxin_desktop.documents.textblock import TextBlock
from zhongxin_desktop.documents.layout import BODY_W, Doc, SealPlaceholder, gap, keep
from zhongxin_desktop.domain.dates import cn_date, cn_datetime
from zhongxin_desktop.domain.errors import DomainError
from zhongxin_desktop.domain.workflow import Status
from zhongxin_desktop.services.settlement import agreements, mediation

W = BODY_W


def registration(cd: CaseDoc, doc: Doc) -> list[Flowable]:
    """Short fields two to a row, then one row per party and per long field: no cell spans rows
    or columns, so every row can grow and split across pages."""
    c = cd.case
    label_w = 24 * mm
    half = (W - 2 * label_w) / 2
    head = doc.grid([["编号", (cd.case_no, "案件编号"), "登记日期", (cn_date(c.registered_on), "登记日期")],
                     ["来源", (c.source + (f"（{c.source_detail}）" if c.source_detail else ""), "来源"),
                      "纠纷类型", (c.category, "纠纷类型")]], [label_w, half, label_w, half], label_cols=(0, 2))
    rows: list[list[object]] = []
    for n, p in enumerate(cd.parties, start=1):
        rows.append([p["role"], TextBlock(parties.describe(doc, p, f"第{n}个当事人"), doc.cell)])
    acceptance = (("予以受理，" + cn_date(c.accepted_on)) if c.accepted_on else
                  (f"不予受理：{c.rejection_reason}" + (f"；{c.guided_to}" if c.guided_to else ""))
                  if c.status == Status.REJECTED.value else "")
    rows += [["纠纷简要情况", (c.facts, "纠纷简要情况")], ["申请事项", (c.claims, "申请事项")],
             ["涉及人数", (f"{c.persons_involved}人", "涉及人数")], ["涉及金额", (f"{c.amount:.2f}元", "涉及金额")],
             ["风险等级", (c.risk_level + ("　群体性纠纷" if c.is_group else ""), "风险等级")],
             ["受理意见", (acceptance, "受理意见")]]
    facts_row = len(cd.parties)
    body = doc.grid(rows, [label_w, W - label_w], min_heights={facts_row: 30 * mm})
    registrar = doc.grid([["登记人", (cd.registrar, "登记人")]], [label_w, W - label_w])
    seal = _seal(doc, cd.committee, cn_date(c.registered_on) if c.registered_on else BLANK_DATE)
    lines = [*parties.sign_lines(doc, cd.parties, W - seal.width, 11 * mm),
             doc.sign_line("登记人（签名）：", (W - seal.width) * 0.6, 11 * mm)]
    # the seal beside the signatures, not under them: the common case stays on one page
    side = doc.table([[lines, seal]], [W - seal.width, seal.width],
                     [("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                      ("RIGHTPADDING", (0, 0), (-1, -1), 0)])
    signs = [gap(2), doc.raw("以上登记内容经当事人核对无误。", doc.left), side]
    return [doc.title("人民调解受理登记表"), doc.p(cd.committee, "调解委员会名称", doc.center), gap(3), head, body,
            keep(registrar, *signs)]


BLANK_DATE = "　　　　年　　月　　日"


def _seal(doc: Doc, committee: str, day: str) -> SealPlaceholder:
    doc.fonts.check(committee, "调解委员会名称")
    seal = SealPlaceholder(doc, committee, day)
    seal.hAlign = "RIGHT"
    return seal


RIGHTS = [
    "根据《中华人民共和国人民调解法》的规定，人民调解委员会是依法设立的调解民间纠纷的群众性组织，"
    "依据法律、法规和国家政策，遵循自愿、平等、不违背法律法规和国家政策、尊重当事人权利的原则调解民间纠纷。"
    "人民调解委员会调解民间纠纷，不收取任何费用。现将当事人在调解活动中的权利和义务告知如下：",
    "一、当事人在人民调解活动中享有下列权利：",
    "（一）选择或者接受人民调解员；",
    "（二）接受调解、拒绝调解或者要求终止调解；",
    "（三）要求调解公开进行或者不公开进行；",
    "（四）自主表达意愿、自愿达成调解协议。",
    "二、当事人在人民调解活动中履行下列义务：",
    "（一）如实陈述纠纷事实；",
    "（二）遵守调解现场秩序，尊重人民调解员；",
    "（三）尊重对方当事人行使权利。",
    "三、经人民调解委员会调解达成的调解协议，具有法律约束力，当事人应当按照约定履行。",
    "四、经人民调解委员会调解达成调解协议后，双方当事人认为有必要的，可以自调解协议生效之日起三十日内"
    "共同向人民法院申请司法确认。",
    "五、调解不成的，人民调解员将告知当事人可以依法通过仲裁、行政、司法等途径维护自己的权利。",
]


def notice(cd: CaseDoc, doc: Doc) -> list[Flowable]:
    out = [doc.title("人民调解当事人权利义务告知书"), doc.p(f"案件编号：{cd.case_no}", "案件编号", doc.subtitle_style),
           gap(2), doc.raw("当事人：", doc.left), parties.names_markup(doc, cd.parties), gap(2)]
    out += [doc.raw(line, doc.indent if i == 0 else doc.body) for i, line in enumerate(RIGHTS)]
    out += [gap(4), doc.raw("以上内容，本人已阅读（已听人民调解员宣读）并知悉。")]
    out.append(keep(*parties.sign_lines(doc, cd.parties), gap(4), doc.p(f"{cd.committee}", "调解委员会名称", doc.right),
                    doc.raw(BLANK_DATE, doc.right)))
    return out


def _labelled(prefix: str, items: list[tuple[str, object] | tuple[str, object, str]]) -> list[list[object]]:
    """Grid rows [label, (value, field)]: the field (named in a rare-character refusal) is the
    label under the prefix, e.g. 第2次调解·地点, unless a third item names it otherwise."""
    return [[item[0], (item[1], f"{prefix}·{item[2] if len(item) > 2 else item[0]}")] for item in items]


def record(cd: CaseDoc, doc: Doc) -> list[Flowable]:
    if not cd.sessions:
        raise DomainError(f"案件“{cd.case_no}”还没有调解记录，请先记录调解（zhongxin mediation add-session）。")
    out: list[Flowable] = []
    widths = [26 * mm, W - 26 * mm]
    user = cd.user_name
    for i, s in enumerate(cd.sessions, start=1):
        f = f"第{i}次调解"
        rows = _labelled(f, [
            ("时间", cn_datetime(s.held_at)), ("地点", s.place), ("事由", s.matter),
            ("主持调解员", user(s.host_id)), ("其他调解员", s.other_mediators),
            ("记录人", user(s.recorder_id)),
            ("当事人", "、".join(f"{p['name']}（{p['role']}）" for p in cd.parties), "当事人"),
            ("参加人", s.participants),
            ("权利义务告知", "已告知当事人在调解中的权利和义务" if s.rights_notified else "未告知", "告知"),
            ("当事人陈述", s.statements), ("查明事实", s.facts_verified),
            ("调解结果", mediation.RESULT_LABELS.get(s.result, s.result)
             + (f"（{s.result_reason}）" if s.result_reason else ""))])
        if i > 1:
            out.append(PageBreak())
        out += [doc.title("人民调解记录"),
                doc.p(f"案件编号：{cd.case_no}　第{i}次", "案件编号", doc.subtitle_style), gap(2),
                doc.grid(rows[:-1], widths, min_heights={9: 40 * mm, 10: 25 * mm})]
        signs = [*parties.sign_lines(doc, cd.parties, height=12 * mm), doc.sign_line("人民调解员（签名）：", W / 2, 12 * mm),
                 doc.sign_line("记录人（签名）：", W / 2, 12 * mm)]
        # the last row goes with the signatures: they never stand alone on a page
        out.append(keep(doc.grid(rows[-1:], widths), gap(2), *signs))
    return out


def followup(cd: CaseDoc, doc: Doc) -> list[Flowable]:
    if not cd.followups:
        raise DomainError(f"案件“{cd.case_no}”还没有回访记录，请先记录回访。")
    out: list[Flowable] = []
    widths = [30 * mm, W - 30 * mm]
    for i, fu in enumerate(cd.followups, start=1):
        f = f"第{i}次回访"
        agreement = cd.agreement(fu.agreement_id)
        number = agreement.number if agreement else ""
        situation = (f"协议履行情况：{'已履行' if fu.performed else '未履行'}；满意度：{fu.satisfaction}；"
                     f"是否起诉：{'是' if fu.lawsuit else '否'}；激化迹象：{fu.escalation_signs or '无'}；"
                     f"采取措施：{fu.measures or '无'}" + (f"；{fu.notes}" if fu.notes else ""))
        rows = _labelled(f, [("当事人", "、".join(cd.party_names())), ("协议编号", number), ("回访事由", fu.reason),
                             ("回访时间", cn_date(fu.visited_on)), ("回访方式", fu.method), ("回访情况", situation),
                             ("回访人", fu.visitor)])
        if i > 1:
            out.append(PageBreak())
        out += [doc.title("人民调解回访记录"), doc.p(f"案件编号：{cd.case_no}", "案件编号", doc.subtitle_style), gap(2),
                doc.grid(rows[:-1], widths, min_heights={5: 50 * mm}),
                keep(doc.grid(rows[-1:], widths), gap(3), doc.sign_line("回访人（签名）：", W / 2),
                     doc.sign_line("被回访人（签名）：", W / 2))]
    return out


def confirmation(cd: CaseDoc, doc: Doc) -> list[Flowable]:
    a = cd.in_force("written")
    if a is None or not a.signed_on:
        raise DomainError(f"案件“{cd.case_no}”没有已签署生效的书面协议，不能制作司法确认申请书。")
    jc = next((j for j in reversed(cd.confirmations) if j.agreement_id == a.id), None)
    court = jc.court if jc else ""
    out: list[Flowable] = [doc.title("司法确认申请书"), gap(2)]
    for n, p in enumerate(cd.parties, start=1):
        who = f"第{n}个申请人"
        out.append(TextBlock(parties.describe(doc, p, who, lead="申请人") + "<br/>" + doc.m("送达地址：", "文书固定文字")
                             + doc.m(p.get("address", ""), f"{who}·送达地址"), doc.body))
        out.append(gap(1))
    names = "、".join(cd.party_names())
    clauses = "；".join(c.rstrip("；;。 ") for c in agreements.clauses_of(a)) + "。"
    out += [gap(3), doc.raw("请求事项："),
            doc.p(f"请求人民法院确认申请人{names}于{cn_date(a.signed_on)}经{cd.committee}主持调解达成的"
                  f"调解协议（编号：{a.number}）有效。", "请求事项", doc.indent),
            doc.raw("事实和理由："),
            doc.p(f"申请人之间因{cd.case.category}纠纷，于{cn_date(a.signed_on)}经{cd.committee}主持调解，"
                  f"自愿达成调解协议。协议内容为：{clauses}", "事实和理由", doc.indent),
            doc.raw("申请人出于解决纠纷的目的自愿达成协议，没有恶意串通、规避法律的行为；如果因为该协议内容而给他人"
                    "造成损害的，愿意承担相应的民事责任和其他法律责任。申请人自调解协议生效之日起三十日内共同提出申请。",
                    doc.indent), gap(3),
            doc.p(f"此致\n{court or '　　　　　　　　'}人民法院" if not court.endswith("法院") and not court.endswith("法庭")
                  else f"此致\n{court}", "人民法院"),
            gap(3), doc.raw("附：" + "；".join(f"{i}．{item}" for i, item in enumerate(_enclosures(cd), start=1)) + "。",
                            doc.small)]
    day = cn_date(jc.applied_on) if jc else BLANK_DATE
    out.append(keep(gap(4), *parties.sign_lines(doc, cd.parties), gap(3), doc.p(day, "申请日期", doc.right)))
    return out


def _enclosures(cd: CaseDoc) -> list[str]:
    """What goes with the application: the agreement, each applicant's identity, and where they
    apply (a legal person, an agent, or such a paper filed with the case) a 资格证明 and a
    授权委托书; papers filed with the case are counted."""
    filed: dict[str, int] = {}
    for att in cd.attachments:
        filed[att.kind] = filed.get(att.kind, 0) + 1

    def counted(text: str, kind: str) -> str:
        return f"{text}（已附{filed[kind]}份）" if filed.get(kind) else text

    items = ["人民调解协议书", counted("申请人身份证明", "id_proof")]
    if any(parties.is_legal(p) for p in cd.parties) or filed.get("qualification"):
        items.append(counted("法定代表人（负责人）身份证明及资格证明（营业执照或登记证书复印件）", "qualification"))
    if any(p.get("agent_name") for p in cd.parties) or filed.get("authorization"):
        items.append(counted("授权委托书及委托代理人身份证明", "authorization"))
    items.append(counted("与争议有关的证明材料", "evidence"))
    return items


def today_cn() -> str:
    return cn_date(dt.date.today())
