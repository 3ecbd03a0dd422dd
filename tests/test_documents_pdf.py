"""Every printed document read back: fields landed, fonts embedded, QR decodes, long text flows."""
import datetime as dt
import json

import pytest

from docs_flow import add_session, agreement_input, two_party_case
from pdfcheck import assert_all_fonts_embedded, assert_fields_landed, decode_qr, page_count, text_of
from zhongxin_desktop.documents import printing
from zhongxin_desktop.domain.dates import cn_date
from zhongxin_desktop.services.settlement import agreements, followups
from zhongxin_desktop.services.casework import attachments, case_query, cases

PNG_1x1 = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c49444154"
                        "08d763f8ffff3f0005fe02fea7d6a4bb0000000049454e44ae426082")


@pytest.fixture
def full_case(township, tmp_path):
    """A case taken all the way: session, signed frozen agreement, follow-up, judicial application."""
    no = two_party_case(township)
    add_session(township, no)
    a = agreements.create(township, no, agreement_input())
    printing.print_document(township, "agreement", no, signing=True)
    agreements.sign(township, a.id)
    scan = tmp_path / "signed.png"
    scan.write_bytes(PNG_1x1)
    attachments.attach(township, no, scan, agreement_id=a.id)
    agreements.freeze(township, a.id)
    followups.record(township, no, followups.FollowUpInput(visited_on=dt.date.today(), method="上门",
                                                          measures="督促履行", visitor="管理员"))
    followups.record_confirmation(township, a.id, dt.date.today(), "测试人民法庭")
    return no


def _party_values():
    return ["张三", "李四", "34052419800101001X", "11010519491231002X", "13812345678", "测试镇青山村3组12号"]


def test_agreement_has_every_field_in_order(township, full_case, tmp_path):
    out = tmp_path / "agreement.pdf"
    printing.print_document(township, "agreement", full_case, out)
    text = text_of(out)
    a = agreements._current(cases._get_case(full_case))
    assert_fields_landed(text, ["人民调解协议书", f"编号：{a.number}", *_party_values(), "男", "汉族",
                                "出生日期：1980年1月1日", "农民", "纠纷主要事实、争议事项", a.facts,
                                "经调解，自愿达成如下协议", *[c for c in agreements.clauses_of(a)],
                                "履行的方式、地点、期限", a.performance,
                                "人民调解员签名并加盖人民调解委员会印章之日起生效",
                                "本协议一式三份，当事人、人民调解委员会各持一份。", "（以下无正文）",
                                "申请人 张三（签名或按指印）：", "被申请人 李四（签名或按指印）：", "人民调解员（签名）",
                                "记录人（签名）", "测试镇人民调解委员会", cn_date(a.signed_on)])
    order = [text.find(s) for s in ("人民调解协议书", "纠纷主要事实", "经调解", "履行的方式", "之日起生效", "本协议一式",
                                    "以下无正文", "申请人 张三（签名", "人民调解员（签名）")]
    assert order == sorted(order) and -1 not in order
    assert_all_fonts_embedded(out)


@pytest.mark.parametrize("kind,expected", [
    ("registration", ["人民调解受理登记表", "来访", "邻里", "恢复原状并赔偿损失", "1200.00元", "登记日期"]),
    ("notice", ["人民调解当事人权利义务告知书", "选择或者接受人民调解员", "如实陈述纠纷事实", "三十日内"]),
    ("record", ["人民调解记录", "综治中心调解室", "排水沟纠纷", "污水流入院坝", "排水沟走向属实", "达成协议",
                "已告知当事人在调解中的权利和义务"]),
    ("followup", ["人民调解回访记录", "协议履行情况回访", "上门", "督促履行", "已履行", "满意"]),
    ("confirmation", ["司法确认申请书", "请求事项", "测试人民法庭", "此致", "被申请人于十日内将排水沟改道"]),
])
def test_forms_read_back(township, full_case, tmp_path, kind, expected):
    out = tmp_path / f"{kind}.pdf"
    printing.print_document(township, kind, full_case, out)
    text = text_of(out)
    values = expected + ["张三", "李四"]
    if kind in ("registration", "confirmation"):
        values += ["34052419800101001X", "13812345678"]
    if kind == "confirmation":  # the application names the agreement, not the case
        values.append(agreements._current(cases._get_case(full_case)).number)
    elif kind != "notice":
        values.append(full_case)
    assert_fields_landed(text, values)
    assert_all_fonts_embedded(out)


