"""The consultation's two documents on screen before they go to paper: the consent form and the
leaflet "Your operation", one tab each; print either or both, save, print a patient copy.

QtPdf is imported with this module, which the main window loads only when the preview is opened,
so start-up stays light. Printing goes through printing.py: the PDF itself to a CUPS queue, pages
rendered in a worker thread elsewhere; the window never waits.
A sealed document shows its SHA-256 under its pages: a PDF cannot print its own fingerprint.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QEventLoop, QIODevice, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from consultaid.errors import ConsultAidError
from consultaid.files import write_atomically
from consultaid.ui import printing
from consultaid.ui.prompts import Prompts

PATIENT_COPY = "Patient copy"
BOTH = "Both"


@dataclass(frozen=True)
class PreviewDocument:
    """One document to show: its title, bytes, a file name to suggest, and whether it is sealed."""

    title: str
    pdf: bytes
    file_name: str
    sealed: bool = False


class _Page(QWidget):
    """One document's pages, with its page count and, once sealed, its SHA-256."""

    def __init__(self, item: PreviewDocument, parent: QWidget) -> None:
        super().__init__(parent)
        self.item = item
        self._bytes = QByteArray(item.pdf)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setAccessibleName(f"{item.title} pages")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        count = self.document.pageCount()
        text = f"{count} page" + ("" if count == 1 else "s")
        if item.sealed:
            text += f" · sealed · SHA-256 {hashlib.sha256(item.pdf).hexdigest()}"
        self.info = QLabel(text)
        self.info.setAccessibleName(f"{item.title} details")
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.info)


class ConsentPreview(QDialog):
    def __init__(
        self,
        documents: Sequence[PreviewDocument],
        title: str,
        prompts: Prompts,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.prompts = prompts
        self.setWindowTitle(f"Consent documents — {title}")
        self.setAccessibleName("Consent documents preview")
        self.resize(980, 900)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Consent documents")
        self.pages: list[_Page] = []
        for item in documents:
            page = _Page(item, self.tabs)
            self.pages.append(page)
            self.tabs.addTab(page, item.title)
        buttons = QHBoxLayout()
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
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)

    @property
    def pdf(self) -> bytes:
        """The bytes of the document shown."""
        return self.pages[self.tabs.currentIndex()].item.pdf

    @property
    def document(self) -> QPdfDocument:
        return self.pages[self.tabs.currentIndex()].document

    def choose_documents(self, stamp: str = "") -> list[int] | None:
        """Which documents to print: asked when there are two (either or both); None: cancelled."""
        if len(self.pages) < 2:
            return list(range(len(self.pages)))
        options = [p.item.title for p in self.pages] + [BOTH]
        action = "print a patient copy of" if stamp else "print"
        picked = self.prompts.choose("Print", f"What do you want to {action}?", options)
        if picked is None:
            return None
        return list(range(len(self.pages))) if picked == len(self.pages) else [picked]

    def print_dialog(self, stamp: str = "") -> None:
        which = self.choose_documents(stamp)
        if not which:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_run = self.start_printing(printer, stamp, which)

    def start_printing(
        self, printer: QPrinter, stamp: str = "", which: Sequence[int] | None = None
    ) -> printing.PrintRun:
        """Send the chosen documents (all if None) to the printer without waiting: the PDF
        itself to a CUPS queue, or pages rendered in a worker (printing.py).

        A stamp ("Patient copy") is printed on each page; the documents themselves (and so
        their stored hashes) are unchanged.
        """
        chosen = [self.pages[i].item for i in (which or range(len(self.pages)))]
        title = " + ".join(item.title for item in chosen)
        return printing.start(self, printer, [i.pdf for i in chosen], stamp, self.prompts, title)

    def print_to(
        self, printer: QPrinter, stamp: str = "", which: Sequence[int] | None = None
    ) -> int:
        """start_printing, then wait (the window still answering) until the pages are sent or
        spooled; returns their number, 0 when printing failed."""
        chosen = list(which or range(len(self.pages)))
        run = self.start_printing(printer, stamp, chosen)
        loop = QEventLoop()
        run.finished.connect(loop.quit)
        loop.exec()
        if run.outcome:
            return 0
        if run.cups:
            return sum(
                self.pages[i].document.pageCount() for i in (which or range(len(self.pages)))
            )
        return run.sent

    def save_as(self) -> None:
        """Save the document shown."""
        item = self.pages[self.tabs.currentIndex()].item
        path = self.prompts.save_file(f"Save the {item.title}", item.file_name, "PDF (*.pdf)")
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        try:
            write_atomically(Path(path), item.pdf)
        except ConsultAidError as exc:
            self.prompts.error("Not saved", str(exc))
            return
        self.setWindowTitle(self.windowTitle().split(" · ")[0] + f" · saved to {path.name}")

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.accept()
        else:
            super().keyPressEvent(event)
