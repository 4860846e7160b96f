"""Typing NaN, infinity or a number too large for a float into a number field is one sentence
beside the field, and nothing is saved."""

from __future__ import annotations

from datetime import date

import pytest


@pytest.mark.parametrize("typed", ["nan", "NaN", "inf", "-infinity", "1e999", "9" * 400])
def test_a_number_field_refuses_what_is_not_a_finite_number(open_window, store, prompts, typed):
    window = open_window(store)
    patient = store.add_patient("MRN-NUM-1", "Ó Briain", "Saoirse", date(1966, 2, 2), "female")
    window.start_consultation(patient.id)
    field = window.candidacy_panel.numbers["height"]
    field.edit.setText(typed)
    field.commit()
    assert not field.message.isHidden()
    message = field.message.text()
    assert message.startswith("Height:") and "\n" not in message
    assert "not a number" in message or "outside the range" in message
    assert prompts.errors == []
    record = store.load_record(window.consultations.consultation_id)
    assert "height" not in {answer.factor_id for answer in record.answers}
