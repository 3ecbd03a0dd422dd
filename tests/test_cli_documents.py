"""From the command line: a two-party case is mediated, its agreement printed, signed, scanned in
and frozen, corrected into version 2, and its dossier printed, all on the command line."""
import json
import re

from conftest import PASSWORD
from docs_flow import two_party_case
from helpers import run_cli
from pdfcheck import assert_all_fonts_embedded, assert_fields_landed, decode_qr, text_of


def test_full_flow_headless(township, data_dir, tmp_path):
    case_no = two_party_case(township)  # registered and accepted (the cases area's commands)

    def cli(*args):
        r = run_cli(*args, data=data_dir, user="admin", password=PASSWORD)
        assert r.returncode == 0, (args, r.stderr)
        return r

    cli("mediation", "add-session", case_no, "--matter", "排水沟纠纷", "--statements", "申请人：污水流入院坝；被申请人：愿意改道",
        "--facts", "排水沟走向属实", "--participants", "张三、李四", "--result", "agreed")
    cli("agreement", "create", case_no, "--facts", "被申请人修建排水沟将污水引向申请人院坝。",
        "--clause", "被申请人于十日内将排水沟改道；", "--clause", "被申请人赔偿申请人人民币1200元。",
        "--performance", "十日内一次性现金支付", "--amount", "1200", "--recorder", "admin")
    agreement_pdf = tmp_path / "agreement.pdf"
    cli("print", "agreement", case_no, "--signing", "--out", str(agreement_pdf))
    text = text_of(agreement_pdf)
    assert_fields_landed(text, ["人民调解协议书", "张三", "李四", "被申请人于十日内将排水沟改道", "本协议一式三份"])
    assert_all_fonts_embedded(agreement_pdf)
    qr = decode_qr(agreement_pdf, tmp_path)
    assert len(qr) == 1

    cli("agreement", "sign", case_no)
    scan = tmp_path / "signed-scan.pdf"
    scan.write_bytes(agreement_pdf.read_bytes())  # stands in for the scanner's PDF
    cli("agreement", "attach-scan", case_no, str(scan))
    cli("agreement", "freeze", case_no)
    r = run_cli("agreement", "edit", case_no, "--amount", "9", data=data_dir, user="admin", password=PASSWORD)
    assert r.returncode == 1 and "不能再修改" in r.stderr

    r = run_cli("verify-agreement", qr[0], "--json", data=data_dir)
    assert r.returncode == 0 and json.loads(r.stdout)["outcome"] == "match"

    cli("agreement", "correct", case_no, "--reason", "赔偿金额笔误", "--amount", "1500",
        "--clause", "被申请人于十日内将排水沟改道；", "--clause", "被申请人赔偿申请人人民币1500元。")
    versions = json.loads(cli("agreement", "show", case_no, "--json").stdout)
    # v2 is only a draft: the signed v1 keeps its legal effect
    assert [(v["version"], v["status"]) for v in versions] == [(1, "frozen"), (2, "draft")]
    r = run_cli("verify-agreement", qr[0], data=data_dir)
    assert r.returncode == 0 and "更正正在制作中" in r.stdout
    application = tmp_path / "application.pdf"
    cli("print", "confirmation", case_no, "--out", str(application))  # the 30-day window is not blocked
    assert versions[0]["number"].replace(" ", "") in text_of(application).replace(" ", "").replace("\n", "")
    v1_pdf, v2_pdf = tmp_path / "v1.pdf", tmp_path / "v2.pdf"
    cli("print", "agreement", case_no, "--version", "1", "--out", str(v1_pdf))
    cli("print", "agreement", case_no, "--signing", "--out", str(v2_pdf))
    assert "人民币1200元" in text_of(v1_pdf).replace("\n", "")
    assert_fields_landed(text_of(v2_pdf), ["第2版", "赔偿金额笔误", "人民币1500元"])
    assert decode_qr(v2_pdf, tmp_path) != qr
    r = run_cli("verify-agreement", decode_qr(v2_pdf, tmp_path)[0], data=data_dir)
    assert r.returncode == 1 and "草稿" in r.stdout  # the signing copy's code is final only once signed

    cli("agreement", "sign", case_no)
    r = run_cli("verify-agreement", qr[0], data=data_dir)
    assert r.returncode == 1 and "已被第 2 版更正" in r.stdout
    reprint = tmp_path / "v1-again.pdf"
    cli("print", "agreement", case_no, "--version", "1", "--out", str(reprint))
    assert "本协议已被第2版更正" in text_of(reprint).replace("\n", "")
    cli("followup", "add", case_no, "--method", "上门", "--measures", "督促履行")
    dossier = tmp_path / "dossier.pdf"
    cli("print", "dossier", case_no, "--out", str(dossier))
    assert_fields_landed(text_of(dossier), ["人民调解卷宗", "卷内目录", "第1版，已被更正", "第2版", "回访记录",
                                            "签字协议扫描件"])
    assert_all_fonts_embedded(dossier)


