"""The documents a case can print, by their command-line KIND. Kept apart from the PDF code so
that `zhongxin --help` does not load reportlab."""
from __future__ import annotations

KINDS: dict[str, str] = {
    "registration": "人民调解受理登记表",
    "notice": "当事人权利义务告知书",
    "record": "人民调解记录",
    "agreement": "人民调解协议书",
    "oral-agreement": "口头协议登记表",
    "followup": "回访记录",
    "confirmation": "司法确认申请书",
    "dossier": "卷宗",
}
