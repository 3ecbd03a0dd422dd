"""数据交换: this center's key, trusted keys, bundle export (with progress and cancel) and
import (with the summary), and at the county the townships' reporting status and referrals."""
from __future__ import annotations

from typing import Any, TYPE_CHECKING

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog, QFileDialog, QGroupBox, QHBoxLayout, QLabel, QMessageBox, QPlainTextEdit, QPushButton,
    QSplitter, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)

from zhongxin_desktop.domain.dates import cn_date, cn_stamp
from zhongxin_desktop.domain.errors import DomainError
from zhongxin_desktop.domain.roles import Perm
from zhongxin_desktop.exchange.summary import AUDIT_BROKEN, county_lines, summary_text
from zhongxin_desktop.services.countywork import exchange, referrals
from zhongxin_desktop.services import settings
from zhongxin_desktop.ui import long_job
from zhongxin_desktop.ui.empty_hint import set_empty_hint
from zhongxin_desktop.ui.pages.base import Page
from zhongxin_desktop.ui.pages.county_cases import CountyCasesPanel
from zhongxin_desktop.ui.pages.county_people import CountyPeoplePanel
from zhongxin_desktop.ui.pages.county_rosters import CountyRostersPanel
from zhongxin_desktop.ui.pages.county_conflicts import CountyConflictsPanel
from zhongxin_desktop.ui.pages.county_rules_panel import CountyRulesPanel
from zhongxin_desktop.ui.pages.county_stats import CountyStatsPanel
from zhongxin_desktop.ui.pages.county_tenlink import CountyTenlinkPanel
from zhongxin_desktop.ui.pages.page_parts import heading
from zhongxin_desktop.ui.pages.table_util import fit_columns

from zhongxin_desktop.ui.worker import Progress

if TYPE_CHECKING:
    from zhongxin_desktop.exchange.export import ExportResult
    from zhongxin_desktop.exchange.summary import ImportSummary
    from zhongxin_desktop.ui.context import AppContext

log = logging.getLogger(__name__)

STATUS_TEXT = {"success": "成功", "warning": "有问题", "refused": "已拒绝", "error": "审计日志异常", "dry-run": "试运行",
               "ok": "完成"}


def _table(headers: list[str], empty: str = "") -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setStretchLastSection(True)
    t.horizontalHeader().setMinimumSectionSize(60)
    if empty:
        set_empty_hint(t, empty)
    return t


def _fill(table: QTableWidget, rows: list[list[object]], colors: list[str | None] | None = None) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem("" if value is None else str(value))
            if colors and colors[r]:
                item.setForeground(QBrush(QColor(colors[r])))
            table.setItem(r, c, item)
    fit_columns(table)


