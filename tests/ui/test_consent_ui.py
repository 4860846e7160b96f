"""The consent documents in the app: preview (form and leaflet), print either or both, save,
sign on screen, settings, sealing."""

import io
import sqlite3
from datetime import date

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt
from PySide6.QtPrintSupport import QPrinter

from consultaid.consent import labels
from consultaid.consent.sealing import LEAFLET, sealed_document
from tests.windows import sign_for_finalizing


@pytest.fixture
def window(open_window, store):
    win = open_window(store)
    patient = store.add_patient(
        mrn="C-1",
        family_name="Παπαδοπούλου",
        given_names="Σοφία",
        date_of_birth=date(1958, 3, 4),
        sex="female",
    )
    win.start_consultation(patient.id)
    return win


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def open_preview(qtbot, window):
    window.summary_action.trigger()
    preview = window.commands.consent_preview
    qtbot.addWidget(preview)
    return preview


def page_count(preview) -> int:
    return sum(page.document.pageCount() for page in preview.pages)


def pdf_printer(tmp_path, name: str) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setResolution(100)
    printer.setOutputFileName(str(tmp_path / name))
    return printer


def test_the_preview_shows_the_form_and_the_leaflet_and_saves_either(
    qtbot, window, prompts, tmp_path
):
    preview = open_preview(qtbot, window)
    assert [preview.tabs.tabText(i) for i in range(preview.tabs.count())] == [
        "Consent form",
        "Leaflet",
    ]
    form = pdf_text(preview.pdf)
    assert "Σοφία" in form and labels.CONSENT_FORM_TITLE in form
    prompts.file_answer = tmp_path / "copy"
    preview.save_as()
    assert (tmp_path / "copy.pdf").read_bytes() == preview.pdf
    preview.tabs.setCurrentIndex(1)
    leaflet = pdf_text(preview.pdf)
    assert labels.LEAFLET_TITLE in leaflet and labels.SECTION_STEPS in leaflet
    assert preview.document.pageCount() > preview.pages[0].document.pageCount()
    prompts.file_answer = tmp_path / "leaflet.pdf"
    preview.save_as()
    assert (tmp_path / "leaflet.pdf").read_bytes() == preview.pdf


def test_printing_renders_every_page_of_both_at_the_printer_resolution(qtbot, window, tmp_path):
    preview = open_preview(qtbot, window)
    printer = pdf_printer(tmp_path, "printed.pdf")
    assert preview.print_to(printer) == page_count(preview)
    printed = PdfReader(str(tmp_path / "printed.pdf"))
    assert len(printed.pages) == page_count(preview)


def test_print_offers_either_document_or_both(qtbot, window, prompts, tmp_path):
    preview = open_preview(qtbot, window)
    prompts.choice_answer = 1
    assert preview.choose_documents() == [1]
    assert prompts.choices[-1][1] == ["Consent form", "Leaflet", "Both"]
    prompts.choice_answer = 2
    assert preview.choose_documents() == [0, 1]
    prompts.choice_answer = None
    assert preview.choose_documents() is None
    printer = pdf_printer(tmp_path, "leaflet.pdf")
    assert preview.print_to(printer, which=[1]) == preview.pages[1].document.pageCount()


def test_the_patient_copy_is_stamped_on_every_page_of_both(qtbot, window, tmp_path):
    from consultaid.ui.consent_preview import PATIENT_COPY

    preview = open_preview(qtbot, window)
    printer = pdf_printer(tmp_path, "copy.pdf")
    assert preview.print_to(printer, PATIENT_COPY) == page_count(preview)
    copy = PdfReader(str(tmp_path / "copy.pdf")).pages
    assert len(copy) == page_count(preview)
    for page in copy:
        assert PATIENT_COPY in " ".join(page.extract_text().split())


def test_saving_to_an_unwritable_place_says_so(qtbot, window, prompts, tmp_path):
    preview = open_preview(qtbot, window)
    prompts.file_answer = tmp_path / "no-such-folder" / "x.pdf"
    preview.save_as()
    assert "Cannot write" in prompts.errors[-1][1]


def test_signing_on_screen_stores_strokes_and_prints_them(qtbot, window, store):
    window.sign_action.trigger()
    dialog = window.commands.signature_dialog
    qtbot.addWidget(dialog)
    pad = dialog.pad
    pad.resize(600, 200)
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(60, 120))
    for x in range(70, 400, 15):
        qtbot.mouseMove(pad, QPoint(x, 100 + (x % 30)))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(400, 110))
    dialog.accept()
    signatures = window.consultations.record.signatures
    assert len(signatures) == 1 and signatures[0].role == "patient"
    assert signatures[0].strokes and len(signatures[0].strokes[0].points) > 10
    assert "Σοφία" in signatures[0].printed_name
    preview = open_preview(qtbot, window)
    assert "Σοφία Παπαδοπούλου" in pdf_text(preview.pdf)


