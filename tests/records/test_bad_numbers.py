"""NaN, infinities and numbers too large for SQLite reach the Store as one sentence, never a
traceback, and change nothing that was saved."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import pytest

from consultaid.errors import ConsultAidError, ConsultationNotFound, ContentError
from consultaid.records import Consultation, Patient, Store
from consultaid.strokes import Stroke
from tests.reliability.processes import consultaid, one_sentence_error

HUGE = 2**63  # one past SQLite's largest integer
BAD_NUMBERS = {
    "NaN": math.nan,
    "infinity": math.inf,
    "-infinity": -math.inf,
    "2**63": HUGE,
    "-2**64": -(2**64),
    "10**5000": 10**5000,
}
Call = Callable[[Store, Consultation, Patient, object], object]
NUMBER_INPUTS: dict[str, Call] = {
    "an answer": lambda s, c, p, x: s.set_answer(c.id, "height", x),
    "an answer inside a list": lambda s, c, p, x: s.set_answer(c.id, "findings", [1, {"a": x}]),
    "a setting": lambda s, c, p, x: s.set_setting("idle", x),
    "the seconds on a step": lambda s, c, p, x: s.record_step_visit(c.id, "incision", x),
    "the levels": lambda s, c, p, x: s.set_levels(c.id, x),
    "a level in a list": lambda s, c, p, x: s.set_levels(c.id, ["C5-C6", x]),
    "a point of a drawing": lambda s, c, p, x: s.append_stroke(
        c.id, "incision", Stroke("red", ((x, 1.0), (2.0, 3.0)))
    ),
}
ID_INPUTS: dict[str, Call] = {
    "load a consultation": lambda s, c, p, x: s.load_record(x),
    "get a consultation": lambda s, c, p, x: s.get_consultation(x),
    "answer in a consultation": lambda s, c, p, x: s.set_answer(x, "height", 170),
    "tick a risk": lambda s, c, p, x: s.set_risk_discussed(x, "dysphagia", True),
    "add a question": lambda s, c, p, x: s.add_question(x, "Why?"),
    "edit a question": lambda s, c, p, x: s.update_question(x, answer="yes"),
    "get a patient": lambda s, c, p, x: s.get_patient(x),
    "start a consultation": lambda s, c, p, x: s.start_consultation(x, "Dr T", "C5-C6", "p", "v"),
    "list consultations": lambda s, c, p, x: s.list_consultations(x),
    "read a document": lambda s, c, p, x: s.document_pdf(x),
    "list documents": lambda s, c, p, x: s.list_documents(x),
    "finalize": lambda s, c, p, x: s.finalize(x, "Dr T"),
}


def one_sentence(exc: ConsultAidError) -> str:
    text = str(exc)
    assert "\n" not in text and text.endswith(".") and "Traceback" not in text, text
    return text


@pytest.mark.parametrize("number", BAD_NUMBERS.values(), ids=BAD_NUMBERS.keys())
@pytest.mark.parametrize("call", NUMBER_INPUTS.values(), ids=NUMBER_INPUTS.keys())
def test_a_bad_number_is_one_sentence_and_saves_nothing(
    records_store: Store, draft: Consultation, patient: Patient, call: Call, number: object
):
    before = records_store.load_record(draft.id)
    settings = records_store.settings()
    with pytest.raises(ConsultAidError) as caught:
        call(records_store, draft, patient, number)
    one_sentence(caught.value)
    assert records_store.load_record(draft.id) == before
    assert records_store.settings() == settings


@pytest.mark.parametrize("number", [HUGE, 2**64, -(2**63) - 1, 10**30], ids=str)
@pytest.mark.parametrize("call", ID_INPUTS.values(), ids=ID_INPUTS.keys())
def test_an_id_too_large_for_sqlite_names_no_record(
    records_store: Store, draft: Consultation, patient: Patient, call: Call, number: int
):
    with pytest.raises(ConsultAidError) as caught:
        call(records_store, draft, patient, number)
    assert "There is no" in one_sentence(caught.value)


def test_a_consultation_id_too_large_is_not_found(records_store: Store):
    with pytest.raises(ConsultationNotFound, match=f"There is no consultation {HUGE};"):
        records_store.get_consultation(HUGE)


def test_summary_of_an_id_too_large_says_there_is_no_such_consultation(tmp_path: Path):
    db = tmp_path / "c.db"
    Store.open(db).close()
    for cid in ("99999999999999999999999", "-99999999999999999999999"):
        result = consultaid("summary", cid, "--db", db, "--out", tmp_path / "s.pdf")
        message = one_sentence_error(result)
        assert f"There is no consultation {cid}; check the number." in message
    assert not (tmp_path / "s.pdf").exists()


@pytest.mark.parametrize("depth", [1_000, 100_000])
@pytest.mark.parametrize("kind", ["arrays", "tables"])
def test_a_deeply_nested_pack_is_one_sentence(pack_copy: Path, depth: int, kind: str):
    from consultaid.content import load_procedure

    nested = "[" * depth + "]" * depth if kind == "arrays" else "{a=" * depth + "1" + "}" * depth
    toml = pack_copy / "procedure.toml"
    toml.write_text(f"deep = {nested}\n" + toml.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_procedure(pack_copy)
    assert "nested too deeply" in one_sentence(caught.value)
