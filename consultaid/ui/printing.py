"""Printing like a desktop app: the PDF itself goes to the printer, and the window never waits.

Where the system prints through CUPS (Linux, macOS) and the chosen printer is a CUPS queue, the
document's own PDF is handed to `lp`: vector pages, embedded fonts, a spool file the size of the
PDF, and CUPS's filters fit it to the printer. Anywhere else (Windows, or a print to file), the
pages are rendered at the printer's resolution, at most 300 dpi, in a worker thread that paints
them onto the printer, behind a progress dialog that can cancel it. Both run off the UI thread:
the window keeps answering while a document spools.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRectF, QSize, Qt, QThread
from PySide6.QtCore import Signal as QtSignal
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QProgressDialog, QWidget

from consultaid.errors import ConsultAidError
from consultaid.files import prepare_private
from consultaid.ui.prompts import Prompts

# Finer than this adds nothing a patient can see on paper, and costs time and spool size.
MAX_RASTER_DPI = 300
LP_TIMEOUT = 60.0
_JOB_ID = re.compile(r"request id is (\S+)")


class PrintError(ConsultAidError):
    """The print system refused the job; the message says what to do."""


def cups_queues() -> list[str]:
    """The CUPS queues this computer can print to; empty where there is no CUPS."""
    lpstat = shutil.which("lpstat")
    if lpstat is None or shutil.which("lp") is None:
        return []
    try:
        done = subprocess.run(
            [lpstat, "-e"], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return []
    return done.stdout.split() if done.returncode == 0 else []


@dataclass(frozen=True)
class Options:
    """What the print dialog asked for, in CUPS's terms."""

    copies: int = 1
    pages: tuple[int, int] | None = None  # first and last page, 1-based
    two_sided: bool = False
    stamp: str = ""  # printed in the top margin of every page (a patient copy)

    @staticmethod
    def of(printer: QPrinter, stamp: str = "") -> Options:
        ranged = printer.printRange() == QPrinter.PrintRange.PageRange
        return Options(
            copies=max(1, printer.copyCount()),
            pages=(printer.fromPage(), printer.toPage()) if ranged and printer.fromPage() else None,
            two_sided=printer.duplex() != QPrinter.DuplexMode.DuplexNone,
            stamp=stamp,
        )


def lp_arguments(queue: str, title: str, options: Options) -> list[str]:
    """The `lp` command line that prints a PDF read from standard input."""
    args = ["lp", "-d", queue, "-t", title, "-n", str(options.copies)]
    if options.pages:
        args += ["-o", f"page-ranges={options.pages[0]}-{options.pages[1]}"]
    if options.two_sided:
        args += ["-o", "sides=two-sided-long-edge"]
    return [*args, "--", "-"]


