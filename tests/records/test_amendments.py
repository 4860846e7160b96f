"""Amendments: corrections beside a final record, shown as amended, the original kept."""

from __future__ import annotations

import pytest

from consultaid.errors import InputError
from consultaid.records import AmendTarget, Consultation, Store


@pytest.fixture
def final(store: Store, draft: Consultation) -> Consultation:
    store.set_answer(draft.id, "smoking", True)
    store.set_risk_discussed(draft.id, "infection", False)
    store.add_question(draft.id, "Will it hurt?", "Yes")
    store.set_teach_back(draft.id, "partly", "Unsure about alternatives")
    return store.finalize(draft.id, "Dr Test")


def test_an_amendment_shows_the_corrected_value_and_keeps_the_original(
    store: Store, final: Consultation
):
    a = store.amend(
        final.id, AmendTarget.ANSWER, False, key="smoking", reason="Stopped in 2019", author="Dr B"
    )
    assert (a.old_value, a.new_value, a.row_key, a.reason, a.author) == (
        True, False, "smoking", "Stopped in 2019", "Dr B",
    )  # fmt: skip
    assert a.row_id is not None
    record = store.load_record(final.id)
    answer = record.answers[0]
    assert answer.value is False and answer.amendment_ids == (a.id,)
    assert record.amendments == (a,)
    raw = store._db.raw.execute(
        "SELECT value FROM candidacy_answers WHERE consultation_id = ?", (final.id,)
    ).fetchone()
    assert raw[0] == "true", "the recorded row is untouched"


def test_amendments_chain_and_each_old_value_is_what_was_shown(store: Store, final: Consultation):
    first = store.amend(final.id, AmendTarget.LEVELS, "C6-C7", reason="wrong level", author="Dr")
    second = store.amend(
        final.id, AmendTarget.LEVELS, ["C5-C6", "C6-C7"], reason="two levels", author="Dr"
    )
    assert first.old_value == ["C5-C6"] and first.new_value == ["C6-C7"]
    assert second.old_value == ["C6-C7"]
    consultation = store.load_record(final.id).consultation
    assert consultation.levels == ("C5-C6", "C6-C7")
    assert consultation.amendment_ids == (first.id, second.id)
    assert store.get_consultation(final.id).levels == ("C5-C6",), "the stored row is unchanged"


def test_amending_things_that_had_no_row(store: Store, final: Consultation):
    risk = store.amend(
        final.id,
        AmendTarget.RISK_DISCUSSED,
        True,
        key="dysphagia-early",
        reason="Discussed, tick missed",
        author="Dr",
    )
    assert risk.row_id is None and risk.old_value is None
    alt = store.amend(
        final.id,
        AmendTarget.ALTERNATIVE_DISCUSSED,
        True,
        key="no-treatment",
        reason="r",
        author="A",
    )
    record = store.load_record(final.id)
    assert record.risk_discussed("dysphagia-early")
    assert record.alternative_discussed("no-treatment")
    assert record.alternatives[0].amendment_ids == (alt.id,)
    unticked = store.amend(
        final.id, AmendTarget.RISK_DISCUSSED, True, key="infection", reason="r", author="A"
    )
    assert unticked.old_value is False and unticked.row_id is not None


def test_amending_questions_and_teach_back(store: Store, final: Consultation):
    q = store.load_record(final.id).questions[0]
    store.amend(
        final.id,
        AmendTarget.QUESTION_ANSWER,
        "A little, for a few days",
        key=str(q.id),
        reason="fuller",
        author="Dr",
    )
    store.amend(final.id, AmendTarget.TEACH_BACK_RESULT, "yes", reason="re-checked", author="Dr")
    store.amend(final.id, AmendTarget.TEACH_BACK_NOTE, "All clear", reason="r", author="Dr")
    record = store.load_record(final.id)
    assert record.questions[0].answer == "A little, for a few days"
    assert record.questions[0].question == "Will it hurt?"
    assert record.teach_back is not None
    assert (record.teach_back.result, record.teach_back.note) == ("yes", "All clear")
    assert len(record.teach_back.amendment_ids) == 2


def test_amendments_are_refused_when_they_do_not_make_sense(
    store: Store, final: Consultation, draft: Consultation, patient
):
    def amend(target, value, key="", reason="r"):
        return store.amend(final.id, target, value, key=key, reason=reason, author="Dr")

    with pytest.raises(InputError, match="reason for the amendment is empty"):
        amend(AmendTarget.ANSWER, 1, key="smoking", reason="  ")
    with pytest.raises(InputError, match="nothing changes"):
        amend(AmendTarget.ANSWER, True, key="smoking")
    with pytest.raises(InputError, match="no question 999"):
        amend(AmendTarget.QUESTION, "x", key="999")
    with pytest.raises(InputError, match="not neighbours"):
        amend(AmendTarget.LEVELS, "C3-C4,C6-C7")
    with pytest.raises(InputError, match="yes, partly, no"):
        amend(AmendTarget.TEACH_BACK_RESULT, "perhaps")
    with pytest.raises(InputError, match="longer than 100 KB"):
        amend(AmendTarget.TEACH_BACK_NOTE, "x" * (100 * 1024 + 1))
    other = store.start_consultation(patient.id, "Dr", "C5-C6", "p", "v")
    with pytest.raises(InputError, match="still a draft"):
        store.amend(other.id, AmendTarget.ANSWER, 1, key="smoking", reason="r", author="Dr")
    assert store.load_record(final.id).amendments == ()


def test_teach_back_note_needs_a_teach_back(store: Store, patient):
    c = store.start_consultation(patient.id, "Dr", "C5-C6", "p", "v")
    store.finalize(c.id, "Dr")
    with pytest.raises(InputError, match="No teach-back was recorded"):
        store.amend(c.id, AmendTarget.TEACH_BACK_NOTE, "n", reason="r", author="Dr")
    store.amend(c.id, AmendTarget.TEACH_BACK_RESULT, "no", reason="r", author="Dr")
    store.amend(c.id, AmendTarget.TEACH_BACK_NOTE, "n", reason="r", author="Dr")
    tb = store.load_record(c.id).teach_back
    assert tb is not None and (tb.result, tb.note) == ("no", "n")