def test_print_is_in_timeline_and_audit(township, full_case, tmp_path):
    printing.print_document(township, "notice", full_case, tmp_path / "n.pdf")
    events = [e for e in case_query._timeline(cases._get_case(full_case)) if e.action == "print"]
    assert any(json.loads(e.details)["kind"] == "notice" for e in events)
    from zhongxin_desktop.store.models import AuditEvent
    assert AuditEvent.select().where(AuditEvent.action == "print", AuditEvent.detail.contains("notice")).exists()


def test_dossier_cover_catalogue_all_documents_page_numbers(township, full_case, tmp_path):
    out = tmp_path / "dossier.pdf"
    printing.print_document(township, "dossier", full_case, out)
    text = text_of(out)
    assert_fields_landed(text, ["人民调解卷宗", "卷内目录", "人民调解受理登记表", "当事人权利义务告知书",
                                "当事人身份证明", "人民调解记录", "人民调解协议书", "回访记录", "司法确认申请书",
                                "备考表", "封底", "立卷单位", "保管期限", "30年", full_case])
    pages = page_count(out)
    assert pages >= 10
    # as archives do: cover, 卷内目录 and 封底 unnumbered, the first document is page 1
    numbered = pages - 3
    for n in range(1, numbered + 1):
        assert f"— {n} —" in text_of_page(out, n + 2)
    for unnumbered in (1, 2, pages):
        assert "—" not in text_of_page(out, unnumbered)
    # the catalogue (page 2) gives the pages of each document: check each against the page itself
    import re
    import subprocess
    layout = subprocess.run(["pdftotext", "-layout", "-f", "2", "-l", "2", str(out), "-"], capture_output=True,
                            text=True, check=True).stdout
    rows = re.findall(r"^\s*(\d+)\s+(\S+?)\s+(?:\d{4}年\d+月\d+日\s+)?(\d+)(?:-(\d+))?\s*$", layout, re.M)
    assert len(rows) >= 8, layout
    starts = [int(r[2]) for r in rows]
    assert starts == sorted(starts) and starts[0] == 1
    for _, title, start, _end in rows:
        page_text = text_of_page(out, int(start) + 2).replace(" ", "")
        assert title[:4].replace("（", "") in page_text or title[:2] in page_text, (title, start)
    assert_all_fonts_embedded(out)


def test_agreement_qr_decodes_to_the_verification_text(township, full_case, tmp_path):
    out = tmp_path / "agreement.pdf"
    printing.print_document(township, "agreement", full_case, out)
    a = agreements._current(cases._get_case(full_case))
    assert decode_qr(out, tmp_path) == [agreements.qr_text(a)]


def test_long_text_flows_and_signature_block_stays_whole(township, tmp_path):
    no = two_party_case(township)
    add_session(township, no)
    clauses = [f"第{i}项约定：" + "双方同意按照本条款履行相关义务，任何一方不得以任何理由拖延。" * 3 for i in range(1, 30)]
    agreements.create(township, no, agreement_input(facts="争议事实很长。" * 200, clauses=clauses))
    out = tmp_path / "long.pdf"
    printing.print_document(township, "agreement", no, out, signing=True)
    pages = page_count(out)
    assert pages >= 3
    texts = [text_of_page(out, n) for n in range(1, pages + 1)]
    # the whole signature block is on the last page, together with the closing sentence
    last = texts[-1]
    for s in ("本协议一式三份", "申请人 张三（签名或按指印）", "被申请人 李四（签名或按指印）", "人民调解员（签名）",
              "记录人（签名）"):
        assert s in last
        assert all(s not in t for t in texts[:-1])
    assert f"第 {pages} 页" in last and "第29项约定" in "".join(texts)


def text_of_page(path, n):
    import subprocess
    return subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_oral_agreement_prints_registration_form(township, tmp_path):
    no = two_party_case(township)
    add_session(township, no)
    agreements.create(township, no, agreement_input(kind="oral"))
    from zhongxin_desktop.domain.errors import DomainError

    with pytest.raises(DomainError, match="oral-agreement"):
        printing.print_document(township, "agreement", no, signing=True)
    out = tmp_path / "oral.pdf"
    printing.print_document(township, "oral-agreement", no, out, signing=True)
    assert_fields_landed(text_of(out), ["口头协议登记表", "自愿达成如下口头协议", "登记人（签名）", "张三"])
    assert_all_fonts_embedded(out)
