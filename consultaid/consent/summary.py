"""Builds a ConsentSummary: from plain values and the pack, or from a consultation in the Store.

`summary_from_parts` does the choosing (texts, figures, benefits, references, raised risks,
illustrations) with the pack's own selection functions, so the Store adapter
`summary_for_consultation` only gathers values. Every clinical sentence comes from the content
pack; the documents' own words from resources/documents/wording.toml.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from consultaid import assessment
from consultaid.clinic_settings import (
    SETTING_ADVICE_PREFIX,
    SETTING_CLINIC_ADDRESS,
    SETTING_CLINIC_NAME,
    SETTING_PAPER_SIZE,
    SETTING_SHOW_PLATE,
)
from consultaid.consent import labels
from consultaid.consent.document import (
    FINAL,
    PAPER_SIZES,
    VERSION_CHARS,
    AlternativeEntry,
    AmendedVersion,
    BenefitEntry,
    Candidacy,
    Clinic,
    ConsentSummary,
    ConsultationDetails,
    GradeText,
    Interpreter,
    LabelledValue,
    PatientDetails,
    QuestionAnswer,
    RecoveryPhaseText,
    RecoveryPlan,
    Reference,
    Representative,
    RiskEntry,
    Signature,
    StepPage,
    TeachBack,
    document_id,
)
from consultaid.consent.facts import consent_facts
from consultaid.consent.numbers import benefit_figure, risk_range, time_point
from consultaid.consent.signers import interpreter_fact, pad_box, person, signature_blocks
from consultaid.content import selection
from consultaid.content.figures import format_frequency, icon_count
from consultaid.content.model import Procedure, Risk
from consultaid.content.required import (
    PLATE_USED,
)
from consultaid.errors import InputError, PackMismatch
from consultaid.levels import format_levels, parse_levels
from consultaid.record_keys import INTERPRETER, REPRESENTATIVE, cord_change_shown
from consultaid.strokes import Stroke

if TYPE_CHECKING:
    from consultaid.records import Consultation, ConsultationRecord, Store

# The leaflet prints each picture at about half the text width: labels drawn this much larger
# than on screen stay readable on paper (about 6 pt).
PICTURE_LABEL_SCALE = 1.6
# The pack's overall complication rate: printed above the risk list, not as one of its rows.
OVERALL_RISK = "overall-complications"

__all__ = [
    "Clinic",
    "ConsentSummary",
    "ConsultationDetails",
    "Interpreter",
    "PatientDetails",
    "QuestionAnswer",
    "Representative",
    "Signature",
    "TeachBack",
    "require_pack",
    "summary_for_consultation",
    "summary_from_parts",
]


class _Citations:
    """Numbers sources in order of first citation, as the document reads top to bottom."""

    def __init__(self, procedure: Procedure) -> None:
        self.procedure = procedure
        self.numbers: dict[str, int] = {}

    def cite(self, source_ids: Sequence[str]) -> tuple[int, ...]:
        out: list[int] = []
        for sid in source_ids:
            number = self.numbers.setdefault(sid, len(self.numbers) + 1)
            if number not in out:
                out.append(number)
        return tuple(out)

    def references(self) -> tuple[Reference, ...]:
        return tuple(
            Reference(n, self.procedure.source(sid).citation()) for sid, n in self.numbers.items()
        )


def summary_from_parts(
    procedure: Procedure,
    *,
    patient: PatientDetails,
    consultation: ConsultationDetails,
    clinic: Clinic,
    paper_size: str = "A4",
    risks_discussed: Collection[str] | Mapping[str, datetime] = (),
    alternatives_discussed: Collection[str] = (),
    answers: Mapping[str, object] | None = None,
    strokes_by_step: Mapping[str, Sequence[Stroke]] | None = None,
    show_plate: bool = False,
    clinic_advice: Mapping[str, str] | None = None,
    questions: Sequence[QuestionAnswer] = (),
    teach_back: TeachBack | None = None,
    interpreter: Interpreter | None = None,
    representative: Representative | None = None,
    signatures: Sequence[Signature] = (),
    amended: AmendedVersion | None = None,
    sex: str | None = None,
) -> ConsentSummary:
    """Choose the texts and figures for one consultation from its pack.

    `answers` are the candidacy answers keyed as the Store keeps them (factor ids, `mjoa.<item>`,
    `nurick`, `asa`); the mJOA total and band, and which risks this patient's factors raise, come
    from `consultaid.assessment`, as on screen. `clinic_advice` overrides the pack's recovery
    defaults by id. `signatures` are those signed on screen; the other blocks are left for ink.
    `amended` is given for a final consultation corrected after it was sealed.
    `risks_discussed` may map each risk id to when it was ticked (printed on the consent form).
    """
    from consultaid.illustrations import illustration_svg

    if paper_size not in PAPER_SIZES:
        raise ValueError(f"paper size must be one of {PAPER_SIZES}, not {paper_size!r}")
    levels = parse_levels(consultation.levels)
    consultation = replace(consultation, levels=levels)
    levels_text = format_levels(levels)
    answers = dict(answers or {})
    age = _age(patient, consultation)
    raised = assessment.raised_risks(procedure, answers, levels=levels, age=age)
    strokes_by_step = strokes_by_step or {}
    citations = _Citations(procedure)
    facts = consent_facts(procedure, answers, has_interpreter=interpreter is not None)
    if isinstance(answers.get(PLATE_USED), bool):
        show_plate = bool(answers[PLATE_USED])
    benefits = tuple(
        BenefitEntry(
            id=b.id,
            title=b.title,
            text=selection.benefit_text(procedure, b, answers),
            figure=benefit_figure(b.figure),
            references=citations.cite((b.figure.source, *b.sources)),
            without_surgery=b.kind == "no-surgery",
        )
        for b in selection.benefits_for(procedure, answers, levels=levels, age=age, sex=sex)
    )

    steps = tuple(
        StepPage(
            id=step.id,
            title=step.title,
            paragraphs=selection.step_paragraphs(
                procedure, step.id, answers, levels=levels, levels_text=levels_text
            ),
            illustration_svg=illustration_svg(
                procedure,
                step.id,
                levels,
                tuple(strokes_by_step.get(step.id, ())),
                show_plate=show_plate,
                cord_change=cord_change_shown(answers),
                label_scale=PICTURE_LABEL_SCALE,
            ),
            caption=_caption(number, step.title, levels_text),
        )
        for number, step in enumerate(procedure.steps, 1)
    )

    discussed_at = dict(risks_discussed) if isinstance(risks_discussed, Mapping) else {}
    discussed = set(risks_discussed)

    def risk_entry(risk: Risk) -> RiskEntry:
        f = risk.frequency
        mine = selection.more_likely_for(risk, answers, levels=levels, age=age, sex=sex)
        return RiskEntry(
            id=risk.id,
            name=risk.name,
            explanation=risk.explanation,
            frequency=format_frequency(f),
            range=risk_range(f),
            time_frame=f.time_frame,
            icon_count=icon_count(f),
            raised_by=tuple(m.text for m in mine) or raised.get(risk.id, ()),
            references=citations.cite((f.source, *risk.sources)),
            more_likely=tuple(m.text for m in risk.more_likely if not m.when),
            time_points=tuple(time_point(t) for t in f.time_points),
            discussed_at=discussed_at.get(risk.id),
        )

    overall_risk = next((r for r in procedure.risks if r.id == OVERALL_RISK), None)
    overall = risk_entry(overall_risk) if overall_risk is not None else None
    listed = [r for r in procedure.risks if r.id != OVERALL_RISK]
    risks_yes = tuple(risk_entry(r) for r in listed if r.id in discussed)
    risks_no = tuple(risk_entry(r) for r in listed if r.id not in discussed)
    chosen = set(alternatives_discussed)
    alternatives = {
        key: tuple(
            AlternativeEntry(a.id, a.name, a.plain_text, citations.cite(a.sources))
            for a in procedure.alternatives
            if (a.id in chosen) == key
        )
        for key in (True, False)
    }
    advice = dict(clinic_advice or {})
    recovery = RecoveryPlan(
        phases=tuple(
            RecoveryPhaseText(
                p.title,
                tuple(t.strip() for t in p.patient_text.split("\n\n") if t.strip()),
                citations.cite(p.sources),
            )
            for p in procedure.recovery
        ),
        advice=tuple(
            LabelledValue(d.label, advice.get(d.id, d.default)) for d in procedure.recovery_defaults
        ),
    )
    summary = ConsentSummary(
        clinic=clinic,
        paper_size=paper_size,
        patient=patient,
        consultation=consultation,
        document_id="",
        procedure_title=procedure.title,
        procedure_plain_title=procedure.plain_title,
        condition=tuple(
            t.strip() for t in procedure.summary_text(levels_text).split("\n\n") if t.strip()
        ),
        steps=steps,
        risks_discussed=risks_yes,
        risks_not_discussed=risks_no,
        alternatives_discussed=alternatives[True],
        alternatives_not_discussed=alternatives[False],
        candidacy=_candidacy(procedure, answers, age),
        recovery=recovery,
        questions=tuple(questions),
        teach_back=teach_back or TeachBack(),
        interpreter=interpreter,
        representative=representative,
        signatures=signature_blocks(patient, consultation, interpreter, representative, signatures),
        references=citations.references(),
        draft=consultation.status != FINAL,
        amended=amended,
        benefits=benefits,
        overall=overall,
        facts=facts,
        glossary=tuple(LabelledValue(term, meaning) for term, meaning in labels.GLOSSARY),
    )
    return replace(summary, document_id=document_id(summary))


def _caption(number: int, title: str, levels_text: str) -> str:
    return labels.STEP_CAPTION.format(number=number, title=title, levels=levels_text)


def _age(patient: PatientDetails, consultation: ConsultationDetails) -> int | None:
    try:
        return assessment.age_on(patient.date_of_birth, consultation.started_at.date())
    except InputError:
        return None


def _candidacy(procedure: Procedure, answers: Mapping[str, object], age: int | None) -> Candidacy:
    mjoa = assessment.mjoa_result(procedure.mjoa, answers)
    kinds = answers.get(assessment.NONSURGICAL_KINDS)
    months = answers.get(assessment.NONSURGICAL_MONTHS)
    shown = dict(answers)
    if age is not None:
        shown.setdefault(assessment.AGE, age)
    other = tuple(
        LabelledValue(f.label, labels.format_answer(shown[f.id], f.unit))
        for f in procedure.candidacy
        if shown.get(f.id) not in (None, "")
        and f.id not in (assessment.NONSURGICAL_KINDS, assessment.NONSURGICAL_MONTHS)
    )
    return Candidacy(
        mjoa_score=mjoa.total if mjoa else None,
        mjoa_total=procedure.mjoa.max_total,
        mjoa_band=mjoa.band.name if mjoa else None,
        nurick=_grade(procedure.nurick.grades, answers.get(assessment.NURICK)),
        asa=_grade(procedure.asa.grades, answers.get(assessment.ASA)),
        nonsurgical_kinds=labels.answer_texts(kinds),
        nonsurgical_months=float(months) if isinstance(months, int | float) else None,
        other_factors=other,
    )


def _grade(grades: Sequence, wanted: object) -> GradeText | None:
    if wanted in (None, ""):
        return None
    for g in grades:
        if g.grade == str(wanted):
            return GradeText(g.grade, g.definition)
    return GradeText(str(wanted), "")


def require_pack(consultation: Consultation, procedure: Procedure) -> None:
    """Refuse (PackMismatch) to print or seal a consultation with a pack other than its own: the
    summary must show the texts and figures the patient was shown."""
    c = consultation
    if c.pack_id != procedure.id:
        raise PackMismatch(
            f"Consultation {c.id} was held with the pack {c.pack_id!r}, not this pack "
            f"{procedure.id!r}; open it with the pack it was held with."
        )
    if c.content_version != procedure.content_version:
        raise PackMismatch(
            f"Consultation {c.id} was held with content version "
            f"{c.content_version[:VERSION_CHARS]}, not this pack's "
            f"{procedure.content_version[:VERSION_CHARS]}; open it with the pack it was held with."
        )


def summary_for_consultation(
    store: Store, consultation_id: int, procedure: Procedure
) -> ConsentSummary:
    """The summary of one consultation as recorded (amendments applied), from its own pack.

    Raises ConsultationNotFound for an unknown id and PackMismatch (a ContentError) when
    `procedure` is not the pack and content version the consultation was held with.
    """
    from consultaid.consent.amendments import amended_version

    record = store.load_record(consultation_id)
    c = record.consultation
    require_pack(c, procedure)
    by_role = {s.role: s for s in record.signatures}
    interpreter = person(
        by_role.get("interpreter"), record.answer(INTERPRETER), "language", Interpreter
    ) or interpreter_fact(record)
    representative = person(
        by_role.get("representative"), record.answer(REPRESENTATIVE), "relationship", Representative
    )
    return summary_from_parts(
        procedure,
        patient=PatientDetails(
            record.patient.display_name, record.patient.date_of_birth, record.patient.mrn
        ),
        consultation=ConsultationDetails(
            id=c.id,
            started_at=c.started_at,
            surgeon=c.clinician,
            levels=c.levels,
            status=c.status,
            content_version=c.content_version,
            pack_id=c.pack_id,
            pack_version=procedure.version,
        ),
        clinic=Clinic(
            str(record.setting(SETTING_CLINIC_NAME, "") or ""),
            _lines(record.setting(SETTING_CLINIC_ADDRESS, ())),
        ),
        paper_size=_paper_size(record),
        risks_discussed={r.risk_id: r.at for r in record.risks if r.discussed},
        alternatives_discussed=[a.alternative_id for a in record.alternatives if a.discussed],
        answers={a.factor_id: a.value for a in record.answers},
        strokes_by_step={a.step_id: a.strokes for a in record.annotations},
        show_plate=bool(record.setting(SETTING_SHOW_PLATE, False)),
        clinic_advice={
            d.id: str(value)
            for d in procedure.recovery_defaults
            if (value := record.setting(SETTING_ADVICE_PREFIX + d.id))
        },
        questions=[QuestionAnswer(q.question, q.answer) for q in record.questions],
        teach_back=(
            TeachBack(record.teach_back.result, record.teach_back.note)
            if record.teach_back is not None
            else None
        ),
        interpreter=interpreter,
        representative=representative,
        signatures=[
            Signature(
                s.role,
                s.printed_name,
                s.signed_at,
                tuple(stroke.points for stroke in s.strokes),
                pad_box(s.strokes),
                s.relationship,
                s.language,
            )
            for s in record.signatures
        ],
        amended=amended_version(procedure, record, store.document_pdf),
        sex=record.patient.sex,
    )


def _lines(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(line.strip() for line in value.splitlines() if line.strip())
    if isinstance(value, list | tuple):
        return tuple(str(line).strip() for line in value if str(line).strip())
    return ()


def _paper_size(record: ConsultationRecord) -> str:
    value = record.setting(SETTING_PAPER_SIZE, PAPER_SIZES[0])
    return value if value in PAPER_SIZES else PAPER_SIZES[0]