def test_print_refusals_and_usage(township, data_dir, tmp_path):
    case_no = two_party_case(township)
    r = run_cli("print", "record", case_no, "--out", str(tmp_path / "r.pdf"), data=data_dir, user="admin",
                password=PASSWORD)
    assert r.returncode == 1 and "还没有调解记录" in r.stderr and not (tmp_path / "r.pdf").exists()
    assert run_cli("print", "poster", case_no, "--out", "x.pdf", data=data_dir).returncode == 2
    r = run_cli("print", "--help", data=data_dir)
    assert r.returncode == 0 and "文书种类" in r.stdout and "dossier" in r.stdout
    r = run_cli("print", "notice", case_no, "--out", str(tmp_path / "n.pdf"), data=data_dir)
    assert r.returncode == 1 and "登录" in r.stderr  # printing is audited: it needs a signed-in user
    r = run_cli("verify-agreement", "not a code", data=data_dir)
    assert r.returncode == 1 and "格式不符" in r.stdout


def test_one_number_everywhere_and_an_offline_check_with_the_center_key(township, data_dir, tmp_path):
    """The 编号 printed, the 编号 in the QR code and the one verify-agreement takes are the same
    (spaces optional); a court holding the center's public key checks the code without the
    township's database."""
    from docs_flow import add_session, agreement_input
    from zhongxin_desktop.services.settlement import agreements
    from zhongxin_desktop.services.casework import cases

    case_no = two_party_case(township)
    add_session(township, case_no)
    a = agreements.create(township, case_no, agreement_input())
    pdf = tmp_path / "a.pdf"
    r = run_cli("print", "agreement", case_no, "--signing", "--out", str(pdf), data=data_dir, user="admin",
                password=PASSWORD)
    assert r.returncode == 0, r.stderr
    agreements.sign(township, a.id)
    printed = text_of(pdf)
    assert f"编号：{a.number}" in printed
    code = decode_qr(pdf, tmp_path)[0]
    assert a.number.replace(" ", "") in code
    for typed in (a.number, a.number.replace(" ", "")):
        r = run_cli("verify-agreement", typed, "--json", data=data_dir)
        assert r.returncode == 0 and json.loads(r.stdout)["number"] == a.number, r.stdout
    key = tmp_path / "center.pub"
    r = run_cli("keys", "export", "--out", str(key), data=data_dir, user="admin", password=PASSWORD)
    assert r.returncode == 0, r.stderr
    from zhongxin_desktop.paths import DataDir

    elsewhere = DataDir(tmp_path / "court")  # no database at all
    r = run_cli("verify-agreement", code, "--key", str(key), data=elsewhere)
    assert r.returncode == 0 and "签名有效" in r.stdout and a.number.replace(" ", "") in r.stdout
    forged = code.replace("|v1|", "|v2|")
    r = run_cli("verify-agreement", forged, "--key", str(key), data=elsewhere)
    assert r.returncode == 1 and "签名不符" in r.stdout
    assert not list((tmp_path / "court").rglob("*.db*"))  # nothing of the township's was needed or made
    assert cases._get_case(case_no).case_no == case_no


