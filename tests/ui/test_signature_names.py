"""The signature dialog offers the patient's name in the order its script writes it."""

from datetime import date

import pytest


@pytest.mark.parametrize(
    ("family", "given", "printed"),
    [
        ("王", "小明", "王小明"),
        ("김", "민준", "김민준"),
        ("Hartley", "Jonathan", "Jonathan Hartley"),
    ],
)
def test_the_printed_name_default_keeps_the_family_name_first_in_cjk(
    qtbot, open_window, store, family, given, printed
):
    window = open_window(store)
    patient = store.add_patient("N-1", family, given, date(1970, 5, 6), "female")
    window.start_consultation(patient.id)
    window.sign_action.trigger()
    dialog = window.commands.signature_dialog
    qtbot.addWidget(dialog)
    assert dialog.name.text() == printed
