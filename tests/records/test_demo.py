"""`consultaid demo`: three fictional patients at three stages, ids from the real content pack."""

from __future__ import annotations

from pathlib import Path

import pytest

from consultaid.content.model import (
    Alternative,
    CandidacyFactor,
    Frequency,
    Mjoa,
    Procedure,
    Risk,
    Scale,
    Step,
)
from consultaid.records import Store
from consultaid.records.demo import add_demo_data


def _real_pack() -> Procedure:
    """The bundled pack: it must load (a skip here would hide a broken pack)."""
    from consultaid.content import load_procedure

    return load_procedure()


def _small_pack() -> Procedure:
    """Just enough of a pack to exercise every branch of the demo without the bundled one."""
    freq = Frequency(about=1, per=100, low_percent=0.5, high_percent=2, source="S1")
    steps = tuple(
        Step(s, s.title(), "text", (), f"{s}.svg", ("r1",) if s == "incision" else ())
        for s in ("condition", "incision", "decompression", "implant-graft", "recovery")
    )
    return Procedure(
        id="small-pack",
        version="0",
        title="t",
        plain_title="t",
        summary="s",
        steps=steps,
        risks=tuple(Risk(f"r{i}", f"Risk {i}", "e", freq, "", ("S1",)) for i in range(1, 6)),
        alternatives=(Alternative("a1", "Alt", "p", "w", ("S1",)),),
        candidacy=(
            CandidacyFactor("smoking", "Smokes", "boolean", "h"),
            CandidacyFactor("age", "Age", "number", "h", minimum=18, maximum=120),
            CandidacyFactor("kinds", "Kinds", "choice", "h", choices=("Collar", "Other")),
            CandidacyFactor("note", "Note", "text", "h"),
        ),
        mjoa=Mjoa(items=(), bands=(), sources=()),
        nurick=Scale("nurick", "Nurick", (), ()),
        asa=Scale("asa", "ASA", (), ()),
        recovery=(),
        recovery_defaults=(),
        sources=(),
        root=Path("."),
        content_version="0" * 64,
    )


@pytest.fixture(params=["small", "real"])
def procedure(request) -> Procedure:
    return _small_pack() if request.param == "small" else _real_pack()


def test_demo_adds_three_patients_at_three_stages(records_store: Store, procedure: Procedure):
    patients = add_demo_data(records_store, procedure)
    assert len(patients) == 3
    assert any(not p.family_name.isascii() and p.family_name[0] in "ΑΠΣΕ" for p in patients)
    assert any("ë" in p.given_names for p in patients)
    records = [
        records_store.load_record(records_store.list_consultations(p.id)[0].id) for p in patients
    ]
    fresh, under_way, final = records
    assert not fresh.consultation.is_final and not fresh.answers and not fresh.risks
    assert not under_way.consultation.is_final
    assert under_way.answers and under_way.risks and under_way.questions
    assert final.consultation.is_final
    assert final.teach_back is not None and final.signatures
    risk_ids = {r.id for r in procedure.risks}
    factor_ids = {f.id for f in procedure.candidacy}
    step_ids = {s.id for s in procedure.steps}
    for record in records:
        assert record.consultation.pack_id == procedure.id
        assert record.consultation.content_version == procedure.content_version
        assert {r.risk_id for r in record.risks} <= risk_ids
        assert {a.factor_id for a in record.answers} <= factor_ids
        assert {v.step_id for v in record.step_visits} <= step_ids
    assert {r.risk_id for r in final.risks} == risk_ids
    for factor in procedure.candidacy:
        value = final.answer(factor.id)
        if factor.kind == "number" and factor.minimum is not None and factor.maximum is not None:
            assert factor.minimum <= value <= factor.maximum
        if factor.kind == "choice" and factor.multiple:
            assert value and set(value) <= set(factor.choices)
        elif factor.kind == "choice":
            assert value in factor.choices
    assert records_store.check().ok


def test_demo_twice_adds_nothing_more(records_store: Store):
    procedure = _small_pack()
    add_demo_data(records_store, procedure)
    assert add_demo_data(records_store, procedure) == ()
    assert len(records_store.search_patients("", limit=100)) == 3
    assert [p.family_name for p in records_store.search_patients("παπαδ")] == ["Παπαδοπούλου"]
