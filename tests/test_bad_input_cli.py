"""`zhongxin cases add --json` in a real subprocess with the bad input a script or a pasted file
brings: each is refused with the record and field named, exit 1, nothing written — and the
township's ledger export still works afterwards."""
import json

import pytest
from conftest import PASSWORD
from helpers import run_cli

from zhongxin_desktop.store.models import Case

GOOD = {"category": "邻里", "source": "来访", "facts": "因排水沟发生争执",
        "parties": [{"name": "张三", "phone": "13812345678"}, {"name": "李四", "role": "被申请人"}]}


def add(data_dir, tmp_path, document, *flags, raw: str | None = None):
    f = tmp_path / "cases.json"
    f.write_text(raw if raw is not None else json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return run_cli("cases", "add", "--json", str(f), *flags, data=data_dir, user="admin", password=PASSWORD)


def party(**kw):
    return dict(GOOD, parties=[{**GOOD["parties"][0], **kw}, GOOD["parties"][1]])


BAD = [
    ("NUL in a name", party(name="张\u0000三"), "第2条记录·第1个当事人·姓名/名称：含有控制字符 NUL"),
    ("ESC in the facts", dict(GOOD, facts="经过\u001b[2J"), "第2条记录·纠纷简要情况：含有控制字符 ESC"),
    ("C1 control in an address", party(address="石桥村\u0085"), "第2条记录·第1个当事人·单位或住址：含有控制字符 U+0085"),
    ("line break in a name", party(name="张三\n李四"), "姓名/名称：含有控制字符 换行"),
    ("2,000,000 characters of facts", dict(GOOD, facts="噪" * 2_000_000), "纠纷简要情况：太长：2000000个字"),
    ("a list as a name", party(name=["张三"]), "姓名/名称：应为文字，现为列表"),
    ("an object as a party name", party(name={"姓": "张"}), "姓名/名称：应为文字，现为对象"),
    ("an integer as a date", dict(GOOD, registered_on=20261101), "登记日期：“20261101”不是日期"),
    ("an integer as a birth date", party(birth_date=19800101), "出生日期：“19800101”不是日期"),
    ("a phone as a number", party(phone=13812345678), "联系电话：应为文字，现为数字 13812345678"),
    ("three decimals", dict(GOOD, amount=1200.505), "涉及金额：“1200.505”超过两位小数"),
    ("an amount as a list", dict(GOOD, amount=[1200]), "涉及金额：应为数字"),
    ("a count as text", dict(GOOD, persons_involved="3"), "涉及人数：应为整数"),
    ("facts of full-width spaces", dict(GOOD, facts="\u3000\u3000 "), "纠纷简要情况：不能为空"),
    ("a village as a number", dict(GOOD, village=12), "村（社区）：应为名称或编号文字"),
]


@pytest.mark.parametrize("what, record, message", BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_refused_naming_record_and_field(what, record, message, township, data_dir, tmp_path):
    r = add(data_dir, tmp_path, [GOOD, record])
    assert r.returncode == 1, (what, r.stderr)
    assert message in r.stderr, (what, r.stderr)
    assert "Traceback" not in r.stderr and "\x1b" not in r.stderr + r.stdout and "\x00" not in r.stderr
    assert r.stdout == ""
    assert Case.select().count() == 0


def test_a_lone_surrogate_is_refused_without_a_traceback(township, data_dir, tmp_path):
    # JSON can spell a lone UTF-16 surrogate (\ud800); Python reads it into a str no encoder accepts.
    raw = json.dumps([GOOD]).replace('"\\u5f20\\u4e09"', '"\\u5f20\\ud800"')
    assert "\\ud800" in raw
    r = add(data_dir, tmp_path, None, raw=raw)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "第1条记录·第1个当事人·姓名/名称：含有无法保存的残缺字符" in r.stderr
    assert Case.select().count() == 0


def test_duplicates_are_refused_unless_allowed(township, data_dir, tmp_path):
    r = add(data_dir, tmp_path, [GOOD, GOOD])
    assert r.returncode == 1 and "第2条记录·案件：与第1条记录完全相同" in r.stderr and "--allow-duplicate" in r.stderr
    assert Case.select().count() == 0
    r = add(data_dir, tmp_path, [GOOD])
    assert r.returncode == 0, r.stderr
    again = dict(GOOD, facts="又因排水沟发生争执")
    r = add(data_dir, tmp_path, [again])
    assert r.returncode == 1 and "可能与已登记的案件重复" in r.stderr and "姓名和电话相同" in r.stderr
    assert Case.select().count() == 1
    r = add(data_dir, tmp_path, [again], "--allow-duplicate")
    assert r.returncode == 0, r.stderr
    assert Case.select().count() == 2


def test_doubtful_values_are_questioned_and_confirmed(township, data_dir, tmp_path):
    old = dict(GOOD, registered_on="1948-06-01")
    r = add(data_dir, tmp_path, [old])
    assert r.returncode == 1 and "登记日期：1948-06-01早于1949年10月1日，请核对年份（核对无误请加 --confirm）" in r.stderr
    assert Case.select().count() == 0
    r = add(data_dir, tmp_path, [old], "--confirm")
    assert r.returncode == 0, r.stderr
    assert Case.get().registered_on.year == 1948


def test_the_ledger_export_works_after_refusals(township, data_dir, tmp_path):
    for _, record, _ in BAD[:3]:
        assert add(data_dir, tmp_path, [record]).returncode == 1
    assert add(data_dir, tmp_path, [dict(GOOD, facts="经过：\t第一段\r\n第二段")]).returncode == 0
    out = tmp_path / "台账.xlsx"
    r = run_cli("report", "ledger", "--out", str(out), data=data_dir, user="admin", password=PASSWORD)
    assert r.returncode == 0, r.stderr
    import openpyxl

    cells = [c for row in openpyxl.load_workbook(out).active.iter_rows(values_only=True) for c in row if c]
    assert any("第二段" in str(c) for c in cells)
