"""Privacy on screen and in the log: presenter isolation, idle lock, no patient data logged."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from consultaid.logs import close_logging, configure_logging
from tests.windows import sign_for_finalizing

NAME = ("Wójcik-Þórsdóttir", "Ximena Quetzalli")
MRN = "MRN-77Q3-PRIV"
DOB = date(1953, 7, 19)
NOTE = "Asked whether the zebra-striped scarf can be worn after surgery"


@pytest.fixture
def window(open_window, store):
    return open_window(store)


def add(store, mrn, family, given, dob):
    return store.add_patient(
        mrn=mrn, family_name=family, given_names=given, date_of_birth=dob, sex="other"
    )


def presenter_text(presenter) -> str:
    return " ".join(label.text() for label in presenter.findChildren(QLabel))


def test_switching_patients_while_presenting_shows_neither(qtbot, window, store):
    first = add(store, "P-1", "Andersson", "Britt", date(1960, 1, 1))
    second = add(store, "P-2", "Кузнецова", "Анна", date(1971, 2, 2))
    window.start_consultation(first.id)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    presenter = window.presenter
    shown = presenter_text(presenter)
    for detail in ("Andersson", "Britt", "P-1", "1960"):
        assert detail not in shown
    with qtbot.waitSignal(presenter.closed):
        window.start_consultation(second.id)
    assert window.presenter is None
    assert window.consultations.patient.id == second.id


def test_closing_the_consultation_closes_the_presenter(qtbot, window, store):
    patient = add(store, "P-3", "Nguyen", "Lan", date(1980, 3, 3))
    window.start_consultation(patient.id)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    window.close_record_action.trigger()
    assert window.presenter is None


def test_idle_lock_hides_every_patient_detail_until_unlocked(qtbot, window, store):
    patient = add(store, MRN, *NAME, DOB)
    window.start_consultation(patient.id)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    window.window_lock.idle.timer.setInterval(50)
    window.start_idle_lock()
    qtbot.waitUntil(lambda: window.locked, timeout=3000)
    assert window.presenter is None
    assert not window.centralWidget().isVisible()
    visible = " ".join(w.text() for w in window.findChildren(QLabel) if w.isVisible() and w.text())
    for detail in (*NAME, MRN):
        assert detail not in visible
    window.window_lock.screen.button.click()
    assert not window.locked
    assert window.centralWidget().isVisible()
    assert NAME[0] in window.banner.text()


def test_the_log_holds_no_names_dates_of_birth_mrns_or_notes(qtbot, tmp_path, window, store):
    log_path = configure_logging(tmp_path / "logs")
    try:
        patient = add(store, MRN, *NAME, DOB)
        window.start_consultation(patient.id)
        window.candidacy_panel.checks["smoking"].click()
        field = window.candidacy_panel.numbers["height"]
        field.edit.setText("999")
        field.commit()
        field.edit.setText("168")
        field.commit()
        window.walkthrough.go_to(1)
        for row in window.risk_panel.visible_rows().values():
            row.check.click()
        panel = window.discussion_panel
        panel.new_question.click()
        box = next(iter(panel.question_boxes.values()))
        box.question.setPlainText(NOTE)
        box.answer.setPlainText(NOTE + " — yes, from the second week")
        box.flush()
        panel.teach_buttons["yes"].click()
        panel.teach_note.setText(NOTE)
        panel.teach_note.editingFinished.emit()
        sign_for_finalizing(window)
        window.finalize_action.trigger()
    finally:
        close_logging()
    text = log_path.read_text(encoding="utf-8")
    assert "saved" in text and "consultation" in text
    for secret in (*NAME, MRN, DOB.isoformat(), "1953", "zebra", NOTE[:20]):
        assert secret not in text, secret