def test_an_empty_signature_is_not_saved(qtbot, window):
    window.sign_action.trigger()
    dialog = window.commands.signature_dialog
    qtbot.addWidget(dialog)
    dialog.accept()
    assert "Sign in the box" in dialog.message.text()
    assert window.consultations.record.signatures == ()


def test_settings_are_kept_in_the_database_and_printed(qtbot, window, store):
    window.settings_action.trigger()
    dialog = window.commands.settings_dialog
    qtbot.addWidget(dialog)
    dialog.clinic_name.setText("Harbour Spine Unit")
    dialog.clinic_address.setPlainText("1 Quay Street\nPort Example")
    dialog.paper.setCurrentText("Letter")
    first = next(iter(dialog.advice.values()))
    first.setPlainText("Nothing heavier than 2 kg until we see you.")
    dialog.accept()
    assert store.get_setting("clinic.name") == "Harbour Spine Unit"
    preview = open_preview(qtbot, window)
    text = pdf_text(preview.pdf)
    leaflet = pdf_text(preview.pages[1].item.pdf)
    assert "Harbour Spine Unit" in text and "Harbour Spine Unit" in leaflet
    assert "Nothing heavier than 2 kg" in leaflet
    assert float(PdfReader(io.BytesIO(preview.pdf)).pages[0].mediabox.height) == pytest.approx(792)


def test_finalizing_seals_the_summary(qtbot, window, store):
    sign_for_finalizing(window)
    window.finalize_action.trigger()
    cid = window.consultations.consultation_id
    document = sealed_document(store, cid)
    leaflet = sealed_document(store, cid, LEAFLET)
    assert document is not None and leaflet is not None
    preview = open_preview(qtbot, window)
    assert preview.pdf == store.document_pdf(document.id)
    assert preview.pages[1].item.pdf == store.document_pdf(leaflet.id)
    assert f"SHA-256 {document.sha256}" in preview.pages[0].info.text()
    assert f"SHA-256 {leaflet.sha256}" in preview.pages[1].info.text()
    conn = sqlite3.connect(store.path)
    try:
        actions = [r[0] for r in conn.execute("SELECT action FROM audit_log")]
    finally:
        conn.close()
    assert "finalize" in actions and "add_document" in actions


def test_an_amendment_of_a_final_consultation_seals_a_new_summary(qtbot, window, store):
    sign_for_finalizing(window)
    window.finalize_action.trigger()
    cid = window.consultations.consultation_id
    first = sealed_document(store, cid)
    assert window.amend_action.isEnabled()
    window.amend_action.trigger()
    dialog = window.commands.amend_dialog
    qtbot.addWidget(dialog)
    dialog.what.setCurrentIndex(dialog.what.findText("A risk was discussed"))
    dialog.item.setCurrentIndex(dialog.item.findData("haematoma"))
    dialog.accept()
    assert "reason" in dialog.message.text().lower()
    dialog.reason.setPlainText("Bleeding was discussed; the tick was missed.")
    dialog.accept()
    record = window.consultations.record
    assert record.risk_discussed("haematoma")
    assert record.amendments and record.amendments[0].reason.startswith("Bleeding")
    second = sealed_document(store, cid)
    assert second.id != first.id and second.supersedes_id == first.id
    assert store.document_pdf(first.id)


def test_an_interpreter_and_a_representative_get_their_signature_blocks(qtbot, window):
    people = window.discussion_panel.people
    interpreter = people["interpreter"]
    interpreter.check.click()
    interpreter.name.setText("Νίκος Γεωργίου")
    interpreter.detail.setText("Greek")
    interpreter.name.editingFinished.emit()
    representative = people["representative"]
    representative.check.click()
    representative.name.setText("Maria Papadopoulou")
    representative.detail.setText("Daughter")
    representative.detail.editingFinished.emit()
    record = window.consultations.record
    assert record.answer("interpreter") == {"name": "Νίκος Γεωργίου", "language": "Greek"}
    assert record.answer("representative")["relationship"] == "Daughter"
    text = pdf_text(open_preview(qtbot, window).pdf)
    assert "Νίκος Γεωργίου" in text and "Greek" in text
    assert "Maria Papadopoulou" in text and "Daughter" in text
    interpreter.check.click()
    assert window.consultations.record.answer("interpreter") is None
