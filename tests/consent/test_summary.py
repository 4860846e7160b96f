"""summary_from_parts picks texts and figures from the pack: references, raised risks, blocks."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from consultaid import assessment
from consultaid.consent.document import document_id
from consultaid.consent.numbers import risk_range
from consultaid.consent.summary import (
    OVERALL_RISK,
    Interpreter,
    Representative,
    Signature,
)
from consultaid.content import selection
from consultaid.content.figures import format_frequency, icon_count
from consultaid.errors import InputError
from consultaid.levels import LEVELS


def test_summary_holds_only_plain_data(make_summary):
    summary = make_summary()

    def walk(value):
        if dataclasses.is_dataclass(value):
            for f in dataclasses.fields(value):
                yield from walk(getattr(value, f.name))
        elif isinstance(value, tuple):
            for item in value:
                yield from walk(item)
        else:
            yield value

    allowed = (str, int, float, bool, type(None), datetime, type(summary.patient.date_of_birth))
    assert all(isinstance(v, allowed) for v in walk(summary))
    with pytest.raises(dataclasses.FrozenInstanceError):
        summary.draft = False  # type: ignore[misc]


def test_every_risk_is_either_discussed_or_listed_as_not_discussed(make_summary, procedure):
    summary = make_summary(risks_discussed=["hoarseness", "infection"])
    assert [r.id for r in summary.risks_discussed] == ["hoarseness", "infection"]
    not_discussed = [r.id for r in summary.risks_not_discussed]
    assert summary.overall is not None and summary.overall.id == OVERALL_RISK
    assert sorted([*not_discussed, "hoarseness", "infection", OVERALL_RISK]) == sorted(
        r.id for r in procedure.risks
    )


def test_risk_figures_come_from_the_pack(make_summary, procedure):
    summary = make_summary()
    for entry in summary.risks_discussed + summary.risks_not_discussed:
        risk = procedure.risk(entry.id)
        assert entry.name == risk.name
        assert entry.explanation == risk.explanation
        assert entry.frequency == format_frequency(risk.frequency)
        assert entry.range == risk_range(risk.frequency)
        assert not re.search(r"\d\.\d", entry.range), entry.range
        assert entry.icon_count == icon_count(risk.frequency)
        assert entry.time_frame == risk.frequency.time_frame


def test_references_are_numbered_in_order_of_first_citation(make_summary, procedure):
    summary = make_summary()
    seen: list[int] = []
    cited = [b.references for b in summary.benefits]
    if summary.overall is not None:
        cited.append(summary.overall.references)
    cited += [e.references for e in summary.risks_discussed + summary.risks_not_discussed]
    cited += [a.references for a in summary.alternatives_discussed]
    cited += [a.references for a in summary.alternatives_not_discussed]
    cited += [p.references for p in summary.recovery.phases]
    for numbers in cited:
        for n in numbers:
            if n not in seen:
                seen.append(n)
    assert seen == list(range(1, len(summary.references) + 1))
    assert [r.number for r in summary.references] == seen
    first = procedure.benefit(summary.benefits[0].id)
    assert summary.references[0].citation == procedure.source(first.figure.source).citation()


def test_recorded_factors_raise_their_risks_as_on_screen(make_summary, procedure):
    """The pack's "more likely" sentences that fit this patient (selection.more_likely_for, as
    the risk panel shows them); a risk whose pack gives none for the recorded factors falls back
    to the factor names the candidacy panel raises it with."""
    answers = {"smoking": True, "osteoporosis": False, "asa": "III"}
    summary = make_summary(answers=answers)
    entries = [summary.overall, *summary.risks_discussed, *summary.risks_not_discussed]
    age = 66  # born 3 April 1958, seen 12 March 2025
    raised = assessment.raised_risks(procedure, answers, levels=("C5-C6",), age=age)
    expected = {}
    for risk in procedure.risks:
        fits = selection.more_likely_for(risk, answers, levels=("C5-C6",), age=age)
        texts = tuple(m.text for m in fits) or raised.get(risk.id, ())
        if texts:
            expected[risk.id] = texts
    assert {r.id: r.raised_by for r in entries if r.raised_by} == expected
    assert next(r for r in entries if r.id == "infection").raised_for_patient
    assert not any("steopor" in t for r in entries for t in r.raised_by)


def test_levels_are_named_in_the_condition_and_steps(make_summary):
    summary = make_summary(consultation={"levels": ("C6-C7", "C5-C6")})
    assert summary.consultation.levels == ("C5-C6", "C6-C7")
    assert "C5-C6 and C6-C7" in " ".join(summary.condition)
    assert all("{levels}" not in p for s in summary.steps for p in s.paragraphs)
    assert all("C5-C6 and C6-C7" in s.caption for s in summary.steps)


def test_bad_levels_fail_as_input_errors(make_summary):
    with pytest.raises(InputError):
        make_summary(consultation={"levels": ("C3-C4", LEVELS[-1])})


def test_step_illustrations_carry_the_surgeons_strokes(make_summary, procedure):
    summary = make_summary()
    assert [s.id for s in summary.steps] == [s.id for s in procedure.steps]
    by_id = {s.id: s.illustration_svg for s in summary.steps}
    assert all(svg.lstrip().startswith("<svg") for svg in by_id.values())
    assert by_id["decompression"] != make_summary(strokes_by_step={}).steps[2].illustration_svg


def test_candidacy_summary(make_summary, procedure):
    c = make_summary().candidacy
    assert (c.mjoa_score, c.mjoa_total, c.mjoa_band) == (13, procedure.mjoa.max_total, "Moderate")
    assert c.nurick is not None and c.nurick.grade == "2" and c.nurick.definition
    assert c.asa is not None and c.asa.grade == "II"
    assert c.nonsurgical_kinds == ("Structured rehabilitation or physiotherapy",)
    assert c.nonsurgical_months == 6
    other = {p.label: p.value for p in c.other_factors}
    assert other[procedure.factor("smoking").label] == "Yes"
    assert other[procedure.factor("age").label] == "66 years"


def test_clinic_advice_overrides_the_pack_default(make_summary, procedure):
    first = procedure.recovery_defaults[0]
    advice = make_summary(clinic_advice={first.id: "Nothing over 2 kg."}).recovery.advice
    assert advice[0].label == first.label
    assert advice[0].value == "Nothing over 2 kg."
    assert [a.value for a in advice[1:]] == [d.default for d in procedure.recovery_defaults[1:]]


def test_signature_blocks_for_patient_surgeon_and_witness(make_summary):
    roles = [s.role for s in make_summary().signatures]
    assert roles == ["patient", "surgeon", "witness"]


def test_representative_signs_for_the_patient_and_interpreter_gets_a_block(make_summary, ink):
    signed = datetime(2025, 3, 12, 14, 0, tzinfo=UTC)
    summary = make_summary(
        representative=Representative("Анна Кузнецова", "daughter"),
        interpreter=Interpreter("Σοφία Παπαδοπούλου", "Greek"),
        signatures=[Signature("interpreter", "", signed, ink)],
    )
    blocks = {s.role: s for s in summary.signatures}
    assert list(blocks) == ["representative", "surgeon", "witness", "interpreter"]
    assert blocks["representative"].relationship == "daughter"
    assert blocks["interpreter"].printed_name == "Σοφία Παπαδοπούλου"
    assert blocks["interpreter"].language == "Greek"
    assert blocks["interpreter"].strokes == ink
    assert blocks["surgeon"].strokes is None


def test_a_patient_who_signed_keeps_their_block_beside_the_representative(make_summary, ink):
    signed = datetime(2025, 3, 12, 14, 0, tzinfo=UTC)
    summary = make_summary(
        representative=Representative("Анна Кузнецова", "daughter"),
        signatures=[
            Signature("patient", "", signed, ink),
            Signature("representative", "Анна Кузнецова", signed, ink, relationship="daughter"),
        ],
    )
    blocks = {s.role: s for s in summary.signatures}
    assert list(blocks) == ["patient", "representative", "surgeon", "witness"]
    assert blocks["patient"].printed_name == summary.patient.display_name
    assert blocks["patient"].strokes == ink and blocks["representative"].strokes == ink


def test_document_id_is_stable_and_follows_the_content(make_summary):
    a, b = make_summary(), make_summary()
    assert a.document_id == b.document_id
    assert re.fullmatch(r"CA-42-[0-9A-F]{8}", a.document_id)
    assert document_id(a) == a.document_id
    changed = make_summary(questions=[])
    assert changed.document_id != a.document_id


def test_draft_follows_the_status(make_summary):
    assert make_summary().draft
    assert not make_summary(consultation={"status": "final"}).draft


def test_unknown_paper_size_is_refused(make_summary):
    with pytest.raises(ValueError, match="paper size"):
        make_summary(paper_size="A5")


def test_importing_the_package_does_not_load_reportlab_or_svglib():
    code = (
        "import sys, consultaid.consent, consultaid.consent.summary, consultaid.consent.labels;"
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('reportlab', 'svglib')];"
        "print(heavy)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "[]"
