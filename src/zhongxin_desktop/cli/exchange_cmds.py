"""zhongxin keys … | bundle … | referral … | county …  (the exchange with the county)"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from zhongxin_desktop.cli.context import CliContext, Subparsers, UsageError, stderr_progress
from zhongxin_desktop.domain.dates import iso_stamp
from zhongxin_desktop.domain.errors import DomainError


def register(sub: Subparsers) -> None:
    keys = sub.add_parser("keys", help="本中心密钥与信任的公钥 / this center's keys and trusted keys")
    ks = keys.add_subparsers(dest="keys_command", metavar="ACTION")
    p = ks.add_parser("export", help="导出本中心公钥 / export this center's public key")
    p.add_argument("--out", required=True, metavar="FILE", help="公钥文件 / output file")
    p.set_defaults(handler=cmd_keys_export)
    p = ks.add_parser("trust", help="信任对方公钥（先电话核对指纹）/ trust a public key (confirm the fingerprint)")
    p.add_argument("file", metavar="FILE", help="对方导出的公钥文件 / the other center's public key file")
    _confirmation(p)
    p.set_defaults(handler=cmd_keys_trust)
    p = ks.add_parser("replace", help="更换已信任中心的公钥（显示新旧指纹，记入审计）/ replace a trusted center's key")
    p.add_argument("file", metavar="FILE", help="对方新的公钥文件 / the other center's new public key file")
    _confirmation(p)
    p.set_defaults(handler=cmd_keys_replace)
    p = ks.add_parser("rotate", help="更换本中心密钥，新公钥由旧密钥签名 / new keys for this center, signed by the old")
    p.add_argument("--out", required=True, metavar="FILE", help="新公钥文件 / the new public key file")
    p.add_argument("--yes", action="store_true", help="不再确认 / do not ask")
    p.set_defaults(handler=cmd_keys_rotate)
    p = ks.add_parser("forget", help="不再信任某中心的公钥（记入审计）/ stop trusting a center's key")
    p.add_argument("code", metavar="CODE", help="中心代码 / center code")
    p.add_argument("--yes", action="store_true", help="不再确认 / do not ask")
    p.set_defaults(handler=cmd_keys_forget)
    p = ks.add_parser("list", help="本中心及已信任公钥的指纹 / fingerprints of our and trusted keys")
    p.add_argument("--json", action="store_true", help="输出JSON / print JSON")
    p.set_defaults(handler=cmd_keys_list)

    bundle = sub.add_parser("bundle", help="数据包：导出、导入、回执 / bundles: export, import, receipt")
    bs = bundle.add_subparsers(dest="bundle_command", metavar="ACTION")
    p = bs.add_parser("export", help="导出未被确认的全部变更，打印数据包路径 / export unacknowledged changes")
    p.add_argument("--period", metavar="YYYY-MM", default="", help="随包统计月份（默认本月）/ statistics month")
    p.add_argument("--township", metavar="CODE", help="县级：只给此乡镇 / county: only this township")
    p.add_argument("--out", required=True, metavar="DIR", help="输出目录 / output folder")
    p.set_defaults(handler=cmd_bundle_export)
    p = bs.add_parser("import", help="导入数据包、回执和交办件 / import bundles, receipts, referrals")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--dry-run", action="store_true", help="只检查并统计，不写入 / check and count, write nothing")
    p.add_argument("--json", action="store_true", help="输出JSON导入摘要 / print the import summary as JSON")
    p.set_defaults(handler=cmd_bundle_import)
    p = bs.add_parser("receipt", help="县级：给乡镇的回执（含交办件）/ county: receipt (and referrals) for a township")
    p.add_argument("--township", required=True, metavar="CODE")
    p.add_argument("--out", required=True, metavar="DIR")
    p.set_defaults(handler=cmd_bundle_receipt)

    ref = sub.add_parser("referral", help="县级交办件 / county referrals")
    rs = ref.add_subparsers(dest="referral_command", metavar="ACTION")
    p = rs.add_parser("create", help="给乡镇创建交办件 / create a referral for a township")
    p.add_argument("--township", required=True, metavar="CODE")
    p.add_argument("--json", required=True, metavar="FILE", dest="json_file",
                   help="交办内容JSON：category, facts, instructions, due_on, parties / referral as JSON")
    p.set_defaults(handler=cmd_referral_create)
    p = rs.add_parser("list", help="交办件及乡镇办理状态 / referrals and their status")
    p.add_argument("--township", metavar="CODE")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_referral_list)

    county = sub.add_parser("county", help="县级视图 / county views")
    cs = county.add_subparsers(dest="county_command", metavar="ACTION")
    p = cs.add_parser("cases", help="各乡镇案件 / cases of all townships")
    p.add_argument("--township", metavar="CODE")
    p.add_argument("--status", help="状态 / status")
    p.add_argument("--search", help="搜索 / search text")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_county_cases)
    p = cs.add_parser("stats", help="各乡镇及全县月度统计 / monthly statistics per township and county")
    p.add_argument("--month", required=True, metavar="YYYY-MM")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_county_stats)
    p = cs.add_parser("status", help="本月报送情况 / who has reported this month")
    p.add_argument("--month", metavar="YYYY-MM")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_county_status)


def cmd_keys_export(ctx: CliContext) -> int:
    from zhongxin_desktop.services.countywork import exchange

    doc = exchange.export_public_key(ctx.actor(), ctx.data, Path(ctx.args.out))
    ctx.say(f"已导出 {doc['name']}（{doc['code']}）的公钥：{ctx.args.out}\n指纹：{doc['fingerprint']}")
    return 0


def _confirmation(p: argparse.ArgumentParser) -> None:
    how = p.add_mutually_exclusive_group()
    how.add_argument("--yes", action="store_true", help="已电话核对指纹，不再询问 / fingerprint confirmed, do not ask")
    how.add_argument("--fingerprint", metavar="FP", help="对方电话读出的指纹，须与文件一致 / "
                                                         "the fingerprint read over the phone; must match")


def _ask(ctx: CliContext, question: str) -> None:
    """Go on only after --yes, a matching --fingerprint (checked by the service) or a typed yes."""
    if ctx.args.yes or getattr(ctx.args, "fingerprint", None):
        return
    refusal = "未确认，未做任何修改。电话核对指纹后加 --yes，或用 --fingerprint 输入对方读出的指纹。"
    if not sys.stdin.isatty():
        raise DomainError(refusal)
    try:
        answer = input(f"{question} 确认请输入 yes: ")
    except EOFError:
        answer = ""
    if answer.strip().lower() not in ("yes", "y", "是"):
        raise DomainError(refusal)


def _describe(doc: dict[str, Any]) -> str:
    return f"中心：{doc['name']}（{doc['code']}，{doc['kind_label']}）\n指纹：{doc['fingerprint']}"


def cmd_keys_trust(ctx: CliContext) -> int:
    from zhongxin_desktop.services.countywork import exchange

    actor, path = ctx.actor(), Path(ctx.args.file)
    doc = exchange.preview_key(actor, path, ctx.data)
    ctx.say(_describe(doc))
    if doc["state"] == "new":
        _ask(ctx, "请电话联系对方，核对对方读出的指纹与上面一致。")
    doc = exchange.trust_key(actor, path, ctx.data, fingerprint=ctx.args.fingerprint)
    ctx.say(f"{doc['name']}（{doc['code']}）的这把公钥早已信任，未做修改。" if doc["state"] == "same"
            else f"已信任 {doc['name']}（{doc['code']}）。")
    return 0


def cmd_keys_replace(ctx: CliContext) -> int:
    from zhongxin_desktop.services.countywork import exchange

    actor, path = ctx.actor(), Path(ctx.args.file)
    doc = exchange.preview_key(actor, path, ctx.data)
    ctx.say(f"{_describe(doc)}\n原指纹：{doc['old_fingerprint'] or '（未信任）'}")
    if doc["state"] == "replace":
        _ask(ctx, "将用新公钥替换原公钥。请电话核对新指纹。")
    doc = exchange.replace_key(actor, path, ctx.data, fingerprint=ctx.args.fingerprint)
    ctx.say(f"已更换 {doc['name']}（{doc['code']}）的公钥：{doc['old_fingerprint']} → {doc['fingerprint']}")
    return 0


def cmd_keys_rotate(ctx: CliContext) -> int:
    from zhongxin_desktop.services.countywork import exchange

    actor = ctx.actor()
    _ask(ctx, "将为本中心生成新密钥（旧密钥留存，用于打开途中的数据包）。")
    doc = exchange.rotate_key(actor, ctx.data)
    out = Path(ctx.args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    ctx.say(f"已生成新密钥，新公钥（由旧密钥签名）：{out}\n新指纹：{doc['fingerprint']}\n"
            "请把新公钥文件交给各对方，对方用“zhongxin keys replace 文件”更换。")
    return 0


def cmd_keys_forget(ctx: CliContext) -> int:
    from zhongxin_desktop.services.countywork import exchange

    actor = ctx.actor()
    _ask(ctx, f"将不再信任代码为 {ctx.args.code} 的中心，其数据包将被拒收。")
    doc = exchange.forget_key(actor, ctx.args.code)
    ctx.say(f"已不再信任 {doc['name']}（{doc['code']}），原指纹 {doc['fingerprint']}")
    return 0


def cmd_keys_list(ctx: CliContext) -> int:
    from zhongxin_desktop.services.countywork import exchange

    actor = ctx.actor(required=False)
    mine = exchange.my_key(actor, ctx.data)
    trusted = exchange.trusted_keys(actor)
    if ctx.args.json:
        ctx.emit_json({"local": {k: mine[k] for k in ("code", "name", "kind", "fingerprint")}, "trusted": trusted})
        return 0
    print(f"本中心\t{mine['code']}\t{mine['name']}\t{mine['fingerprint']}")
    for k in trusted:
        print(f"已信任\t{k['code']}\t{k['name']}\t{k['fingerprint']}")
    return 0


def cmd_bundle_export(ctx: CliContext) -> int:
    import datetime as dt

    from zhongxin_desktop.services.countywork import exchange

    period = ctx.args.period or dt.date.today().strftime("%Y-%m")
    results = exchange.export_bundles(ctx.actor(), ctx.data, Path(ctx.args.out), period=period,
                                      township=ctx.args.township, progress=stderr_progress())
    for r in results:
        print(r.path)
        ctx.say(f"发往 {r.manifest['recipient']}：第 {r.sequence} 号，记录 {sum(r.counts.values())} 条，附件 {r.blobs} 个"
                + (f"；缺少附件文件 {len(r.missing_blobs)} 个" if r.missing_blobs else ""))
    return 0


def cmd_bundle_receipt(ctx: CliContext) -> int:
    from zhongxin_desktop.services import center
    from zhongxin_desktop.services.countywork import exchange

    actor = ctx.actor()
    if not center.is_county():
        raise DomainError("回执由县级中心生成；乡镇请用“zhongxin bundle export”")
    [r] = exchange.export_bundles(actor, ctx.data, Path(ctx.args.out), township=ctx.args.township)
    print(r.path)
    ctx.say(f"给 {ctx.args.township} 的回执：第 {r.sequence} 号，交办件 {r.counts.get('referral', 0)} 件")
    return 0


def cmd_bundle_import(ctx: CliContext) -> int:
    from zhongxin_desktop.services.countywork import exchange

    for f in ctx.args.files:
        if not Path(f).is_file():
            raise UsageError(f"找不到文件 {f}")
    summaries = exchange.import_bundles(ctx.actor(), ctx.data, [Path(f) for f in ctx.args.files],
                                       dry_run=ctx.args.dry_run, progress=stderr_progress())
    if ctx.args.json:
        ctx.emit_json(summaries[0].to_dict() if len(summaries) == 1 else [s.to_dict() for s in summaries])
    for s in summaries:
        ctx.say(s.text())
    return 1 if any(s.status == "ERROR" for s in summaries) else 0


def cmd_referral_create(ctx: CliContext) -> int:
    from zhongxin_desktop.services.countywork import referrals

    try:
        data = json.loads(Path(ctx.args.json_file).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(f"无法读取交办件JSON {ctx.args.json_file}：{exc}") from None
    if not isinstance(data, dict):
        raise UsageError("交办件JSON应为一个对象")
    ref = referrals.create_referral(ctx.actor(), ctx.args.township, data)
    print(ref.id)
    ctx.say(f"已创建交办件，将随下一个发往 {ctx.args.township} 的回执下发（zhongxin bundle receipt --township "
            f"{ctx.args.township} --out DIR）")
    return 0


def cmd_referral_list(ctx: CliContext) -> int:
    from zhongxin_desktop.services.countywork import referrals

    rows = referrals.referral_dicts(ctx.actor(required=False), ctx.args.township)
    ctx.emit_rows(rows, lambda r: f"{r['id'][:8]}\t{r['township_code']}\t{r['category']}\t{r['due_on']}\t"
                                  f"{r['status_label']}\t{r['case_no'] or ''}")
    return 0


def cmd_county_cases(ctx: CliContext) -> int:
    from zhongxin_desktop.cli.cases_cmds import _status
    from zhongxin_desktop.services.countywork import county

    rows = county.case_rows(ctx.actor(required=False), township=ctx.args.township, status=_status(ctx.args.status),
                            search=ctx.args.search, limit=ctx.args.limit)
    ctx.emit_rows(rows, lambda d: f"{d['township']}\t{d['case_no'] or '（未受理）'}\t{d['status_label']}\t"
                                  f"{d['category']}\t{d['parties']}")
    return 0


def cmd_county_stats(ctx: CliContext) -> int:
    from zhongxin_desktop.services.countywork import county

    stats = county.monthly_stats(ctx.actor(required=False), ctx.args.month)
    if ctx.args.json:
        ctx.emit_json(stats)
        return 0
    cols = [("registered", "登记"), ("accepted", "受理"), ("succeeded", "调解成功"), ("terminated", "调解终止"),
            ("overdue", "超期"), ("committees", "调委会"), ("mediators", "调解员")]
    print("\t".join([stats["period"], *[label for _, label in cols], "已报送"]))
    for t in stats["townships"]:
        print("\t".join([t["name"], *[str(t["held"][k]) for k, _ in cols], "是" if t["reported"] else "否"]))
    print("\t".join(["全县", *[str(stats["county"][k]) for k, _ in cols]]))
    return 0


def cmd_county_status(ctx: CliContext) -> int:
    from zhongxin_desktop.services.countywork import county

    from zhongxin_desktop.exchange.summary import AUDIT_BROKEN

    rows = county.reporting_status(ctx.actor(required=False), ctx.args.month)
    ctx.emit_rows(rows, lambda r: f"{r['code']}\t{r['name']}\t{'已报送' if r['reported'] else '未报送'}\t"
                                  f"{iso_stamp(r['last_import'])}"
                                  + (f"\tERROR {AUDIT_BROKEN}：{r['audit_reason']}（{iso_stamp(r['audit_at'])}）"
                                     if r["audit_status"] == "ERROR" else "")
                                  + (f"\t{r['missing_text']}" if r["missing_bundles"] else ""))
    for r in rows:
        if r["missing_bundles"]:
            ctx.say(f"注意：{r['name']}（{r['code']}）{r['missing_text']}，"
                    "请乡镇补报（U盘或立即报送）")
    broken = [r for r in rows if r["audit_status"] == "ERROR"]
    for r in broken:
        ctx.say(f"ERROR {r['name']}（{r['code']}）{AUDIT_BROKEN}：{r['audit_reason']}")
    return 0
