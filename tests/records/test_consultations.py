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


def test_start_get_and_list_newest_first(store: Store, patient: Patient):
    first = store.start_consultation(patient.id, "Dr A", "C5-C6", "pack", "v1")
    second = store.start_consultation(patient.id, "Dr B", ["C6-C7", "c5/c6"], "pack", "v2")
    assert isinstance(first, Consultation)
    assert first.status == "draft" and not first.is_final
    assert second.levels == ("C5-C6", "C6-C7")
    assert store.get_consultation(first.id) == first
    assert store.list_consultations(patient.id) == (second, first)
    assert store.list_consultations(patient.id + 1) == ()


def test_start_refuses_bad_levels_clinician_and_patient(store: Store, patient: Patient):
    with pytest.raises(InputError, match="not neighbours"):
        store.start_consultation(patient.id, "Dr", "C3-C4,C5-C6", "p", "v")
    with pytest.raises(InputError, match="clinician's name is empty"):
        store.start_consultation(patient.id, " ", "C5-C6", "p", "v")
    with pytest.raises(InputError, match="There is no patient 99"):
        store.start_consultation(99, "Dr", "C5-C6", "p", "v")
    assert store.list_consultations(patient.id) == ()


def test_set_levels(store: Store, draft: Consultation):
    changed = store.set_levels(draft.id, "C6-C7, C7-T1")
    assert changed.levels == ("C6-C7", "C7-T1")
    assert store.get_consultation(draft.id).levels == ("C6-C7", "C7-T1")


def test_unknown_consultation(store: Store):
    with pytest.raises(ConsultationNotFound):
        store.get_consultation(404)
    with pytest.raises(ConsultationNotFound):
        store.set_answer(404, "smoking", True)


def test_answers_keep_the_latest_value_per_factor(store: Store, draft: Consultation):
    first = store.set_answer(draft.id, "smoking", True)
    assert first.value is True
    latest = store.set_answer(draft.id, "smoking", False)
    store.set_answer(draft.id, "nonsurgical-kinds", ["Collar", "Ωmega", "\x00"])
    store.set_answer(draft.id, "height", 172.5)
    store.set_answer(draft.id, "weight", None)
    record = store.load_record(draft.id)
    assert record.answer("smoking") is False
    assert record.answer("nonsurgical-kinds") == ["Collar", "Ωmega", "\x00"]
    assert record.answer("height") == 172.5
    assert record.answer("weight") is None
    assert record.answer("missing", "default") == "default"
    assert [a.factor_id for a in record.answers] == [
        "smoking", "nonsurgical-kinds", "height", "weight",
    ]  # fmt: skip
    assert record.answers[0] == latest


def test_risk_and_alternative_ticks_record_the_time(store: Store, draft: Consultation):
    tick = store.set_risk_discussed(draft.id, "infection", True)
    untick = store.set_risk_discussed(draft.id, "infection", False)
    assert untick.at > tick.at
    store.set_risk_discussed(draft.id, "dural-tear", True)
    alt = store.set_alternative_discussed(draft.id, "no-treatment", True)
    record = store.load_record(draft.id)
    assert not record.risk_discussed("infection")
    assert record.risk_discussed("dural-tear")
    assert record.alternative_discussed("no-treatment")
    assert record.alternatives == (alt,)
    with pytest.raises(TypeError):
        store.set_risk_discussed(draft.id, "infection", 1)  # type: ignore[arg-type]


def test_questions_add_and_update(store: Store, draft: Consultation):
    q = store.add_question(draft.id, "Will I have a scar?")
    assert q.answer == ""
    answered = store.update_question(q.id, answer="A small one, in a skin crease.")
    assert answered.question == "Will I have a scar?"
    assert answered.asked_at == q.asked_at and answered.updated_at > q.updated_at
    reworded = store.update_question(q.id, question="How big is the scar?")
    assert reworded.answer == "A small one, in a skin crease."
    assert store.load_record(draft.id).questions == (reworded,)
    with pytest.raises(InputError, match="no question 77"):
        store.update_question(77, answer="x")


