"""Print preview inside the app: the PDF's pages as images, then print through Qt's print dialog
to any installed printer, or save the PDF itself. Each print or save is recorded (timeline and
audit) through ``on_output``.

The print dialog opens preset: A4, portrait, the document's number of copies (an agreement: one
per party and one for the file), and every page is drawn at its real size — 100%, never shrunk
to fit the printer's margins (a court compares the signed paper with the PDF)."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog, QFileDialog, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSpinBox, QVBoxLayout, QWidget,
)

from zhongxin_desktop.documents.printing import write_atomic
from zhongxin_desktop.ui.pdf_pages import PdfPages
from zhongxin_desktop.ui.screen_fit import fit_to_screen

PREVIEW_DPI = 72
PRINT_DPI = 300  # one A4 page at 300 dpi is ~35 MB as an image: rendered and sent one at a time


class PrintPreviewDialog(QDialog):
    def __init__(self, pdf: bytes, title: str, on_output: Callable[[str], None] | None = None,
                 suggested_name: str = "document.pdf", parent: QWidget | None = None, copies: int = 1):
        super().__init__(parent)
        self.pdf, self.on_output, self.suggested_name = pdf, on_output, suggested_name
        self.copies = max(1, copies)
        self.setWindowTitle(self.tr("打印预览 — ") + title)
        self.pages = PdfPages(pdf)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.info = QLabel(self.tr(f"共 {self.pages.count} 页"))
        bar.addWidget(self.info)
        bar.addStretch()
        bar.addWidget(QLabel(self.tr("缩放")))
        self.zoom = QSpinBox()
        self.zoom.setRange(40, 200)
        self.zoom.setSingleStep(10)
        self.zoom.setSuffix("%")
        self.zoom.setValue(100)
        self.zoom.valueChanged.connect(self._render)
        bar.addWidget(self.zoom)
        self.print_button = QPushButton(self.tr("打印…"))
        self.print_button.clicked.connect(self.choose_printer)
        self.save_button = QPushButton(self.tr("另存为PDF…"))
        self.save_button.clicked.connect(self.choose_file)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.reject)
        for b in (self.print_button, self.save_button, close):
            bar.addWidget(b)
        layout.addLayout(bar)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setStyleSheet("QScrollArea { background: #7a7a7a; }")
        layout.addWidget(self.scroll_area, 1)
        self.message = QLabel("")
        layout.addWidget(self.message)
        self.page_labels: list[QLabel] = []
        self._render()
        fit_to_screen(self, 760, 700)

    def _render(self) -> None:
        body = QWidget()
        body.setStyleSheet("background: #7a7a7a;")
        column = QVBoxLayout(body)
        column.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.page_labels = []
        dpi = PREVIEW_DPI * self.zoom.value() / 100 * self.devicePixelRatioF()
        for n in range(self.pages.count):
            pixmap = QPixmap.fromImage(self.pages.image(n, dpi))
            pixmap.setDevicePixelRatio(self.devicePixelRatioF())
            label = QLabel()
            label.setPixmap(pixmap)
            label.setStyleSheet("background: white; border: 1px solid #444;")
            column.addWidget(label)
            self.page_labels.append(label)
        self.scroll_area.setWidget(body)

    # printing --------------------------------------------------------------------------------------
    def choose_printer(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.preset(printer)
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, self.pages.count)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def preset(self, printer: QPrinter) -> None:
        """What the print dialog starts from (the clerk may still change it there)."""
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setPageOrientation(QPageLayout.Orientation.Portrait)
        printer.setFullPage(True)
        printer.setCopyCount(self.copies)
        printer.setDocName(self.windowTitle())

    def print_to(self, printer: QPrinter) -> None:
        """Send every page (or the chosen range) to ``printer``, full page, no scaling surprises."""
        printer.setResolution(PRINT_DPI)
        printer.setFullPage(True)
        printer.setPageOrientation(QPageLayout.Orientation.Portrait)
        first, last = printer.fromPage() or 1, printer.toPage() or self.pages.count
        painter = QPainter()
        if not painter.begin(printer):
            self.message.setText(self.tr("无法连接打印机，请检查打印机是否开机、联网。"))
            return
        try:
            for n in range(first - 1, last):
                if n > first - 1:
                    printer.newPage()
                image = self.pages.image(n, PRINT_DPI)
                scale = printer.resolution() / PRINT_DPI  # real size: 100%, from the sheet's corner
                painter.drawImage(QRect(0, 0, round(image.width() * scale), round(image.height() * scale)), image)
        finally:
            painter.end()
        where = printer.outputFileName() or printer.printerName()
        self.message.setText(self.tr("已发送到打印机：") + where)
        if self.on_output:
            self.on_output(f"printer:{where}")

    def choose_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("另存为PDF"), self.suggested_name, "PDF (*.pdf)")
        if path:
            self.save_to(path)

    def save_to(self, path: str) -> None:
        write_atomic(Path(path), self.pdf)
        self.message.setText(self.tr("已保存：") + path)
        if self.on_output:
            self.on_output(path)

    def done(self, result: int) -> None:
        self.pages.close()
        super().done(result)