def test_six_parties_from_registration_to_a_correction_draft(township, data_dir, tmp_path):
    """Three natural persons with rare-character names (one with an agent), a Uyghur name with ·,
    a company; 2,000 characters of facts and 12 long clauses: every form and the dossier print with
    no text over text or off the page, every party on a named line, v1 in force until v2 is signed."""
    from pdfcheck import body_text, ink_faults, layout_faults, squash
    from zhongxin_desktop.services.casework import cases

    def cli(*args):
        r = run_cli(*args, data=data_dir, user="admin", password=PASSWORD)
        assert r.returncode == 0, (args, r.stderr)
        return r

    facts = ("申请人王䶮、李𬌗、张𠀾诉称，被申请人青山建材有限公司堆放砂石阻塞排水沟，致使雨水倒灌院坝。" * 45)[:2000]
    parties = [
        {"name": "王䶮", "role": "申请人", "sex": "男", "birth_date": "1951-02-03", "address": "青山镇一组",
         "phone": "13812345678"},
        {"name": "李𬌗", "role": "申请人", "sex": "女", "birth_date": "1962-05-06", "address": "青山镇二组",
         "agent_name": "钱律师", "agent_kind": "委托代理人", "agent_phone": "13900001111"},
        {"name": "张𠀾", "role": "申请人", "sex": "男", "birth_date": "1973-08-09", "address": "青山镇三组"},
        {"name": "阿卜杜热合曼·艾买提", "role": "申请人", "sex": "男", "ethnicity": "维吾尔族", "address": "青山镇四组"},
        {"name": "赵大", "role": "被申请人", "sex": "男", "address": "青山镇五组"},
        {"name": "青山建材有限公司", "role": "被申请人", "kind": "legal", "legal_rep": "孙经理", "legal_rep_title": "总经理",
         "credit_code": "91350100M000100Y43", "address": "青山镇工业园1号", "ethnicity": ""}]
    spec = tmp_path / "case.json"
    spec.write_text(json.dumps([{"category": "邻里", "source": "来访", "facts": facts, "claims": "疏通排水沟并赔偿",
                                 "parties": parties}], ensure_ascii=False), encoding="utf-8")
    out = cli("cases", "add", "--json", str(spec)).stdout
    case_id = json.loads(out[out.index("["):out.rindex("]") + 1])[0]["id"]
    cli("cases", "accept", case_id)
    case_no = cases._get_case(case_id).case_no
    assert case_no
    cli("mediation", "add-session", case_no, "--matter", "排水沟堵塞", "--statements", facts[:600],
        "--participants", "村委会主任周某", "--result", "agreed")
    clauses = [f"第{i}条约定：被申请人青山建材有限公司于十日内清运砂石、疏通排水沟，并赔偿申请人王䶮、李𬌗损失；" * 2
               for i in range(1, 13)]
    content = tmp_path / "agreement.json"
    content.write_text(json.dumps({"clauses": clauses, "performance": "现金一次性支付", "perform_place": "青山镇综治中心",
                                   "recorder": "admin"}, ensure_ascii=False), encoding="utf-8")
    cli("agreement", "create", case_no, "--json-file", str(content))  # facts default to the case's
    pdfs = {}
    for kind in ("registration", "notice", "record", "agreement"):
        pdfs[kind] = tmp_path / f"{kind}.pdf"
        cli("print", kind, case_no, "--out", str(pdfs[kind]))
    pdfs["signing"] = tmp_path / "signing.pdf"
    cli("print", "agreement", case_no, "--signing", "--out", str(pdfs["signing"]))
    assert squash(facts) in squash(body_text(pdfs["signing"]))
    cli("agreement", "sign", case_no)
    cli("agreement", "attach-scan", case_no, str(pdfs["signing"]))  # the scanner's PDF
    cli("agreement", "freeze", case_no)
    cli("followup", "add", case_no, "--method", "上门", "--measures", facts[:600])
    cli("agreement", "correct", case_no, "--reason", "履行地点笔误", "--perform-place", "青山镇政府")
    v1_code = decode_qr(pdfs["signing"], tmp_path)[0]
    r = run_cli("verify-agreement", v1_code, data=data_dir)  # the signed v1 stays in force beside the v2 draft
    assert r.returncode == 0 and "更正正在制作中" in r.stdout, r.stdout
    for kind in ("followup", "confirmation", "dossier"):
        pdfs[kind] = tmp_path / f"{kind}.pdf"
        cli("print", kind, case_no, "--out", str(pdfs[kind]))
    pdfs["correction"] = tmp_path / "correction-draft.pdf"
    cli("print", "agreement", case_no, "--out", str(pdfs["correction"]))
    for kind, pdf in pdfs.items():
        assert layout_faults(pdf, watermark="草稿" if kind in ("dossier", "agreement", "correction") else "") == [], kind
        assert ink_faults(pdf, tmp_path) == [], kind  # rendered: A4, nothing blank, no ink past the margins
        raw = re.sub(r"[\n\f]", "", body_text(pdf))  # lines and pages end anywhere in Chinese text
        text = squash(raw)
        for p in parties:  # names whole: no space printed inside one, wherever it wraps
            assert text.count(p["name"]) == raw.count(p["name"]), (kind, p["name"])
        if kind in ("notice", "record", "agreement", "signing", "confirmation", "registration", "correction"):
            for p in parties[:5]:
                assert f"{p['role']}{p['name']}（签名或按指印）：" in text, (kind, p["name"])
            assert "被申请人青山建材有限公司（盖章）：" in text, kind
        if kind in ("agreement", "signing", "correction"):  # 人民调解法 §29 and the end of the text
            assert ("本协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效" in text
                    and "（以下无正文）" in text and "履行地点" in text), kind
    notice = squash(body_text(pdfs["notice"]))
    assert "群众性组织" in notice and "不收取任何费用" in notice
    catalogue = squash(text_of(pdfs["dossier"]))
    assert "人民调解协议书（第1版）" in catalogue and "人民调解协议书（第2版，草稿）" in catalogue
    assert "当事人身份证明" in catalogue and "签字协议扫描件" in catalogue and "封底" in catalogue
    # the unsigned v2 is filed marked as a draft, the signed v1 is not
    import subprocess

    total = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdfs["dossier"])], capture_output=True,
                                                            text=True).stdout).group(1))
    texts = [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdfs["dossier"]), "-"], capture_output=True,
                            text=True).stdout.replace(" ", "") for n in range(1, total + 1)]
    v2 = next(t for t in texts if "（第2版）" in t and "更正理由" in t)
    v1 = next(t for t in texts[2:] if "核验码（第1版）" in t)
    assert "草" in v2 and "稿" in v2 and "草" not in v1  # the watermark's glyphs are drawn apart
    versions = json.loads(cli("agreement", "show", case_no, "--json").stdout)
    assert [(v["version"], v["status"]) for v in versions] == [(1, "frozen"), (2, "draft")]
    # drafts printed for reading carry no code; the paper the parties signed does
    assert decode_qr(pdfs["agreement"], tmp_path) == [] and decode_qr(pdfs["correction"], tmp_path) == []
    assert len(decode_qr(pdfs["signing"], tmp_path)) == 1
