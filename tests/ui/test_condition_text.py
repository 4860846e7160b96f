"""The condition text on screen follows the recorded MRI finding, and the operation facts are
recorded with the candidacy factors (single choices, text, yes/no)."""

from datetime import date

import pytest
from PySide6.QtCore import Qt

from tests.ui.test_presenter import open_presenter


@pytest.fixture
def record_window(open_window, store):
    patient = store.add_patient(
        mrn="MRN-MRI",
        family_name="Ferreira",
        given_names="Ana",
        date_of_birth=date(1961, 7, 30),
        sex="female",
    )
    win = open_window(store)
    win.start_consultation(patient.id)
    return win


def choose(win, factor_id: str, value: str) -> None:
    combo = win.candidacy_panel.single_choices[factor_id]
    combo.setCurrentIndex(combo.findData(value))
    combo.activated.emit(combo.currentIndex())


def test_the_condition_text_follows_the_mri_finding_on_both_screens(qtbot, record_window):
    win = record_window
    assert win.walkthrough.step.id == "condition"
    assert "not been written down" in win.patient_text.text()
    presenter = open_presenter(qtbot, win)
    choose(win, "mri-signal", "t2-t1")
    assert "two kinds of scan picture" in win.patient_text.text()
    assert "two kinds of scan picture" in presenter.text.text()
    choose(win, "mri-signal", "none")
    assert "does not show any change" in win.patient_text.text()
    assert "two kinds of scan picture" not in presenter.text.text()
    assert win.consultations.record.answer("mri-signal") == "none"


def test_operation_facts_are_recorded_as_typed_and_chosen(qtbot, record_window):
    panel = record_window.candidacy_panel
    surgeon = panel.texts["operating-surgeon"]
    surgeon.setFocus()
    qtbot.keyClicks(surgeon, "Ms K. Mensah")
    qtbot.keyClick(surgeon, Qt.Key.Key_Return)
    choose(record_window, "graft-source", "iliac-crest")
    panel.checks["plate-used"].click()
    record = record_window.consultations.record
    assert record.answer("operating-surgeon") == "Ms K. Mensah"
    assert record.answer("graft-source") == "iliac-crest"
    assert record.answer("plate-used") is True
    combo = panel.single_choices["graft-source"]
    assert combo.currentText() == "Bone from the hip (iliac crest)"
