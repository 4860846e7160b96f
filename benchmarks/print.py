"""From "Print" to "job spooled", against plain `lp` of the same PDF, in the same run.

The document is a long consent form (20 questions with 5 KB answers, every risk discussed). Each
sample of the app is one press of Print once the print dialog is accepted: printing.start() with
a QPrinter on the CUPS queue, until CUPS has taken the job (lp has returned its job id) and the
app has heard so on its UI thread. Each baseline sample is `lp -d QUEUE file.pdf` of the same
bytes, run as a child process. The two alternate, and the queue is paused while they run, so that
no job is being printed (by cups-pdf's Ghostscript) while another is timed; the benchmark's jobs
are cancelled and the queue resumed at the end. With --raster it also times the fallback path
(pages rendered at 300 dpi in the worker, into a PDF file) once, for contrast.

    python benchmarks/print.py [--queue NAME] [--samples N] [--raster]

Needs a running cupsd and a queue (default: $CONSULTAID_TEST_CUPS_QUEUE, else the first queue).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pypdf import PdfReader
from PySide6.QtCore import QEventLoop
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QWidget

from consultaid.consent import render_consent_pdf
from consultaid.content import load_procedure
from consultaid.records import Store
from consultaid.ui import printing
from consultaid.ui.prompts import QtPrompts


def long_form(folder: Path) -> bytes:
    procedure = load_procedure()
    sentence = "Your surgeon explained what this means for you in the weeks after surgery. "
    answer = (sentence * 70)[:5000]
    with Store.open(folder / "bench.db") as store:
        patient = store.add_patient("B-1", "Hartley", "Jonathan", date(1960, 2, 1), "male")
        c = store.start_consultation(
            patient.id, "Dr Hart", ("C5-C6", "C6-C7"), procedure.id, procedure.content_version
        )
        for risk in procedure.risks:
            store.set_risk_discussed(c.id, risk.id, True)
        for n in range(1, 21):
            store.add_question(c.id, f"Question {n}?", answer)
        return render_consent_pdf(store, c.id, procedure)


def app_print(parent: QWidget, queue: str, pdf: bytes) -> tuple[float, str]:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPrinterName(queue)
    loop = QEventLoop()
    start = time.perf_counter()
    run = printing.start(parent, printer, [pdf], "", QtPrompts(parent), "bench")
    run.finished.connect(loop.quit)
    loop.exec()
    elapsed = time.perf_counter() - start
    if run.outcome or not run.cups:
        sys.exit(f"The app did not spool to CUPS: {run.outcome or 'no CUPS queue'}")
    return elapsed, run.jobs[0]


def plain_lp(queue: str, path: Path) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(
        ["lp", "-d", queue, "-t", "bench", str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    elapsed = time.perf_counter() - start
    return elapsed, done.stdout.split()[3]


def raster_once(parent: QWidget, pdf: bytes, folder: Path) -> tuple[float, int]:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setResolution(printing.MAX_RASTER_DPI)
    out = folder / "raster.pdf"
    printer.setOutputFileName(str(out))
    loop = QEventLoop()
    start = time.perf_counter()
    run = printing.start(parent, printer, [pdf], "", QtPrompts(parent))
    run.finished.connect(loop.quit)
    loop.exec()
    return time.perf_counter() - start, out.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--queue", default=os.environ.get("CONSULTAID_TEST_CUPS_QUEUE", ""))
    parser.add_argument("--samples", type=int, default=15)
    parser.add_argument("--raster", action="store_true")
    args = parser.parse_args()
    queues = printing.cups_queues()
    queue = args.queue or (queues[0] if queues else "")
    if queue not in queues:
        sys.exit("No CUPS queue to print to: start cupsd and add one (see .ci/run).")
    app = QApplication.instance() or QApplication(sys.argv)
    parent = QWidget()
    folder = Path(tempfile.mkdtemp())
    pdf = long_form(folder)
    path = folder / "form.pdf"
    path.write_bytes(pdf)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    subprocess.run(["cupsdisable", queue], check=True, timeout=30)
    jobs: list[str] = []
    app_times: list[float] = []
    lp_times: list[float] = []
    try:
        app_print(parent, queue, pdf)  # warm-up: imports, lpstat, first QPrinter
        for _ in range(args.samples):
            t, job = app_print(parent, queue, pdf)
            app_times.append(t)
            jobs.append(job)
            t, job = plain_lp(queue, path)
            lp_times.append(t)
            jobs.append(job)
    finally:
        subprocess.run(["cancel", "-a", queue], check=False, timeout=30)
        subprocess.run(["cupsenable", queue], check=False, timeout=30)
    app_ms = statistics.median(app_times) * 1000
    lp_ms = statistics.median(lp_times) * 1000
    print(f"document: consent form, {pages} pages, {len(pdf) / 1024:.0f} KiB PDF")
    print(f"queue {queue}, {args.samples} samples each, queue paused while timing")
    print(f"app  Print -> job spooled  median {app_ms:7.1f} ms  max {max(app_times) * 1000:.1f}")
    print(f"lp   file  -> job spooled  median {lp_ms:7.1f} ms  max {max(lp_times) * 1000:.1f}")
    print(f"ratio app / lp: {app_ms / lp_ms:.2f}")
    print(f"spooled per job: {len(pdf) / 1024:.0f} KiB (the PDF itself)")
    if args.raster:
        seconds, size = raster_once(parent, pdf, folder)
        print(
            f"fallback raster at {printing.MAX_RASTER_DPI} dpi into a PDF file: {seconds:.1f} s, "
            f"{size / 1024 / 1024:.1f} MiB"
        )
    del app


if __name__ == "__main__":
    main()
