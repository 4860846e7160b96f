"""Consultations and everything recorded in one: round trips, autosave upserts, finalize."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consultaid.errors import ConsultationNotFound, InputError
from consultaid.records import Consultation, ConsultationRecord, Patient, Store
from consultaid.strokes import Stroke

FINAL = "This consultation is final; record a change as an amendment."
LINE = (Stroke("red", ((1.0, 2.0), (3.5, 4.25))),)
NOTE_LIMIT = 100 * 1024


def test_start_get_and_list_newest_first(records_store: Store, patient: Patient):
    first = records_store.start_consultation(patient.id, "Dr A", "C5-C6", "pack", "v1")
    second = records_store.start_consultation(patient.id, "Dr B", ["C6-C7", "c5/c6"], "pack", "v2")
    assert isinstance(first, Consultation)
    assert first.status == "draft" and not first.is_final
    assert second.levels == ("C5-C6", "C6-C7")
    assert records_store.get_consultation(first.id) == first
    assert records_store.list_consultations(patient.id) == (second, first)
    assert records_store.list_consultations(patient.id + 1) == ()


def test_start_refuses_bad_levels_clinician_and_patient(records_store: Store, patient: Patient):
    with pytest.raises(InputError, match="not neighbours"):
        records_store.start_consultation(patient.id, "Dr", "C3-C4,C5-C6", "p", "v")
    with pytest.raises(InputError, match="clinician's name is empty"):
        records_store.start_consultation(patient.id, " ", "C5-C6", "p", "v")
    with pytest.raises(InputError, match="There is no patient 99"):
        records_store.start_consultation(99, "Dr", "C5-C6", "p", "v")
    assert records_store.list_consultations(patient.id) == ()


def test_set_levels(records_store: Store, draft: Consultation):
    changed = records_store.set_levels(draft.id, "C6-C7, C7-T1")
    assert changed.levels == ("C6-C7", "C7-T1")
    assert records_store.get_consultation(draft.id).levels == ("C6-C7", "C7-T1")


def test_unknown_consultation(records_store: Store):
    with pytest.raises(ConsultationNotFound):
        records_store.get_consultation(404)
    with pytest.raises(ConsultationNotFound):
        records_store.set_answer(404, "smoking", True)


def test_answers_keep_the_latest_value_per_factor(records_store: Store, draft: Consultation):
    first = records_store.set_answer(draft.id, "smoking", True)
    assert first.value is True
    latest = records_store.set_answer(draft.id, "smoking", False)
    records_store.set_answer(draft.id, "nonsurgical-kinds", ["Collar", "Ωmega", "\x00"])
    records_store.set_answer(draft.id, "height", 172.5)
    records_store.set_answer(draft.id, "weight", None)
    record = records_store.load_record(draft.id)
    assert record.answer("smoking") is False
    assert record.answer("nonsurgical-kinds") == ["Collar", "Ωmega", "\x00"]
    assert record.answer("height") == 172.5
    assert record.answer("weight") is None
    assert record.answer("missing", "default") == "default"
    assert [a.factor_id for a in record.answers] == [
        "smoking", "nonsurgical-kinds", "height", "weight",
    ]  # fmt: skip
    assert record.answers[0] == latest


def test_risk_and_alternative_ticks_record_the_time(records_store: Store, draft: Consultation):
    tick = records_store.set_risk_discussed(draft.id, "infection", True)
    untick = records_store.set_risk_discussed(draft.id, "infection", False)
    assert untick.at > tick.at
    records_store.set_risk_discussed(draft.id, "dural-tear", True)
    alt = records_store.set_alternative_discussed(draft.id, "no-treatment", True)
    record = records_store.load_record(draft.id)
    assert not record.risk_discussed("infection")
    assert record.risk_discussed("dural-tear")
    assert record.alternative_discussed("no-treatment")
    assert record.alternatives == (alt,)
    with pytest.raises(TypeError):
        records_store.set_risk_discussed(draft.id, "infection", 1)  # type: ignore[arg-type]


def test_questions_add_and_update(records_store: Store, draft: Consultation):
    q = records_store.add_question(draft.id, "Will I have a scar?")
    assert q.answer == ""
    answered = records_store.update_question(q.id, answer="A small one, in a skin crease.")
    assert answered.question == "Will I have a scar?"
    assert answered.asked_at == q.asked_at and answered.updated_at > q.updated_at
    reworded = records_store.update_question(q.id, question="How big is the scar?")
    assert reworded.answer == "A small one, in a skin crease."
    assert records_store.load_record(draft.id).questions == (reworded,)
    with pytest.raises(InputError, match="no question 77"):
        records_store.update_question(77, answer="x")


def test_notes_up_to_100_kb_are_accepted_and_longer_refused(
    records_store: Store, draft: Consultation
):
    exact = "é" * (NOTE_LIMIT // 2)  # two bytes each in UTF-8
    assert records_store.add_question(draft.id, exact).question == exact
    with pytest.raises(InputError, match="longer than 100 KB"):
        records_store.add_question(draft.id, exact + "x")
    with pytest.raises(InputError, match="longer than 100 KB"):
        records_store.set_teach_back(draft.id, "yes", "n" * (NOTE_LIMIT + 1))
    assert records_store.set_teach_back(draft.id, "yes", "n" * NOTE_LIMIT).note == "n" * NOTE_LIMIT
    assert len(records_store.load_record(draft.id).questions) == 1


@pytest.mark.slow  # 60 generated examples
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(question=st.text(max_size=2000), answer=st.text(max_size=2000), note=st.text(max_size=500))
def test_any_unicode_question_answer_and_note_round_trip(
    records_store: Store, draft: Consultation, question: str, answer: str, note: str
):
    q = records_store.add_question(draft.id, question, answer)
    records_store.set_teach_back(draft.id, "partly", note)
    record = records_store.load_record(draft.id)
    saved = next(x for x in record.questions if x.id == q.id)
    assert (saved.question, saved.answer) == (question, answer)
    assert record.teach_back is not None and record.teach_back.note == note


def test_teach_back_latest_wins_and_result_is_checked(records_store: Store, draft: Consultation):
    records_store.set_teach_back(draft.id, "no", "did not follow")
    tb = records_store.set_teach_back(draft.id, "yes", "explained it back")
    assert records_store.load_record(draft.id).teach_back == tb
    with pytest.raises(InputError, match="yes, partly, no"):
        records_store.set_teach_back(draft.id, "maybe")


def test_annotations_visits_and_signatures(records_store: Store, draft: Consultation):
    drawn = records_store.save_annotation(draft.id, "incision", LINE)
    assert drawn.strokes == LINE
    redrawn = records_store.save_annotation(draft.id, "incision", LINE * 3)
    records_store.save_annotation(draft.id, "recovery", ())
    v1 = records_store.record_step_visit(draft.id, "incision", 30)
    v2 = records_store.record_step_visit(draft.id, "incision", 12.5)
    assert v1.seconds == 30.0
    gap = v2.entered_at - v1.entered_at  # the clock ticks a millisecond per reading
    assert timedelta(seconds=17.5) < gap < timedelta(seconds=17.6)
    sig = records_store.save_signature(
        draft.id, "interpreter", "Ψ Interpreter", LINE, relationship="", language="Ελληνικά"
    )
    resigned = records_store.save_signature(draft.id, "interpreter", "Ψ Interpreter", LINE * 2)
    record = records_store.load_record(draft.id)
    assert record.annotation("incision") == redrawn.strokes
    assert record.annotation("recovery") == ()
    assert record.seconds_on("incision") == 42.5
    assert record.signatures == (resigned,)
    assert resigned.id == sig.id and resigned.strokes == LINE * 2
    with pytest.raises(InputError, match="signature is empty"):
        records_store.save_signature(draft.id, "patient", "Zoë", ())
    with pytest.raises(InputError, match="Choose who signs"):
        records_store.save_signature(draft.id, "cousin", "Zoë", LINE)
    with pytest.raises(InputError, match="seconds from 0 to a year"):
        records_store.record_step_visit(draft.id, "incision", -1)


def test_load_record_gathers_everything(
    records_store: Store, draft: Consultation, patient: Patient
):
    records_store.set_answer(draft.id, "smoking", True)
    records_store.set_risk_discussed(draft.id, "infection", True)
    records_store.set_setting("driving-weeks", 6)
    record = records_store.load_record(draft.id)
    assert isinstance(record, ConsultationRecord)
    assert record.patient == patient
    assert record.consultation == draft
    assert record.setting("driving-weeks") == 6
    assert record.teach_back is None
    assert record.amendments == () and record.documents == ()


def test_finalize_freezes_the_consultation_and_snapshots_settings(
    records_store: Store, draft: Consultation
):
    records_store.set_setting("driving-weeks", 6)
    q = records_store.add_question(draft.id, "Q?")
    final = records_store.finalize(draft.id, "Dr Final")
    assert final.is_final and final.finalized_by == "Dr Final"
    assert final.finalized_at is not None
    records_store.set_setting("driving-weeks", 8)
    assert records_store.load_record(draft.id).setting("driving-weeks") == 6
    attempts = [
        lambda: records_store.set_levels(draft.id, "C4-C5"),
        lambda: records_store.set_answer(draft.id, "smoking", True),
        lambda: records_store.set_risk_discussed(draft.id, "infection", True),
        lambda: records_store.set_alternative_discussed(draft.id, "no-treatment", True),
        lambda: records_store.add_question(draft.id, "Another?"),
        lambda: records_store.update_question(q.id, answer="late"),
        lambda: records_store.set_teach_back(draft.id, "yes"),
        lambda: records_store.save_annotation(draft.id, "incision", LINE),
        lambda: records_store.record_step_visit(draft.id, "incision", 3),
        lambda: records_store.save_signature(draft.id, "witness", "W", LINE),
        lambda: records_store.finalize(draft.id, "Dr Again"),
    ]
    for attempt in attempts:
        with pytest.raises(InputError, match=FINAL):
            attempt()
    assert records_store.get_consultation(draft.id) == final


def test_other_consultations_stay_editable_after_one_is_final(
    records_store: Store, draft: Consultation, patient: Patient
):
    records_store.finalize(draft.id, "Dr")
    other = records_store.start_consultation(patient.id, "Dr", "C5-C6", "p", "v")
    assert records_store.set_answer(other.id, "smoking", True).value is True
    assert records_store.update_patient(patient.id, given_names="Zoé").given_names == "Zoé"


def test_demographics_of_the_same_day_patient(records_store: Store):
    today_baby = records_store.add_patient("NB-1", "Newborn", "", date(2025, 6, 15), "unknown")
    assert records_store.get_patient(today_baby.id).date_of_birth == date(2025, 6, 15)
