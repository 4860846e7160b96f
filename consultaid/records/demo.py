"""Fictional patients for trying the app: `consultaid demo`. Nobody here is a real person.

Three patients at three stages — a fresh draft, a draft under way, a final consultation — with
names in Latin with accents, Greek and Polish, so search, the screens and the PDF meet real-world
text. Ids come from the content pack, so every tick and answer refers to something the pack has.
"""

from __future__ import annotations

from datetime import date

from consultaid.content.model import CandidacyFactor, Procedure
from consultaid.records.rows import Patient
from consultaid.records.store import Store
from consultaid.strokes import Stroke

DEMO_CLINICIAN = "Dr Demo (fictional)"
_PATIENTS = (
    ("DEMO-0001", "Lefèvre", "Zoë", date(1968, 4, 12), "female"),
    ("DEMO-0002", "Παπαδοπούλου", "Ελένη", date(1957, 9, 3), "female"),
    ("DEMO-0003", "Łukasiewicz", "Jan Paweł", date(1949, 1, 27), "male"),
)
# Made-up findings for the two patients with answers, by the bundled pack's factor ids. The final
# consultation answers every factor: one not listed here gets a neutral value of its kind.
_FINDINGS: tuple[dict[str, object], ...] = (
    {},
    {
        "smoking": False,
        "diabetes": True,
        "height": 162,
        "weight": 70,
        "symptom-months": 8,
        "nonsurgical-months": 4,
    },
    {
        "smoking": True,
        "antithrombotic": True,
        "multi-level": True,
        "mri-signal": "t2-only",
        "height": 178,
        "weight": 84,
        "symptom-months": 14,
        "nonsurgical-months": 6,
        "t2-multisegmental": False,
        "plate-used": True,
        "graft-source": "local-bone",
        "approach-side": "right",
        "operating-surgeon": DEMO_CLINICIAN,
        "trainees-may-take-part": True,
        "preferred-language": "Polish",
        "interpreter-used": "yes",
        "interpreter-name": "Anna Nowak (fictional)",
        "capacity": "presumed",
        "what-matters": "Walking to the shops on my own again.",
    },
)
_QUESTIONS = (
    ("", ""),
    ("Πόσο καιρό θα μείνω στο νοσοκομείο;", ""),
    ("When can I drive again?", "We went through the recovery step together."),
)
_STEP_SECONDS = (95.0, 140.5, 62.0, 180.0, 75.0)


def add_demo_data(store: Store, procedure: Procedure) -> tuple[Patient, ...]:
    """Add the demo patients and their consultations; returns the patients added.

    Running it again adds nothing: a demo patient whose MRN is already present is left alone.
    """
    added: list[Patient] = []
    for stage, (mrn, family, given, born, sex) in enumerate(_PATIENTS):
        if store.patient_by_mrn(mrn) is not None:
            continue
        patient = store.add_patient(mrn, family, given, born, sex)
        added.append(patient)
        levels = ("C5-C6", "C6-C7") if stage == 2 else ("C5-C6",)
        consultation = store.start_consultation(
            patient.id, DEMO_CLINICIAN, levels, procedure.id, procedure.content_version
        )
        if stage == 0:
            continue
        findings = {"age": _age(born, consultation.started_at.date()), **_FINDINGS[stage]}
        _discuss(store, consultation.id, procedure, findings, stage)
        if stage == 2:
            _conclude(store, consultation.id, patient)
    return tuple(added)


def _discuss(
    store: Store, cid: int, procedure: Procedure, findings: dict[str, object], stage: int
) -> None:
    """Answers, ticks, a question, time on each step and a drawing; all of it when `stage` is 2."""
    thorough = stage == 2
    for factor in procedure.candidacy:
        if thorough or factor.id in findings:
            store.set_answer(cid, factor.id, _value(factor, findings.get(factor.id)))
    for risk in procedure.risks if thorough else procedure.risks[:3]:
        store.set_risk_discussed(cid, risk.id, True)
    for alternative in procedure.alternatives if thorough else procedure.alternatives[:1]:
        store.set_alternative_discussed(cid, alternative.id, True)
    store.add_question(cid, *_QUESTIONS[stage])
    for seconds, step in zip(_STEP_SECONDS, procedure.steps, strict=False):
        store.record_step_visit(cid, step.id, seconds)
    if procedure.steps:
        store.save_annotation(cid, procedure.steps[-1].id, [_scribble("blue", 0)])


def _conclude(store: Store, cid: int, patient: Patient) -> None:
    store.set_teach_back(
        cid, "yes", "Explained the operation, the main risks and the alternatives in his own words."
    )
    store.save_signature(
        cid,
        "patient",
        f"{patient.given_names} {patient.family_name}",
        [_scribble("black", 0), _scribble("black", 40)],
        language="Polski",
    )
    store.save_signature(cid, "surgeon", DEMO_CLINICIAN, [_scribble("black", 10)])
    store.finalize(cid, DEMO_CLINICIAN)


def _value(factor: CandidacyFactor, wanted: object) -> object:
    """The made-up finding if it suits the factor, else a neutral value of its kind, in range."""
    if factor.kind == "boolean":
        return wanted if isinstance(wanted, bool) else False
    if factor.kind == "number":
        low = factor.minimum if factor.minimum is not None else 0
        high = factor.maximum if factor.maximum is not None else max(low, 100)
        number = wanted if isinstance(wanted, int | float) else low
        return min(max(number, low), high)
    if factor.kind == "choice" and factor.choices:
        choice = wanted if wanted in factor.choices else factor.choices[0]
        return [choice] if factor.multiple else choice
    return wanted if isinstance(wanted, str) else ""


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _scribble(colour: str, offset: float) -> Stroke:
    points = tuple((20.0 + i * 12.0, 60.0 + offset + (15.0 if i % 2 else -15.0)) for i in range(12))
    return Stroke(colour=colour, points=points, width=3.0)
