"""Consent summaries built from the real bundled pack: a short one, and the long one of issue 5."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest

from consultaid.consent.summary import (
    Clinic,
    ConsentSummary,
    ConsultationDetails,
    Interpreter,
    PatientDetails,
    QuestionAnswer,
    Representative,
    Signature,
    TeachBack,
    summary_from_parts,
)
from consultaid.content import Procedure, load_procedure
from consultaid.strokes import Stroke

PATIENT_NAME = "Zoë Łukasiewicz-Ødegård"
MJOA_13 = {
    "mjoa.motor-upper": 4,
    "mjoa.motor-lower": 4,
    "mjoa.sensory-upper": 2,
    "mjoa.sphincter": 3,
}
LONG_ANSWER_BYTES = 5_000


@pytest.fixture(scope="session")
def procedure() -> Procedure:
    return load_procedure()


def _consultation(procedure: Procedure, **kw: Any) -> ConsultationDetails:
    values: dict[str, Any] = {
        "id": 42,
        "started_at": datetime(2025, 3, 12, 13, 5, tzinfo=UTC),
        "surgeon": "Dr Amelia Hart",
        "levels": ("C5-C6",),
        "status": "draft",
        "content_version": procedure.content_version,
        "pack_id": procedure.id,
        "pack_version": procedure.version,
    }
    values.update(kw)
    return ConsultationDetails(**values)


def signature_strokes(points: int = 40) -> tuple[tuple[tuple[float, float], ...], ...]:
    """A zig-zag signature in the default 600 × 200 pad box."""
    zigzag = tuple((20 + i * 12.0, 100 + 40 * (-1) ** i) for i in range(points))
    return (zigzag, ((40.0, 170.0), (500.0, 160.0)))


@pytest.fixture
def ink() -> tuple[tuple[tuple[float, float], ...], ...]:
    return signature_strokes()


@pytest.fixture
def make_summary(procedure: Procedure) -> Callable[..., ConsentSummary]:
    """A short summary; keyword arguments replace the builder's, `consultation` takes a dict."""

    def make(**overrides: Any) -> ConsentSummary:
        consultation = overrides.pop("consultation", {})
        args: dict[str, Any] = {
            "patient": PatientDetails(PATIENT_NAME, date(1958, 4, 3), "MRN-004512"),
            "consultation": _consultation(procedure, **consultation),
            "clinic": Clinic("St Aidan's Spine Unit", ("12 Harbour Road", "Exampleton EX1 2AB")),
            "risks_discussed": [r.id for r in procedure.risks[:9]],
            "alternatives_discussed": [a.id for a in procedure.alternatives[:3]],
            "answers": {
                "smoking": True,
                "nonsurgical-months": 6,
                "nonsurgical-kinds": "Structured rehabilitation or physiotherapy",
                **MJOA_13,
                "nurick": "2",
                "asa": "II",
            },
            "strokes_by_step": {
                "decompression": (Stroke("red", ((500, 300), (560, 330), (620, 320))),)
            },
            "questions": [
                QuestionAnswer(
                    "Will I be able to turn my head?",
                    "Most people keep nearly all their movement.\n\nSome notice stiffness.",
                )
            ],
            "teach_back": TeachBack("yes", "Explained the aim and the main risks."),
        }
        args.update(overrides)
        return summary_from_parts(procedure, **args)

    return make


@pytest.fixture
def long_summary(
    procedure: Procedure, make_summary: Callable[..., ConsentSummary]
) -> ConsentSummary:
    """Issue 5's stress case: 20 questions with 5 KB answers, every risk, two levels."""
    sentence = "Your surgeon explained what this means for you in the weeks after surgery. "
    answer = (sentence * (LONG_ANSWER_BYTES // len(sentence) + 1))[:LONG_ANSWER_BYTES]
    questions = [
        QuestionAnswer(f"Question {n}: what should I do if something changes in week {n}?", answer)
        for n in range(1, 21)
    ]
    return make_summary(
        consultation={"id": 4242, "levels": ("C5-C6", "C6-C7"), "status": "final"},
        risks_discussed=[r.id for r in procedure.risks],
        alternatives_discussed=[a.id for a in procedure.alternatives],
        answers={"smoking": True, "multi-level": True, "antithrombotic": True},
        questions=questions,
        interpreter=Interpreter("Σοφία Παπαδοπούλου", "Greek"),
        representative=Representative("Анна Кузнецова", "daughter"),
        signatures=[
            Signature(
                "surgeon",
                "Dr Amelia Hart",
                datetime(2025, 3, 12, 13, 50, tzinfo=UTC),
                signature_strokes(),
            )
        ],
    )