class ExchangePage(Page):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.data: dict[str, Any] | None = None
        self.last_summaries: list[ImportSummary] = []
        layout = QVBoxLayout(self)
        layout.addLayout(heading(self.tr("数据交换")))

        key_box = QGroupBox(self.tr("本中心密钥"))
        kl = QVBoxLayout(key_box)
        self.key_label = QLabel("—")
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        kl.addWidget(self.key_label)
        row = QHBoxLayout()
        self.export_key_button = QPushButton(self.tr("导出本中心公钥…"))
        self.trust_button = QPushButton(self.tr("信任对方公钥…"))
        row.addWidget(self.export_key_button)
        row.addWidget(self.trust_button)
        row.addStretch()
        kl.addLayout(row)
        self.trusted = _table([self.tr("代码"), self.tr("名称"), self.tr("类型"), self.tr("指纹"), self.tr("信任时间")],
                              self.tr("尚未信任任何对方的公钥。点“信任对方公钥…”，选择对方导出的公钥文件，"
                                      "并电话核对指纹。"))
        self.trusted.setMaximumHeight(130)
        kl.addWidget(self.trusted)
        layout.addWidget(key_box)

        actions = QHBoxLayout()
        self.export_button = QPushButton(self.tr("导出数据包…"))
        self.import_button = QPushButton(self.tr("导入数据包…"))
        self.referral_button = QPushButton(self.tr("新建交办件…"))
        self.send_button = QPushButton(self.tr("立即报送"))
        self.send_button.setToolTip(self.tr("导出数据包，通过网络报送县级中心并导入回执（地址在“设置”中填写）"))
        for b in (self.export_button, self.send_button, self.import_button, self.referral_button):
            actions.addWidget(b)
        actions.addStretch()
        layout.addLayout(actions)
        self.export_button.setEnabled(False)  # until the overview says whose key it would encrypt to
        self.export_hint = QLabel()
        self.export_hint.setWordWrap(True)
        self.export_hint.setStyleSheet("color: #c62828;")
        self.export_hint.hide()
        layout.addWidget(self.export_hint)

        split = QSplitter(Qt.Orientation.Horizontal)
        self.tabs = QTabWidget()
        self.history = _table([self.tr("时间"), self.tr("方向"), self.tr("对方"), self.tr("序号"), self.tr("结果")],
                              self.tr("尚无导出或导入记录。"))
        self.tabs.addTab(self.history, self.tr("最近导出和导入"))
        self.county_box = QWidget()
        cl = QVBoxLayout(self.county_box)
        cl.addWidget(QLabel(self.tr("本月各乡镇报送情况")))
        self.reporting = _table([self.tr("乡镇"), self.tr("代码"), self.tr("本月"), self.tr("最近导入"),
                                 self.tr("审计日志"), self.tr("数据包")])
        cl.addWidget(self.reporting)
        cl.addWidget(QLabel(self.tr("交办件")))
        self.referrals = _table([self.tr("乡镇"), self.tr("类型"), self.tr("办结期限"), self.tr("办理状态"),
                                 self.tr("案件编号")])
        cl.addWidget(self.referrals)
        self.tabs.addTab(self.county_box, self.tr("报送与交办"))
        self.county_cases = CountyCasesPanel(ctx, _fill)
        self.tabs.addTab(self.county_cases, self.tr("各乡镇案件"))
        self.county_stats = CountyStatsPanel(ctx, _fill)
        self.tabs.addTab(self.county_stats, self.tr("月度统计"))
        self.county_people = CountyPeoplePanel(ctx)
        self.tabs.addTab(self.county_people, self.tr("跨乡镇当事人"))
        self.county_rosters = CountyRostersPanel(ctx)
        self.tabs.addTab(self.county_rosters, self.tr("调解组织"))
        self.conflicts = CountyConflictsPanel(ctx, _fill)
        self.tabs.addTab(self.conflicts, self.tr("数据冲突"))
        self.rules = CountyRulesPanel(ctx)
        self.tabs.addTab(self.rules, self.tr("县级规则"))
        self.county_tenlink = CountyTenlinkPanel(self)
        self.tabs.addTab(self.county_tenlink, self.tr("十联户统计"))
        left = self.tabs
        split.addWidget(left)
        self.summary = QPlainTextEdit()
        self.summary.setReadOnly(True)
        self.summary.setPlaceholderText(self.tr("导入摘要显示在这里"))
        split.addWidget(self.summary)
        split.setSizes([700, 350])  # the county tabs are wide tables; the summary wraps
        layout.addWidget(split, 1)

        self.export_key_button.clicked.connect(self.export_key)
        self.trust_button.clicked.connect(self.trust_key)
        self.export_button.clicked.connect(self.export_bundles)
        self.import_button.clicked.connect(self.import_files)
        self.referral_button.clicked.connect(self.new_referral)
        self.send_button.clicked.connect(self.send_now)
        self.history.itemSelectionChanged.connect(self._show_history_row)

    # --- loading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        actor, data = self.ctx.actor, self.ctx.data
        self.ctx.worker.submit(lambda: exchange.overview(actor, data), self._show, self._error)

    def _show(self, data: dict[str, Any]) -> None:
        self.data = data
        county = data["kind"] == "county"
        me = data["local"]
        self.key_label.setText(self.tr("{name}（{code}）  指纹：{fp}").format(
            name=me["name"], code=me["code"], fp=me["fingerprint"]))
        _fill(self.trusted, [[k["code"], k["name"], "县级" if k["kind"] == "county" else "乡镇", k["fingerprint"],
                              cn_stamp(k["trusted_at"])] for k in data["trusted"]])
        self.export_button.setText(self.tr("生成回执和交办件…") if county else self.tr("导出数据包…"))
        self._offer_export(data["missing_peer_key"])
        self.referral_button.setVisible(county)
        self.send_button.setVisible(not county)
        self.send_button.setEnabled(self.export_button.isEnabled())
        self.tabs.setTabVisible(1, county)
        self.tabs.setTabVisible(2, county)
        self.tabs.setTabVisible(3, county)
        for panel in (self.county_people, self.county_rosters):
            self.tabs.setTabVisible(self.tabs.indexOf(panel), county)
        self.tabs.setTabVisible(self.tabs.indexOf(self.conflicts), county)
        self.rules.load()
        self.tabs.setTabVisible(self.tabs.indexOf(self.county_tenlink), county)
        _fill(self.history, [[cn_stamp(h["at"]), "导出" if h["direction"] == "out" else "导入", h["peer_code"],
                              h["sequence"] or "", STATUS_TEXT.get(h["status"], h["status"])] for h in data["history"]],
              [("#c62828" if h["status"] in ("refused", "error") else None) for h in data["history"]])
        if county:
            _fill(self.reporting, [[r["name"], r["code"], "已报送" if r["reported"] else "未报送",
                                    cn_stamp(r["last_import"]), self._audit_text(r),
                                    r["missing_text"] or self.tr("齐全")]
                                   for r in data["reporting"]],
                  [(None if r["reported"] and r["audit_status"] != "ERROR" and not r["missing_bundles"]
                    else "#c62828") for r in data["reporting"]])
            _fill(self.referrals, [[r["township_code"], r["category"], cn_date(r["due_on"]), r["status_label"],
                                    r["case_no"] or ""] for r in data["referrals"]])
            self.county_cases.set_townships([{"code": r["code"], "name": r["name"]} for r in data["reporting"]])
            self.county_cases.load()
            self.county_stats.load()
            self.county_tenlink.set_townships([{"code": r["code"], "name": r["name"]} for r in data["reporting"]])
            self.county_tenlink.refresh()
            self.county_people.load()
            self.county_rosters.load()
            self.conflicts.load()

    def _audit_text(self, r: dict[str, Any]) -> str:
        if r["audit_status"] == "ERROR":
            return self.tr("{what}（{when}）：{why}").format(what=AUDIT_BROKEN, when=cn_stamp(r["audit_at"]),
                                                           why=r["audit_reason"])
        return self.tr("已核对") if r["audit_status"] == "OK" else ""

    def _offer_export(self, missing: str) -> None:
        """No bundle without the other side's trusted key: say which button comes first."""
        allowed = self.ctx.actor.can(Perm.EXPORT)
        self.export_button.setEnabled(allowed and not missing)
        if not allowed:
            why = self.tr("当前用户无权导出数据。")
        elif missing == "county":
            why = self.tr("尚未信任县级中心的公钥，还不能导出数据包：先点上方“信任对方公钥…”，选择县级中心"
                          "发来的公钥文件，并电话核对指纹。")
        elif missing:
            why = self.tr("尚未信任任何乡镇的公钥，还不能生成回执：先点上方“信任对方公钥…”，选择乡镇发来的"
                          "公钥文件，并电话核对指纹。")
        else:
            why = ""
        self.export_button.setToolTip(why)
        self.export_hint.setText(why)
        self.export_hint.setVisible(bool(why))

    def _show_history_row(self) -> None:
        rows = self.history.selectionModel().selectedRows()
        if not rows or not self.data:
            return
        h = self.data["history"][rows[0].row()]
        s = h["summary"]
        if h["direction"] == "in":
            text = summary_text(s)
        else:
            counts = s.get("counts", {})
            text = self.tr("发往 {peer} 第 {seq} 号：").format(peer=h["peer_code"], seq=h["sequence"]) + "\n" + \
                "\n".join(f"  {t}: {n}" for t, n in sorted(counts.items())) + \
                self.tr("\n  附件 {n} 个").format(n=s.get("blobs", 0))
        self.summary.setPlainText(text)

    def _error(self, exc: BaseException, tb: str = "") -> None:
        if isinstance(exc, DomainError):
            QMessageBox.warning(self, self.tr("未完成"), str(exc))
        else:
            log.error("exchange page: %s\n%s", exc, tb)  # the traceback for the log, not for the clerk
            QMessageBox.critical(self, self.tr("出错"), self.tr("操作未能完成：{e}\n详细情况已记入日志。").format(e=exc))

    # --- keys ---------------------------------------------------------------------------------
    def export_key(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出本中心公钥"), str(self.ctx.data.exports / "公钥.json"),
                                              self.tr("公钥文件 (*.json)"))
        if path:
            actor, data = self.ctx.actor, self.ctx.data
            self.ctx.worker.submit(lambda: exchange.export_public_key(actor, data, Path(path)),
                                   lambda doc: self.ctx.bus.status_message.emit(
                                       self.tr("公钥已导出，指纹 {fp}").format(fp=doc["fingerprint"])), self._error)

    def trust_key(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择对方公钥文件"), "", self.tr("公钥文件 (*.json)"))
        if path:
            self.confirm_and_trust(Path(path))

    def confirm_and_trust(self, path: Path) -> None:
        """Show who the file says it is and its fingerprint before anything is trusted; a center
        already trusted with another key goes through the replacement (old and new fingerprints)."""
        actor, data = self.ctx.actor, self.ctx.data

        def ask(doc: dict[str, Any]) -> None:
            if doc["state"] == "same":
                QMessageBox.information(self, self.tr("已信任"), self.tr("“{name}”（{code}）的这把公钥早已信任，指纹 {fp}。")
                                        .format(name=doc["name"], code=doc["code"], fp=doc["fingerprint"]))
                return
            if doc["state"] == "replace":
                text = self.tr("“{name}”（{code}，{kind}）已信任另一把公钥。\n\n原指纹：{old}\n新指纹：{fp}\n\n"
                               "更换公钥会记入审计日志。请电话联系对方，核对对方读出的新指纹。是否更换？")
                title, action = self.tr("更换对方公钥"), exchange.replace_key
            else:
                text = self.tr("中心：{name}（{code}，{kind}）\n\n指纹：{fp}\n\n请电话联系对方，核对对方读出的指纹，"
                               "一致才能信任。是否信任？")
                title, action = self.tr("核对指纹"), exchange.trust_key
            box = QMessageBox(QMessageBox.Icon.Question, title,
                              text.format(name=doc["name"], code=doc["code"], kind=doc["kind_label"],
                                          old=doc["old_fingerprint"], fp=doc["fingerprint"]),
                              QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
            box.setDefaultButton(QMessageBox.StandardButton.No)  # Enter alone never trusts a key
            self.trust_box = box
            if box.exec() == QMessageBox.StandardButton.Yes:
                self.ctx.worker.submit(lambda: action(actor, path, data), lambda _d: self.refresh(), self._error)

        self.ctx.worker.submit(lambda: exchange.preview_key(actor, path, data), ask, self._error)

    # --- bundles ------------------------------------------------------------------------------
    def export_bundles(self) -> None:
        out = QFileDialog.getExistingDirectory(self, self.tr("选择保存位置（如U盘）"), str(self.ctx.data.exports))
        if out:
            self.start_export(Path(out))

    def start_export(self, out: Path, period: str = "") -> Progress | None:
        import datetime as dt

        actor, data = self.ctx.actor, self.ctx.data
        period = period or dt.date.today().strftime("%Y-%m")

        def done(results: list[ExportResult]) -> None:
            paths = "\n".join(str(r.path) for r in results)
            self.summary.setPlainText(self.tr("已导出：\n{paths}").format(paths=paths))
            self.refresh()

        job = long_job.start(
            self, self.ctx, self.tr("导出数据包"), self.tr("正在导出数据包…"),
            lambda p: exchange.export_bundles(actor, data, out, period=period, progress=p), done,
            on_cancelled=lambda: self.summary.setPlainText(self.tr("已取消导出，未生成文件。")),
            on_failed=self.summary.setPlainText)
        self.export_job, self.export_dialog = job, getattr(self, "job_dialog")  # long_job keeps it there
        return job

    def send_now(self) -> None:
        """立即报送: export, upload to the county's intake, import its receipt (net/send.py); when
        the county cannot be reached the bundle stays in the exports folder for the USB stick."""
        from zhongxin_desktop.net import send
        from zhongxin_desktop.services import settings

        actor, data = self.ctx.actor, self.ctx.data
        self.send_button.setEnabled(False)
        self.summary.setPlainText(self.tr("正在报送县级中心…"))

        def work() -> send.Delivery | None:
            url = settings.get("county_url")
            if not url:
                return None
            return send.send(actor, data, url, data.exports, attempts=3, backoff=2.0, timeout=60.0)

        def done(delivery: send.Delivery | None) -> None:
            self.last_delivery = delivery
            self.send_button.setEnabled(True)
            if delivery is None:
                self.summary.setPlainText(self.tr("尚未填写县级报送地址：请在“设置”中填写“县级报送地址”后再报送，"
                                                  "或用“导出数据包…”存到U盘。"))
            elif not delivery.delivered:
                self.summary.setPlainText(self.tr("未能报送：{why}。\n数据包已保存在 {path}，可用U盘带到县级中心导入。")
                                          .format(why=delivery.reason, path=delivery.bundle))
            elif delivery.reason:
                self.summary.setPlainText(self.tr("{why}。\n数据包 {path} 已送达。").format(
                    why=delivery.reason, path=delivery.bundle))
            else:
                assert delivery.receipt_summary is not None  # delivered without a reason: the receipt was imported
                self.summary.setPlainText(self.tr("已报送县级中心，回执已导入：县级确认 {n} 条记录。\n\n{text}").format(
                    n=delivery.receipt_summary.acknowledged, text=delivery.receipt_summary.text()))
            self.refresh()

        def failed(exc: BaseException, tb: str = "") -> None:
            self.send_button.setEnabled(True)
            self._error(exc, tb)

        self.ctx.worker.submit(work, done, failed)

    def import_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("选择数据包"), "", self.tr("数据包 (*.zxb)"))
        if paths:
            self.start_import([Path(p) for p in paths])

    def start_import(self, paths: list[Path]) -> None:
        actor, data = self.ctx.actor, self.ctx.data

        def done(summaries: list[ImportSummary]) -> None:
            self.last_summaries = summaries
            self.summary.setPlainText("\n\n".join(s.text() for s in summaries))
            self.ctx.bus.changed.emit("case")
            self.refresh()
            self._county_notice(summaries)

        self.import_job = long_job.start(
            self, self.ctx, self.tr("导入数据包"), self.tr("正在导入数据包…"),
            lambda p: exchange.import_bundles(actor, data, paths, progress=p), done,
            on_cancelled=lambda: self.summary.setPlainText(self.tr(
                "已取消导入：已导入的数据包保留，其余未导入（可再次导入，已导入的不会重复）。")),
            on_failed=self.summary.setPlainText)

    def _county_notice(self, summaries: list[ImportSummary]) -> None:
        """What the county changed here (its rules, its conflict decisions) is told, not only logged."""
        lines = [line.strip() for s in summaries for line in county_lines(s.to_dict())]
        if not lines:
            return
        self.rules_notice = QMessageBox(QMessageBox.Icon.Information, self.tr("县级下发的变化"),
                                        "\n".join(lines) + self.tr("\n\n详见本页“县级规则”。"), QMessageBox.StandardButton.Ok, self)
        self.rules_notice.open()

    # --- referrals ----------------------------------------------------------------------------
    def new_referral(self) -> None:
        from zhongxin_desktop.ui.dialogs.referral import ReferralDialog

        towns = [{"code": k["code"], "name": k["name"]} for k in (self.data or {}).get("trusted", [])
                 if k["kind"] == "township"]
        if not towns:
            QMessageBox.information(self, self.tr("新建交办件"), self.tr("尚未信任任何乡镇的公钥。"))
            return
        dialog = ReferralDialog(towns, settings.get("categories"), settings.get("risk_levels"), self)
        self.referral_dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.submit_referral(*dialog.values())

    def submit_referral(self, township: str, values: dict[str, Any]) -> None:
        actor = self.ctx.actor
        self.ctx.worker.submit(lambda: referrals.create_referral(actor, township, values),
                               lambda _r: self.refresh(), self._error)

