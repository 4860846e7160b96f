"""What a consultation still lacks, shown before it is finalized so nothing is missed silently.

Signatures block finalizing: a consent nobody signed is not a consent. Risks or alternatives not
ticked, a teach-back that was not a clear "yes", and a patient whose preferred language is not the
documents' with no interpreter recorded are listed for the surgeon to judge.
"""

from __future__ import annotations

from dataclasses import dataclass

from consultaid.content.model import Procedure
from consultaid.content.required import (
    CAPACITY,
    DOCUMENT_LANGUAGE,
    GRAFT_SOURCE,
    INTERPRETER_NAME,
    INTERPRETER_USED,
    MRI_SIGNAL,
    OPERATING_SURGEON,
    PLATE_USED,
    PREFERRED_LANGUAGE,
)
from consultaid.record_keys import INTERPRETER
from consultaid.records import ConsultationRecord

TEACH_BACK_GAPS = {
    "no": "Teach-back: the patient could not explain it back",
    "partly": "Teach-back: the patient could explain only part of it back",
}


# Facts the consent form prints and the condition text is chosen by: listed when not recorded.
PRINTED_FACTS = (MRI_SIGNAL, PLATE_USED, GRAFT_SOURCE, OPERATING_SURGEON, CAPACITY)


@dataclass(frozen=True)
class Readiness:
    blocking: tuple[str, ...]  # finalizing is refused while any is left
    gaps: tuple[str, ...]  # listed in the confirmation; the surgeon decides

    @property
    def ready(self) -> bool:
        return not self.blocking


def readiness(procedure: Procedure, record: ConsultationRecord) -> Readiness:
    signed = {s.role for s in record.signatures}
    blocking: list[str] = []
    if not signed & {"patient", "representative"}:
        blocking.append("The patient (or their representative) has not signed.")
    if "surgeon" not in signed:
        blocking.append("The surgeon has not signed.")
    return Readiness(tuple(blocking), missing_items(procedure, record))


def missing_items(procedure: Procedure, record: ConsultationRecord) -> tuple[str, ...]:
    """One line per gap: risks not ticked, alternatives not discussed, teach-back."""
    gaps: list[str] = []
    not_ticked = [r.name for r in procedure.risks if not record.risk_discussed(r.id)]
    if not_ticked:
        gaps.append(f"{len(not_ticked)} risks not ticked as discussed: {', '.join(not_ticked)}")
    alternatives = [
        a.name for a in procedure.alternatives if not record.alternative_discussed(a.id)
    ]
    if alternatives:
        gaps.append(
            f"{len(alternatives)} alternatives not ticked as discussed: {', '.join(alternatives)}"
        )
    if record.teach_back is None:
        gaps.append("No teach-back recorded")
    elif record.teach_back.result in TEACH_BACK_GAPS:
        gaps.append(TEACH_BACK_GAPS[record.teach_back.result])
    gap = interpreter_gap(record)
    if gap:
        gaps.append(gap)
    unrecorded = [
        procedure.factor(fid).label
        for fid in PRINTED_FACTS
        if fid in {f.id for f in procedure.candidacy} and record.answer(fid) in (None, "")
    ]
    if unrecorded:
        gaps.append(f"Not recorded: {', '.join(unrecorded)}")
    return tuple(gaps)


def interpreter_gap(record: ConsultationRecord) -> str:
    """What is missing about the interpreter, or "".

    A patient whose preferred language is not the documents' needs an interpreter recorded (the
    interpreter's choice, an interpreter's signature or the interpreter record) or a recorded
    refusal of one; an interpreter marked as used needs a name.
    """
    language = record.answer(PREFERRED_LANGUAGE)
    if not isinstance(language, str) or not language.strip():
        return ""
    if language.strip().casefold() == DOCUMENT_LANGUAGE.casefold():
        return ""
    used = record.answer(INTERPRETER_USED)
    named = record.answer(INTERPRETER_NAME)
    signed = any(s.role == "interpreter" for s in record.signatures)
    recorded = bool(record.answer(INTERPRETER)) or signed
    if used == "declined":
        return ""
    if used == "yes" and (recorded or (isinstance(named, str) and named.strip())):
        return ""
    if used == "yes":
        return f"Interpreter: one was used for {language.strip()}, but no name is recorded"
    if recorded:
        return ""
    return (
        f"Interpreter: the patient prefers {language.strip()}, not {DOCUMENT_LANGUAGE}, and no "
        "interpreter (or refusal of one) is recorded"
    )
