"""Printing like a desktop app (issue 12 item 4): the PDF itself to a CUPS queue, otherwise
pages rendered in a worker at no more than 300 dpi behind a progress dialog that cancels.

The end-to-end test prints through a real CUPS queue: .ci/run starts cupsd and adds a cups-pdf
queue, naming it and cups-pdf's output folder in CONSULTAID_TEST_CUPS_QUEUE and
CONSULTAID_TEST_CUPS_OUT. Without them (or without a running cupsd) it is skipped.
"""

from __future__ import annotations

import io
import os
import shutil
import time
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from consultaid.consent import render_consent_pdf
from consultaid.content import load_procedure
from consultaid.ui import printing
from consultaid.ui.consent_preview import PATIENT_COPY

PATIENT = ("Hartley", "Jonathan")


@pytest.fixture(scope="module")
def procedure():
    return load_procedure()


@pytest.fixture
def summary_pdf(store, procedure) -> bytes:
    patient = store.add_patient("P-12", *PATIENT, date(1960, 2, 1), "male")
    c = store.start_consultation(
        patient.id, "Dr Hart", ("C5-C6",), procedure.id, procedure.content_version
    )
    store.set_risk_discussed(c.id, "dysphagia-early", True)
    return render_consent_pdf(store, c.id, procedure)


def pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def file_printer(path: Path, dpi: int) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setResolution(dpi)
    printer.setOutputFileName(str(path))
    return printer


def test_lp_gets_the_dialogs_choices():
    options = printing.Options(copies=2, pages=(2, 3), two_sided=True, stamp="Patient copy")
    assert printing.lp_arguments("Ward_7", "Consent", options) == [
        "lp",
        *("-d", "Ward_7", "-t", "Consent", "-n", "2"),
        *("-o", "page-ranges=2-3", "-o", "sides=two-sided-long-edge"),
        "--",
        "-",
    ]


def test_without_cups_pages_are_rendered_in_a_worker_at_no_more_than_300_dpi(
    qtbot, summary_pdf, prompts, tmp_path
):
    parent = _parent(qtbot)
    out = tmp_path / "out.pdf"
    run = printing.start(parent, file_printer(out, 1200), [summary_pdf], "", prompts)
    assert not run.cups
    with qtbot.waitSignal(run.finished, timeout=120_000) as outcome:
        pass
    assert outcome.args == [""]
    printed = PdfReader(out)
    assert len(printed.pages) == pages(summary_pdf)
    width_inches = float(printed.pages[0].mediabox.width) / 72
    image = next(iter(printed.pages[0].images))
    assert image.image.width <= round(width_inches * printing.MAX_RASTER_DPI) + 1


def test_cancel_stops_between_pages_and_says_so(qtbot, summary_pdf, prompts, tmp_path):
    parent = _parent(qtbot)
    run = printing.start(
        parent, file_printer(tmp_path / "out.pdf", 72), [summary_pdf] * 2, "", prompts
    )
    # Cancel from the worker's own thread once the first page is out: no race with the UI.
    run.worker.page_done.connect(lambda *_: run.cancel(), Qt.ConnectionType.DirectConnection)
    with qtbot.waitSignal(run.finished, timeout=120_000) as outcome:
        pass
    assert "cancelled" in outcome.args[0]
    assert run.worker.sent == 1
    assert prompts.errors == []


def _parent(qtbot):
    from PySide6.QtWidgets import QWidget

    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


QUEUE = os.environ.get("CONSULTAID_TEST_CUPS_QUEUE", "")
OUT = os.environ.get("CONSULTAID_TEST_CUPS_OUT", "")


@pytest.mark.slow
@pytest.mark.skipif(not (QUEUE and OUT), reason="no CUPS test queue (set up by .ci/run)")
def test_the_consent_form_prints_through_a_real_cups_queue(qtbot, open_window, store):
    """Print in the consent preview, as a user would after choosing the queue in the dialog."""
    if QUEUE not in printing.cups_queues():
        pytest.skip(f"cupsd is not running or has no queue {QUEUE}")
    window = open_window(store)
    patient = store.add_patient("P-12", *PATIENT, date(1960, 2, 1), "male")
    window.start_consultation(patient.id)
    window.summary_action.trigger()
    preview = window.commands.consent_preview
    qtbot.addWidget(preview)
    form = preview.pages[0]
    before = {p: p.stat().st_mtime_ns for p in Path(OUT).glob("*.pdf")}
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPrinterName(QUEUE)
    assert preview.print_to(printer, which=[0]) == form.document.pageCount()
    out = _spooled_pdf(Path(OUT), before, expected_pages=pages(form.item.pdf))
    text = " ".join(" ".join(p.extract_text() for p in out.pages).split())
    # Text, not pictures of text: the PDF itself went to the printer, nothing was rasterized.
    assert "Hartley, Jonathan" in text and "Patient copy" not in text
    # A patient copy: stamped on every page of a copy sent as a PDF; the stored one unchanged.
    before = {p: p.stat().st_mtime_ns for p in Path(OUT).glob("*.pdf")}
    assert preview.print_to(printer, PATIENT_COPY, [0]) == form.document.pageCount()
    copy = _spooled_pdf(Path(OUT), before, expected_pages=pages(form.item.pdf))
    for page in copy.pages:
        assert "Patient copy" in " ".join(page.extract_text().split())


def _new(folder: Path, before: dict[Path, int]) -> list[Path]:
    return [p for p in folder.glob("*.pdf") if before.get(p) != p.stat().st_mtime_ns]


def _spooled_pdf(folder: Path, before: dict[Path, int], expected_pages: int) -> PdfReader:
    """The PDF cups-pdf writes for the job, once it is complete (it appears, then fills)."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        for path in _new(folder, before):
            try:
                reader = PdfReader(path)
                if len(reader.pages) == expected_pages:
                    return reader
            except Exception:  # still being written
                pass
        time.sleep(0.25)
    found = _new(folder, before)
    raise AssertionError(f"cups-pdf wrote no complete {expected_pages}-page PDF: {found}")


@pytest.mark.skipif(shutil.which("lp") is None, reason="no CUPS lp command here")
def test_a_queue_cups_refuses_is_one_sentence_for_the_user(summary_pdf):
    """Qt's dialog only offers existing queues; one can still vanish before Print is pressed."""
    with pytest.raises(printing.PrintError) as refused:
        printing.submit("No_Such_Queue_12", summary_pdf, "Consent", printing.Options())
    message = str(refused.value)
    assert message.startswith("The printer No_Such_Queue_12 refused the document")
    assert message.endswith("Check it, then print again.") and "\n" not in message