def test_notes_up_to_100_kb_are_accepted_and_longer_refused(store: Store, draft: Consultation):
    exact = "é" * (NOTE_LIMIT // 2)  # two bytes each in UTF-8
    assert store.add_question(draft.id, exact).question == exact
    with pytest.raises(InputError, match="longer than 100 KB"):
        store.add_question(draft.id, exact + "x")
    with pytest.raises(InputError, match="longer than 100 KB"):
        store.set_teach_back(draft.id, "yes", "n" * (NOTE_LIMIT + 1))
    assert store.set_teach_back(draft.id, "yes", "n" * NOTE_LIMIT).note == "n" * NOTE_LIMIT
    assert len(store.load_record(draft.id).questions) == 1


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(question=st.text(max_size=2000), answer=st.text(max_size=2000), note=st.text(max_size=500))
def test_any_unicode_question_answer_and_note_round_trip(
    store: Store, draft: Consultation, question: str, answer: str, note: str
):
    q = store.add_question(draft.id, question, answer)
    store.set_teach_back(draft.id, "partly", note)
    record = store.load_record(draft.id)
    saved = next(x for x in record.questions if x.id == q.id)
    assert (saved.question, saved.answer) == (question, answer)
    assert record.teach_back is not None and record.teach_back.note == note


def test_teach_back_latest_wins_and_result_is_checked(store: Store, draft: Consultation):
    store.set_teach_back(draft.id, "no", "did not follow")
    tb = store.set_teach_back(draft.id, "yes", "explained it back")
    assert store.load_record(draft.id).teach_back == tb
    with pytest.raises(InputError, match="yes, partly, no"):
        store.set_teach_back(draft.id, "maybe")


def test_annotations_visits_and_signatures(store: Store, draft: Consultation):
    drawn = store.save_annotation(draft.id, "incision", LINE)
    assert drawn.strokes == LINE
    redrawn = store.save_annotation(draft.id, "incision", LINE * 3)
    store.save_annotation(draft.id, "recovery", ())
    v1 = store.record_step_visit(draft.id, "incision", 30)
    v2 = store.record_step_visit(draft.id, "incision", 12.5)
    assert v1.seconds == 30.0
    gap = v2.entered_at - v1.entered_at  # the clock ticks a millisecond per reading
    assert timedelta(seconds=17.5) < gap < timedelta(seconds=17.6)
    sig = store.save_signature(
        draft.id, "interpreter", "Ψ Interpreter", LINE, relationship="", language="Ελληνικά"
    )
    resigned = store.save_signature(draft.id, "interpreter", "Ψ Interpreter", LINE * 2)
    record = store.load_record(draft.id)
    assert record.annotation("incision") == redrawn.strokes
    assert record.annotation("recovery") == ()
    assert record.seconds_on("incision") == 42.5
    assert record.signatures == (resigned,)
    assert resigned.id == sig.id and resigned.strokes == LINE * 2
    with pytest.raises(InputError, match="signature is empty"):
        store.save_signature(draft.id, "patient", "Zoë", ())
    with pytest.raises(InputError, match="Choose who signs"):
        store.save_signature(draft.id, "cousin", "Zoë", LINE)
    with pytest.raises(ValueError):
        store.record_step_visit(draft.id, "incision", -1)


def test_load_record_gathers_everything(store: Store, draft: Consultation, patient: Patient):
    store.set_answer(draft.id, "smoking", True)
    store.set_risk_discussed(draft.id, "infection", True)
    store.set_setting("driving-weeks", 6)
    record = store.load_record(draft.id)
    assert isinstance(record, ConsultationRecord)
    assert record.patient == patient
    assert record.consultation == draft
    assert record.setting("driving-weeks") == 6
    assert record.teach_back is None
    assert record.amendments == () and record.documents == ()


def test_finalize_freezes_the_consultation_and_snapshots_settings(
    store: Store, draft: Consultation
):
    store.set_setting("driving-weeks", 6)
    q = store.add_question(draft.id, "Q?")
    final = store.finalize(draft.id, "Dr Final")
    assert final.is_final and final.finalized_by == "Dr Final"
    assert final.finalized_at is not None
    store.set_setting("driving-weeks", 8)
    assert store.load_record(draft.id).setting("driving-weeks") == 6
    attempts = [
        lambda: store.set_levels(draft.id, "C4-C5"),
        lambda: store.set_answer(draft.id, "smoking", True),
        lambda: store.set_risk_discussed(draft.id, "infection", True),
        lambda: store.set_alternative_discussed(draft.id, "no-treatment", True),
        lambda: store.add_question(draft.id, "Another?"),
        lambda: store.update_question(q.id, answer="late"),
        lambda: store.set_teach_back(draft.id, "yes"),
        lambda: store.save_annotation(draft.id, "incision", LINE),
        lambda: store.record_step_visit(draft.id, "incision", 3),
        lambda: store.save_signature(draft.id, "witness", "W", LINE),
        lambda: store.finalize(draft.id, "Dr Again"),
    ]
    for attempt in attempts:
        with pytest.raises(InputError, match=FINAL):
            attempt()
    assert store.get_consultation(draft.id) == final


def test_other_consultations_stay_editable_after_one_is_final(
    store: Store, draft: Consultation, patient: Patient
):
    store.finalize(draft.id, "Dr")
    other = store.start_consultation(patient.id, "Dr", "C5-C6", "p", "v")
    assert store.set_answer(other.id, "smoking", True).value is True
    assert store.update_patient(patient.id, given_names="Zoé").given_names == "Zoé"


def test_demographics_of_the_same_day_patient(store: Store):
    today_baby = store.add_patient("NB-1", "Newborn", "", date(2025, 6, 15), "unknown")
    assert store.get_patient(today_baby.id).date_of_birth == date(2025, 6, 15)