def submit(queue: str, pdf: bytes, title: str, options: Options) -> str:
    """Hand one PDF to CUPS; returns its job id once the job is spooled."""
    lp = shutil.which("lp")
    if lp is None:
        raise PrintError("This computer has no CUPS print command. Print from another computer.")
    args = lp_arguments(queue, title, options)
    try:
        done = subprocess.run(
            [lp, *args[1:]], input=pdf, capture_output=True, timeout=LP_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise PrintError(
            f"The printer {queue} did not take the document within a minute. Check it, then "
            "print again."
        ) from error
    except OSError as error:
        raise PrintError(f"The print command could not be started ({error.strerror}).") from error
    found = _JOB_ID.search(done.stdout.decode("utf-8", "replace"))
    if done.returncode != 0 or found is None:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = f" ({reason[-1]})" if reason else ""
        raise PrintError(
            f"The printer {queue} refused the document{detail}. Check it, then print again."
        )
    return found.group(1)


class _Spool(QThread):
    """Sends each PDF to a CUPS queue with `lp`, off the UI thread."""

    def __init__(
        self, queue: str, pdfs: Sequence[bytes], title: str, options: Options, parent: QObject
    ) -> None:
        super().__init__(parent)
        self.queue, self.pdfs, self.title, self.options = queue, list(pdfs), title, options
        self.jobs: list[str] = []
        self.error = ""

    def run(self) -> None:
        # CUPS's own page label cannot hold a space (quoting it crashes cupsd 2.4), so a patient
        # copy is stamped into a copy of the PDF, still vector.
        from consultaid.consent.stamp import stamped

        try:
            for n, pdf in enumerate(self.pdfs, 1):
                title = self.title if len(self.pdfs) == 1 else f"{self.title} ({n})"
                data = stamped(pdf, self.options.stamp) if self.options.stamp else pdf
                self.jobs.append(submit(self.queue, data, title, self.options))
        except PrintError as error:
            self.error = str(error)


class _Raster(QThread):
    """Renders each page at the printer's resolution (at most 300 dpi) and paints it onto the
    printer, in this thread; stops between pages when asked to."""

    page_done = QtSignal(int, int)

    def __init__(
        self, printer: QPrinter, pdfs: Sequence[bytes], stamp: str, parent: QObject
    ) -> None:
        super().__init__(parent)
        self.printer, self.pdfs, self.stamp = printer, list(pdfs), stamp
        self.sent = 0
        self.cancelled = False
        self.error = ""

    def run(self) -> None:
        documents = [_open(pdf) for pdf in self.pdfs]
        total = sum(d.pageCount() for d, _ in documents)
        if self.printer.outputFileName():  # printing to a file: owner-only, as all we write
            prepare_private(Path(self.printer.outputFileName()))
        painter = QPainter()
        if not painter.begin(self.printer):
            self.error = "The printer could not be started. Check it, then print again."
            return
        try:
            dpi = min(self.printer.resolution(), MAX_RASTER_DPI)
            for document, _buffer in documents:
                for page in range(document.pageCount()):
                    if self.isInterruptionRequested():
                        self.cancelled = True
                        self.printer.abort()
                        return
                    if self.sent:
                        self.printer.newPage()
                    _paint_page(painter, self.printer, document, page, dpi, self.stamp)
                    self.sent += 1
                    self.page_done.emit(self.sent, total)
        finally:
            painter.end()


def _open(pdf: bytes) -> tuple[QPdfDocument, QBuffer]:
    """A QPdfDocument of the bytes, owned by the calling thread (the buffer must outlive it)."""
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    return document, buffer


def _paint_page(
    painter: QPainter, printer: QPrinter, document: QPdfDocument, page: int, dpi: int, stamp: str
) -> None:
    target = printer.pageLayout().paintRectPixels(printer.resolution())
    points = document.pagePointSize(page)
    scale = min(target.width() / points.width(), target.height() / points.height())
    size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
    painter.drawImage(
        QRectF(0, 0, points.width() * scale, points.height() * scale), document.render(page, size)
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


class PrintRun(QObject):
    """One press of Print: spools to CUPS or rasterizes, then says how it went.

    `finished` carries a one-sentence outcome ("" when it went well); `jobs` holds CUPS job ids.
    """

    finished = QtSignal(str)

    def __init__(
        self,
        parent: QWidget,
        printer: QPrinter,
        pdfs: Sequence[bytes],
        stamp: str,
        prompts: Prompts,
        title: str = "ConsultAid consent documents",
    ) -> None:
        super().__init__(parent)
        self.prompts = prompts
        self.progress: QProgressDialog | None = None
        self.jobs: list[str] = []
        self.outcome = ""
        queue = printer.printerName()
        native = printer.outputFormat() == QPrinter.OutputFormat.NativeFormat
        # Where `lp` exists (Linux, macOS), Qt's printers are CUPS queues: no need to ask CUPS.
        if native and queue and shutil.which("lp"):
            self.worker: QThread = _Spool(queue, pdfs, title, Options.of(printer, stamp), self)
        else:
            raster = _Raster(printer, pdfs, stamp, self)
            self.progress = QProgressDialog("Preparing the pages…", "Cancel", 0, 0, parent)
            self.progress.setWindowTitle("Printing")
            self.progress.setWindowModality(Qt.WindowModality.WindowModal)
            self.progress.setMinimumDuration(400)
            self.progress.canceled.connect(raster.requestInterruption)
            raster.page_done.connect(self._page_done)
            self.worker = raster
        self.worker.finished.connect(self._done)
        self.worker.start()

    @property
    def cups(self) -> bool:
        return isinstance(self.worker, _Spool)

    @property
    def sent(self) -> int:
        """Pages painted onto the printer by the worker (0 on the CUPS path, which sends files)."""
        return self.worker.sent if isinstance(self.worker, _Raster) else 0

    def cancel(self) -> None:
        self.worker.requestInterruption()

    def _page_done(self, sent: int, total: int) -> None:
        if self.progress is not None:
            self.progress.setMaximum(total)
            self.progress.setValue(sent)
            self.progress.setLabelText(f"Page {sent} of {total} sent to the printer")

    def _done(self) -> None:
        self.worker.wait()  # `finished` comes just before the thread has quite stopped
        if self.progress is not None:
            self.progress.reset()
        worker = self.worker
        message = worker.error
        if isinstance(worker, _Spool):
            self.jobs = list(worker.jobs)
        elif isinstance(worker, _Raster) and worker.cancelled:
            message = "Printing was cancelled; pages already sent may still come out."
        if message and not (isinstance(worker, _Raster) and worker.cancelled):
            self.prompts.error("Not printed", message)
        self.outcome = message
        self.finished.emit(message)


def start(
    parent: QWidget,
    printer: QPrinter,
    pdfs: Sequence[bytes],
    stamp: str,
    prompts: Prompts,
    title: str = "ConsultAid consent documents",
) -> PrintRun:
    """What the Print button does once the print dialog is accepted."""
    return PrintRun(parent, printer, pdfs, stamp, prompts, title)
