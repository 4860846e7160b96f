"""Files from the consent preview carry no identifier and stay private: suggested names hold the
date and the consultation's number (never a name or MRN, which would land in the desktop's list
of recent files), and a PDF printed to a file or saved is its owner's alone."""

from __future__ import annotations

import os
import stat
from datetime import date

import pytest
from PySide6.QtPrintSupport import QPrinter

MRN = "MRN-7Q-NAMES"
FAMILY, GIVEN = "Quispe-Mamani", "Wayra"


@pytest.fixture
def window(open_window, store):
    win = open_window(store)
    patient = store.add_patient(
        mrn=MRN, family_name=FAMILY, given_names=GIVEN, date_of_birth=date(1961, 8, 9), sex="male"
    )
    win.start_consultation(patient.id)
    return win


@pytest.fixture
def preview(qtbot, window):
    window.summary_action.trigger()
    shown = window.commands.consent_preview
    qtbot.addWidget(shown)
    return shown


def test_suggested_names_hold_the_date_and_number_not_the_patient(window, preview):
    consultation = window.consultations.record.consultation
    day = consultation.started_at.astimezone().date().isoformat()
    names = [page.item.file_name for page in preview.pages]
    assert names == [
        f"consent-form-{day}-consultation-{consultation.id}.pdf",
        f"leaflet-{day}-consultation-{consultation.id}.pdf",
    ]
    for name in names:
        for detail in (MRN, "7Q", FAMILY, "Quispe", GIVEN, "1961"):
            assert detail not in name


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_printing_to_a_file_and_saving_write_owner_only_files(preview, prompts, tmp_path):
    old = os.umask(0)
    try:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setResolution(72)
        printer.setOutputFileName(str(tmp_path / "printed.pdf"))
        assert preview.print_to(printer, which=[0]) > 0
        prompts.file_answer = tmp_path / "saved.pdf"
        preview.save_as()
    finally:
        os.umask(old)
    for name in ("printed.pdf", "saved.pdf"):
        written = tmp_path / name
        assert written.read_bytes().startswith(b"%PDF")
        assert stat.S_IMODE(written.stat().st_mode) == 0o600, name
