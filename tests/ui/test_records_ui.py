"""The consultation record on screen: saved the moment it changes, and brought back on reopening."""

import sqlite3
from datetime import date

import pytest
from PySide6.QtCore import Qt

from consultaid import assessment as a
from consultaid.content import load_procedure
from consultaid.records import Store
from consultaid.records.validation import MAX_NOTE_BYTES
from consultaid.strokes import Stroke
from consultaid.ui.app import build_main_window, reopen_last
from consultaid.ui.patient_form import PatientForm
from consultaid.ui.patients_dialog import PatientsDialog
from tests.windows import sign_for_finalizing


@pytest.fixture
def patient(store):
    return store.add_patient(
        mrn="MRN-1",
        family_name="Lefèvre",
        given_names="Zoë",
        date_of_birth=date(1950, 5, 1),
        sex="female",
    )


@pytest.fixture
def record_window(open_window, store, patient):
    win = open_window(store)
    win.start_consultation(patient.id)
    return win


def db_row(store, sql, *args):
    """Read straight from the file, as another program would."""
    conn = sqlite3.connect(store.path)
    try:
        return conn.execute(sql, args).fetchone()
    finally:
        conn.close()


def test_filling_the_mjoa_items_shows_the_total_and_band(record_window):
    panel = record_window.candidacy_panel
    left = 13
    for item in record_window.walkthrough.procedure.mjoa.items:
        points = min(item.max_points, left)
        left -= points
        combo = panel.mjoa_boxes[item.id]
        combo.setCurrentIndex(combo.findData(points))
        combo.activated.emit(combo.currentIndex())
    band = a.mjoa_band(record_window.walkthrough.procedure.mjoa, 13)
    assert band.id == "moderate"
    assert f"mJOA 13 of 18: {band.name}" in panel.mjoa_total.text()
    assert band.guidance[:40] in panel.prompts.text()


def test_ticking_a_risk_saves_it_with_its_time(record_window, store):
    record_window.walkthrough.go_to(1)
    panel = record_window.risk_panel
    risk_id, row = next(iter(panel.visible_rows().items()))
    row.check.click()
    saved = db_row(store, "SELECT discussed, at FROM risk_discussions WHERE risk_id = ?", risk_id)
    assert saved is not None and saved[0] == 1 and saved[1]
    assert "Discussed at" in row.when.text()
    total = len(record_window.walkthrough.procedure.risks)
    assert f"{total - 1} of {total}" in panel.remaining.text()


def test_a_recorded_factor_marks_the_risks_it_raises(record_window):
    record_window.candidacy_panel.checks["smoking"].click()
    record_window.walkthrough.go_to(1)
    row = record_window.risk_panel.rows["infection"]
    assert "Smokes" in row.raised.text()


def test_height_out_of_range_is_refused_inline_and_nothing_is_saved(record_window):
    field = record_window.candidacy_panel.numbers["height"]
    field.edit.setText("17")
    field.commit()
    assert "outside the range" in field.message.text()
    assert record_window.consultations.record.answer("height") is None
    field.edit.setText("172")
    field.commit()
    assert record_window.consultations.record.answer("height") == 172
    assert field.message.isHidden()


def test_close_and_reopen_brings_back_the_same_state(
    qtbot, record_window, settings, prompts, store
):
    record_window.candidacy_panel.checks["diabetes"].click()
    record_window.levels.setCurrentIndex(record_window.levels.findText("C6-C7"))
    record_window.walkthrough.go_to(3)
    record_window.risk_panel.rows["non-union"].check.click()
    cid = record_window.consultations.consultation_id
    record_window.close()
    again = build_main_window(load_procedure(), settings, prompts, store)
    qtbot.addWidget(again)
    reopen_last(again)
    assert again.consultations.consultation_id == cid
    assert again.walkthrough.levels == ("C6-C7",)
    assert again.walkthrough.step.id == "implant-graft"
    assert again.candidacy_panel.checks["diabetes"].isChecked()
    assert again.consultations.record.risk_discussed("non-union")


def test_drawings_are_saved_and_come_back(qtbot, record_window, settings, prompts, store):
    from tests.ui.test_main_window import draw_line

    view = record_window.illustration
    centre = view.rect().center()
    draw_line(qtbot, view, centre, centre + centre / 4)
    assert record_window.consultations.record.annotation("condition")
    record_window.close()
    again = build_main_window(load_procedure(), settings, prompts, store)
    qtbot.addWidget(again)
    reopen_last(again)
    assert len(again.walkthrough.strokes()) == 1


def test_finalize_lists_what_is_missing_then_makes_the_record_read_only(record_window, prompts):
    sign_for_finalizing(record_window)
    record_window.finalize_action.trigger()
    _title, message = prompts.confirms[-1]
    total = len(record_window.walkthrough.procedure.risks)
    assert f"{total} risks not ticked" in message and "No teach-back" in message
    assert record_window.consultations.is_final
    assert not record_window.candidacy_panel.isEnabled()
    assert not record_window.risk_panel.isEnabled()
    assert not record_window.illustration.drawing_enabled
    assert "FINAL" in record_window.banner.text()


def test_cancelling_finalize_keeps_the_draft(record_window, prompts):
    prompts.confirm_answer = False
    sign_for_finalizing(record_window)
    record_window.finalize_action.trigger()
    assert not record_window.consultations.is_final


