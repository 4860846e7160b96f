"""What a consultation still lacks, listed before it is finalized so nothing is missed silently."""

from __future__ import annotations

from consultaid.content.model import Procedure
from consultaid.records import ConsultationRecord


def missing_items(procedure: Procedure, record: ConsultationRecord) -> tuple[str, ...]:
    """One line per gap: risks not ticked, alternatives not discussed, no teach-back."""
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
    return tuple(gaps)
