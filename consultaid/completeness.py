"""What a consultation still lacks, shown before it is finalized so nothing is missed silently.

Signatures block finalizing: a consent nobody signed is not a consent. Risks or alternatives not
ticked and a teach-back that was not a clear "yes" are listed for the surgeon to judge.
"""

from __future__ import annotations

from dataclasses import dataclass

from consultaid.content.model import Procedure
from consultaid.records import ConsultationRecord

TEACH_BACK_GAPS = {
    "no": "Teach-back: the patient could not explain it back",
    "partly": "Teach-back: the patient could explain only part of it back",
}


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
    return tuple(gaps)
