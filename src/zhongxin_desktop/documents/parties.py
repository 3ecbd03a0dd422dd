"""How a party is described and where it signs, the same in every form: a natural person by
name, sex, birth date, ethnicity, ID number, address; a legal person (法人/非法人组织) by 名称,
统一社会信用代码, 住所 and its 法定代表人/负责人 — never with a person's 民族/年龄 placeholders."""
from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Flowable


from zhongxin_desktop.documents.casedata import PartyFields
from zhongxin_desktop.documents.textblock import TextBlock
from zhongxin_desktop.documents.layout import BODY_W, Doc
from zhongxin_desktop.domain.dates import cn_date

SEP = "　"


def is_legal(party: PartyFields) -> bool:
    return party.get("kind") == "legal"


def birth_text(party: PartyFields) -> str:
    """出生日期 as the court's 样式 prints it (an age drifts between documents days apart)."""
    value = party.get("birth_date") or ""
    if value:
        return cn_date(dt.date.fromisoformat(str(value)[:10]))
    return f"{party['age']}岁" if party.get("age") else ""


def _pairs(party: PartyFields) -> list[list[tuple[str, str]]]:
    """Lines of (label, value); empty values are left out rather than printed as blanks."""
    if is_legal(party):
        rep_title = party.get("legal_rep_title") or ""
        lines = [[("名称", party.get("name", ""))], [("统一社会信用代码", party.get("credit_code", ""))],
                 [("住所", party.get("address", ""))],
                 [("法定代表人（负责人）", party.get("legal_rep", "")), ("职务", rep_title),
                  ("联系电话", party.get("phone", "") or party.get("contact", ""))]]
    else:
        lines = [[("姓名", party.get("name", "")), ("性别", party.get("sex", "")), ("出生日期", birth_text(party)),
                  ("民族", party.get("ethnicity", ""))],
                 [("职业", party.get("occupation", "")), ("身份证号", party.get("id_number", "")),
                  ("联系电话", party.get("phone", ""))],
                 [("住址", party.get("address", ""))]]
    if party.get("agent_name"):
        lines.append([(party.get("agent_kind") or "委托代理人", party["agent_name"]),
                      ("联系电话", party.get("agent_phone", ""))])
    return [[(k, v) for k, v in line if str(v or "").strip()] for line in lines]


def describe(doc: Doc, party: PartyFields, who: str, lead: str | None = None) -> str:
    """Markup of one party's particulars, one line per group, each field named in a refusal.
    ``lead``: the role printed in place of the first label ("申请人：王䶮　性别：男…")."""
    out = []
    lines = [[(label, value, label) for label, value in line] for line in _pairs(party)]
    if lead and lines and lines[0] and lines[0][0][0] in ("姓名", "名称"):
        lines[0][0] = (lead, lines[0][0][1], lines[0][0][0])  # shown under the role, named as the field
    for line in lines:
        if line:
            out.append(SEP.join(
                f"{doc.m(shown, '文书固定文字')}：" + (doc.name(value, f"{who}·{label}")
                                                    if label in NAMES or len(str(value)) <= SHORT
                                                    else doc.m(value, f"{who}·{label}"))
                for shown, value, label in line))
    return "<br/>".join(out)


SHORT = 20  # a value this short (民族, 出生日期, 电话) is never split across lines either
NAMES = {"姓名", "名称", "法定代表人（负责人）", "委托代理人", "法定代理人"}


def sign_lines(doc: Doc, parties: list[PartyFields], width: float = BODY_W * 0.8,
               height: float | None = None) -> list[Flowable]:
    """Each party signs on a line that carries its name: "申请人 王䶮（签名或按指印）：____"; a legal
    person seals, and its 法定代表人/委托代理人 signs beneath."""
    height = height or 13 * mm
    out: list[Flowable] = []
    for n, p in enumerate(parties, start=1):
        legal = is_legal(p)
        tail = "（盖章）：" if legal else "（签名或按指印）："
        label = f"{p['role']} {p['name']}{tail}"
        markup = (doc.m(p["role"], f"第{n}个当事人·身份") + " " + doc.name(p["name"], f"第{n}个当事人·姓名")
                  + doc.m(tail, "文书固定文字"))
        out.append(doc.sign_line(label, width, height, markup=markup))
        if legal:
            out.append(doc.sign_line("法定代表人（负责人）或委托代理人（签名）：", width, 11 * mm))
    return out


def names_markup(doc: Doc, parties: list[PartyFields]) -> TextBlock:
    return TextBlock("、".join(doc.name(p["name"], "当事人姓名") + doc.m(f"（{p['role']}）", "当事人身份")
                               for p in parties), doc.body)
