"""zhongxin serve (county: the HTTP intake) and zhongxin bundle send (township: deliver over the network)."""
from __future__ import annotations

from pathlib import Path

from zhongxin_desktop.cli.context import CliContext, Subparsers, UsageError, subcommands_of
from zhongxin_desktop.domain.errors import DomainError


def register(sub: Subparsers) -> None:
    p = sub.add_parser("serve", help="县级：通过网络接收乡镇数据包（HTTP）/ county: the HTTP intake for bundles")
    p.add_argument("--listen", default="127.0.0.1:8080", metavar="HOST:PORT",
                   help="监听地址（默认 127.0.0.1:8080；对外服务写 0.0.0.0:8080）/ address to listen on")
    p.add_argument("--max-mb", type=int, default=200, metavar="N", help="单个数据包上限（MB）/ largest upload")
    p.add_argument("--threads", type=int, default=8, metavar="N", help="同时接收的连接数 / concurrent uploads")
    p.add_argument("--timeout", type=int, default=120, metavar="SECONDS",
                   help="上传停顿超过此秒数即断开 / drop an upload idle this long")
    p.set_defaults(handler=cmd_serve)
    actions = subcommands_of(sub, "bundle")  # the group exchange_cmds creates
    p = actions.add_parser("send", help="乡镇：导出并通过网络报送县级，导入回执 / township: export, upload, import the receipt")
    p.add_argument("--url", required=True, metavar="URL", help="县级中心报送地址，如 http://192.168.1.10:8080 / the county intake address")
    p.add_argument("--out", metavar="DIR", help="数据包保存目录（默认数据目录下 exports）/ where the bundle is kept")
    p.add_argument("--period", metavar="YYYY-MM", default="", help="随包统计月份（默认本月）/ statistics month")
    p.add_argument("--retries", type=int, default=4, metavar="N", help="最多尝试次数 / attempts")
    p.add_argument("--backoff", type=float, default=2.0, metavar="SECONDS", help="首次重试前等待 / first wait")
    p.add_argument("--timeout", type=float, default=120.0, metavar="SECONDS", help="每次等待回应的时限 / per attempt")
    p.set_defaults(handler=cmd_bundle_send)


def _listen(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise UsageError(f"--listen “{text}” 应写成 主机:端口，例如 127.0.0.1:8080")
    return host.strip("[]"), int(port)


def cmd_serve(ctx: CliContext) -> int:
    import logging
    import sys

    from zhongxin_desktop.net.intake import IntakeApp, serve
    from zhongxin_desktop.services import center

    host, port = _listen(ctx.args.listen)
    if ctx.args.max_mb <= 0:
        raise UsageError("--max-mb 应为正数")
    ctx.open()
    if not center.is_county():
        raise DomainError("网络接收只在县级中心运行；乡镇请用“zhongxin bundle send --url …”报送")
    code = center.local_center().code
    # one line per upload on standard error too (journald / the console), besides the log file
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(message)s"))
    logging.getLogger("zhongxin.intake").addHandler(handler)
    app = IntakeApp(ctx.data, code, max_bytes=ctx.args.max_mb * 1024 * 1024)
    ctx.say(f"县级中心（{code}）网络接收已启动：http://{host}:{port}/bundles ，健康检查 /health 。按 Ctrl+C 停止。")
    serve(app, host, port, threads=ctx.args.threads, timeout=ctx.args.timeout)
    return 0


def cmd_bundle_send(ctx: CliContext) -> int:
    from zhongxin_desktop.net import send
    from zhongxin_desktop.services import center

    actor = ctx.actor()
    if center.is_county():
        raise DomainError("县级中心不向上报送；回执由“zhongxin serve”在乡镇报送时自动返回")
    out = Path(ctx.args.out) if ctx.args.out else ctx.data.exports
    d = send.send(actor, ctx.data, ctx.args.url, out, attempts=ctx.args.retries, backoff=ctx.args.backoff,
                  timeout=ctx.args.timeout, period=ctx.args.period, say=ctx.say)
    print(d.bundle)
    counts = "，".join(f"{k} {v}" for k, v in sorted((d.counts or {}).items()) if v) or "无新变更"
    if not d.delivered:
        ctx.say(f"未能报送：{d.reason}。数据包已保存在 {d.bundle}，可用U盘带到县级中心导入。"
                + ("" if d.refused else "网络恢复后可再次报送。"))
        return 1
    if d.reason:
        ctx.say(f"{d.reason}。数据包 {d.bundle} 已送达，回执保存在 {d.receipt}。")
        return 1
    assert d.receipt_summary is not None  # delivered without a reason: the receipt was imported
    ctx.say(f"已报送县级中心（尝试 {d.attempts} 次）：{counts}；回执已导入，县级确认 {d.receipt_summary.acknowledged} 条记录。")
    return 0
