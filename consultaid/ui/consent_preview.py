"""The consent summary on screen before it goes to paper: preview, print, save, a patient copy.

QtPdf is imported with this module, which the main window loads only when the preview is opened,
so start-up stays light. Printing renders each page from QPdfDocument at the printer's resolution.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from consultaid.errors import ConsultAidError
from consultaid.files import write_atomically
from consultaid.ui.prompts import Prompts

PATIENT_COPY = "Patient copy"
# Pages are rendered at the printer's resolution up to this; finer adds nothing on paper.
MAX_PRINT_DPI = 600


class ConsentPreview(QDialog):
    def __init__(
        self, pdf: bytes, title: str, suggested_name: str, prompts: Prompts, parent=None
    ) -> None:
        super().__init__(parent)
        self.pdf = pdf
        self.prompts = prompts
        self.suggested_name = suggested_name
        self.setWindowTitle(f"Consent summary — {title}")
        self.setAccessibleName("Consent summary preview")
        self.resize(980, 900)
        self._bytes = QByteArray(pdf)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setAccessibleName("Consent summary pages")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.pages = QLabel(f"{self.document.pageCount()} pages")
        buttons = QHBoxLayout()
        buttons.addWidget(self.pages)
        buttons.addStretch(1)
        for text, slot in (
            ("Print…", self.print_dialog),
            ("Print patient copy…", lambda: self.print_dialog(PATIENT_COPY)),
            ("Save as PDF…", self.save_as),
            ("Close", self.accept),
        ):
            button = QPushButton(text)
            button.setAccessibleName(text.rstrip("…"))
            button.clicked.connect(slot)
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def print_dialog(self, stamp: str = "") -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer, stamp)

    def print_to(self, printer: QPrinter, stamp: str = "") -> int:
        """Print every page at the printer's resolution; returns the number of pages sent.

        A stamp ("Patient copy") is printed in the top margin of each page; the document itself
        (and so its stored hash) is unchanged.
        """
        count = self.document.pageCount()
        painter = QPainter()
        if not painter.begin(printer):
            self.prompts.error("Cannot print", "The printer could not be started. Check it.")
            return 0
        try:
            dpi = min(printer.resolution(), MAX_PRINT_DPI)
            for page in range(count):
                if page:
                    printer.newPage()
                target = printer.pageLayout().paintRectPixels(printer.resolution())
                points = self.document.pagePointSize(page)
                scale = min(target.width() / points.width(), target.height() / points.height())
                image = self.document.render(
                    page, QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
                )
                painter.drawImage(
                    QRectF(0, 0, points.width() * scale, points.height() * scale), image
                )
                if stamp:
                    font = QFont("DejaVu Sans")
                    font.setPixelSize(round(10 * scale))
                    font.setBold(True)
                    painter.setFont(font)
                    painter.setPen(QColor("#8a4b0f"))
                    painter.drawText(
                        QRectF(0, 8 * scale, points.width() * scale - 40 * scale, 20 * scale),
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                        stamp,
                    )
        finally:
            painter.end()
        return count

    def save_as(self) -> None:
        path = self.prompts.save_file(
            "Save the consent summary", self.suggested_name, "PDF documents (*.pdf)"
        )
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        try:
            write_atomically(Path(path), self.pdf)
        except ConsultAidError as exc:
            self.prompts.error("Not saved", str(exc))
            return
        self.setWindowTitle(self.windowTitle().split(" · ")[0] + f" · saved to {path.name}")

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.accept()
        else:
            super().keyPressEvent(event)