def test_opening_another_consultation_closes_the_presenter(qtbot, record_window, store, patient):
    qtbot.keyClick(record_window, Qt.Key.Key_F5)
    assert record_window.presenter is not None
    other = store.add_patient(
        mrn="MRN-2",
        family_name="Kuznetsova",
        given_names="Anna",
        date_of_birth=date(1970, 1, 2),
        sex="female",
    )
    record_window.start_consultation(other.id)
    assert record_window.presenter is None


def test_long_answers_save_and_too_long_ones_are_refused_without_loss(record_window, prompts):
    panel = record_window.discussion_panel
    panel.new_question.click()
    box = next(iter(panel.question_boxes.values()))
    box.answer.setPlainText("é" * 50_000)
    box.answer.flush()
    assert len(record_window.consultations.record.questions[0].answer) == 50_000
    too_long = "x" * (MAX_NOTE_BYTES + 1)
    box.answer.setPlainText(too_long)
    box.answer.flush()
    assert prompts.errors and "100 KB" in prompts.errors[-1][1]
    assert box.answer.toPlainText() == too_long
    assert len(record_window.consultations.record.questions[0].answer) == 50_000


def test_teach_back_and_alternatives_are_saved(record_window):
    panel = record_window.discussion_panel
    panel.alternatives["no-treatment"].click()
    panel.teach_buttons["partly"].click()
    panel.teach_note.setText("Explained the risks back; re-explained the alternatives.")
    panel.teach_note.editingFinished.emit()
    record = record_window.consultations.record
    assert record.alternative_discussed("no-treatment")
    assert record.teach_back.result == "partly"
    assert record.teach_back.note.startswith("Explained")


def test_patient_form_refuses_bad_input_inline(qtbot, store, patient, record_window):
    form = PatientForm(record_window.controller)
    qtbot.addWidget(form)
    form.mrn.setText("MRN-1")
    form.family.setText("Someone")
    form.dob.setText("1980-02-03")
    form.accept()
    assert "already" in form.message.text() and form.result() == 0
    form.mrn.setText("MRN-9")
    form.dob.setText("2999-01-01")
    form.accept()
    assert "future" in form.message.text()
    form.dob.setText("1890-01-01")
    form.accept()
    assert "120" in form.message.text()
    form.dob.setText("03/02/1980")
    form.accept()
    assert "YYYY-MM-DD" in form.message.text()
    form.dob.setText("1980-02-03")
    form.family.setText("   ")
    form.accept()
    assert "family name" in form.message.text()
    assert len(store.search_patients("")) == 1
    form.family.setText("Παπαδοπούλου")
    form.accept()
    assert form.saved is not None and form.saved.family_name == "Παπαδοπούλου"


def test_patient_search_ignores_accents(qtbot, store, patient, record_window):
    dialog = PatientsDialog(record_window.controller)
    qtbot.addWidget(dialog)
    dialog.search.setText("zoe lefe")
    dialog.run_search()
    assert dialog.results.count() == 1
    assert "Lefèvre" in dialog.results.item(0).text()
    dialog.search.setText("MRN-")
    dialog.run_search()
    assert dialog.results.count() == 1


def test_patient_search_says_when_nothing_matches(qtbot, store, patient, record_window):
    dialog = PatientsDialog(record_window.controller)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.search.setText("nobody-by-this-name")
    dialog.run_search()
    assert dialog.results.count() == 0
    assert dialog.empty.isVisible() and "No patient matches" in dialog.empty.text()


def test_a_draft_from_an_earlier_day_opens_read_only_but_can_be_finalized(
    qtbot, settings, prompts, tmp_path, patient
):
    from datetime import UTC, datetime, timedelta

    yesterday = datetime.now(UTC) - timedelta(days=2)
    with Store.open(tmp_path / "old.db", clock=lambda: yesterday) as old:
        p = old.add_patient(
            mrn="OLD-1",
            family_name="Earlier",
            given_names="Day",
            date_of_birth=date(1960, 1, 1),
            sex="male",
        )
        procedure = load_procedure()
        cid = old.start_consultation(
            p.id, "Dr Past", ("C5-C6",), procedure.id, procedure.content_version
        ).id
        stroke = Stroke("black", ((10.0, 10.0), (60.0, 40.0)))
        old.save_signature(cid, "patient", "Day Earlier", (stroke,))
        old.save_signature(cid, "surgeon", "Dr Past", (stroke,))
    with Store.open(tmp_path / "old.db") as store:
        win = build_main_window(load_procedure(), settings, prompts, store)
        qtbot.addWidget(win)
        win.open_consultation(cid)
        assert win.consultations.is_past and not win.consultations.editable
        assert "earlier day" in win.banner.text()
        assert not win.candidacy_panel.isEnabled() and not win.illustration.drawing_enabled
        assert win.finalize_action.isEnabled()
        win.finalize_action.trigger()
        assert win.consultations.is_final


def test_every_control_of_the_record_panels_has_an_accessible_name(record_window):
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractSpinBox,
        QComboBox,
        QLineEdit,
        QListWidget,
        QPlainTextEdit,
    )

    record_window.discussion_panel.new_question.click()
    kinds = (QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QListWidget)
    controls = [c for kind in kinds for c in record_window.findChildren(kind)]
    ours = [
        c
        for c in controls
        if not c.objectName().startswith("qt_")  # Qt's own hidden overflow buttons
        and not isinstance(c.parent(), QComboBox | QAbstractSpinBox)  # their inner editor
    ]
    assert len(ours) > 60
    missing = [f"{type(c).__name__} {c.objectName()}" for c in ours if not c.accessibleName()]
    assert not missing, missing
