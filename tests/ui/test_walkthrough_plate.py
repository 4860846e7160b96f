"""The pictures draw what the consultation records (a plate, the MRI finding), on both screens."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from consultaid.record_keys import MRI_SIGNAL, PLATE_USED

IMPLANT = 3  # the implant-graft step


@pytest.fixture
def window(open_window, store):
    win = open_window(store)
    patient = store.add_patient(
        mrn="P-1",
        family_name="Plate",
        given_names="Pat",
        date_of_birth=date(1960, 1, 2),
        sex="male",
    )
    win.start_consultation(patient.id)
    win.steps.setCurrentRow(IMPLANT)
    return win


def record_plate(window, used: bool) -> None:
    c = window.consultations
    assert window.controller.do(c.answer, PLATE_USED, used).done


def test_no_plate_is_drawn_until_one_is_recorded(window):
    assert window.consultations.record.answer(PLATE_USED) is None
    assert not window.walkthrough.show_plate
    assert 'id="plate"' not in window.walkthrough.svg()
    # No switch of its own: only the record says whether a plate is used.
    assert not [a for a in window.findChildren(QAction) if "plate" in a.text().lower()]


def test_recording_a_plate_draws_it_on_both_screens(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_F5)
    presenter = window.presenter
    qtbot.waitExposed(presenter)
    with qtbot.waitSignal(window.walkthrough.factsChanged, timeout=5000):
        record_plate(window, True)
    assert 'id="plate"' in window.walkthrough.svg()
    assert 'id="plate"' in window.illustration.svg()
    assert 'id="plate"' in presenter.illustration.svg()

    with qtbot.waitSignal(window.walkthrough.factsChanged, timeout=5000):
        record_plate(window, False)
    assert 'id="plate"' not in window.illustration.svg()
    assert 'id="plate"' not in presenter.illustration.svg()


def test_another_consultation_shows_its_own_plate(window, store):
    record_plate(window, True)
    assert window.walkthrough.show_plate
    other = store.add_patient(
        mrn="P-2",
        family_name="Cage",
        given_names="Sam",
        date_of_birth=date(1955, 5, 6),
        sex="female",
    )
    window.start_consultation(other.id)
    assert not window.walkthrough.show_plate
    assert 'id="plate"' not in window.walkthrough.svg(IMPLANT)


def test_an_mri_without_change_in_the_cord_draws_none(qtbot, window):
    """The side views draw the change inside the cord unless the recorded MRI finding is none."""
    window.steps.setCurrentRow(2)  # decompression: before and after
    assert window.walkthrough.cord_change
    with_change = window.walkthrough.svg()
    c = window.consultations
    with qtbot.waitSignal(window.walkthrough.factsChanged, timeout=5000):
        assert window.controller.do(c.answer, MRI_SIGNAL, "none").done
    assert not window.walkthrough.cord_change
    assert window.illustration.svg() != with_change
    with qtbot.waitSignal(window.walkthrough.factsChanged, timeout=5000):
        assert window.controller.do(c.answer, MRI_SIGNAL, "t2-only").done
    assert window.illustration.svg() == with_change
