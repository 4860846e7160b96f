"""Amendments as a summary's reader sees them, and which sealed versions an amended one follows.

A final consultation is sealed once; each amendment after that makes a new sealed version. That
version lists every amendment (what changed, before and after, in the words the summary uses; the
reason; who; when), names the sealed version it replaces, and says the signatures on it were given
on the original. Which versions those are follows from the stored times alone, so rendering the
same record again gives the same document.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from consultaid import assessment
from consultaid.consent import labels
from consultaid.consent.document import (
    CONSENT_FORM,
    LEGACY_CONSENT,
    AmendedVersion,
    AmendmentEntry,
    SealedVersion,
)
from consultaid.levels import format_levels
from consultaid.record_keys import INTERPRETER, REPRESENTATIVE
from consultaid.records.rows import AmendTarget

if TYPE_CHECKING:
    from consultaid.content.model import Procedure
    from consultaid.records import Amendment, ConsultationRecord, Document

# The document id a sealed summary prints in its footer is also its PDF's subject (pdf.py).
_PRINTED_ID = re.compile(rb"/Subject \((C[AL]-\d+-[0-9A-F]+)\)")


def consent_documents(
    documents: Sequence[Document], kind: str = CONSENT_FORM
) -> tuple[Document, ...]:
    """The sealed documents of one kind among a consultation's documents, oldest first. Seals
    made before the form and the leaflet were split (kind "consent") count as consent forms."""
    kinds = {kind, LEGACY_CONSENT} if kind == CONSENT_FORM else {kind}
    return tuple(sorted((d for d in documents if d.kind in kinds), key=lambda d: d.id))


def is_current(document: Document, amendments: Sequence[Amendment]) -> bool:
    """Whether a sealed summary already shows every amendment (it was sealed after the last)."""
    last = max((a.at for a in amendments), default=None)
    return last is None or document.created_at >= last


def earlier_versions(
    documents: Sequence[Document], amendments: Sequence[Amendment], kind: str = CONSENT_FORM
) -> tuple[Document | None, Document | None]:
    """For a document of `kind` showing `amendments`: the sealed version it replaces (the newest
    sealed before the last amendment) and the original (the first sealed before any amendment)."""
    sealed = consent_documents(documents, kind)
    if not amendments:
        return None, None
    first = min(a.at for a in amendments)
    last = max(a.at for a in amendments)
    before_last = [d for d in sealed if d.created_at < last]
    before_first = [d for d in sealed if d.created_at < first]
    return (before_last[-1] if before_last else None, before_first[0] if before_first else None)


def amended_version(
    procedure: Procedure, record: ConsultationRecord, pdf_of: Callable[[int], bytes]
) -> AmendedVersion | None:
    """What the summary of an amended consultation prints about its amendments; None if none.
    `pdf_of` returns a stored document's bytes (`Store.document_pdf`), to read its printed id."""
    if not record.amendments:
        return None
    supersedes, original = earlier_versions(record.documents, record.amendments)
    c = record.consultation
    return AmendedVersion(
        amendments=tuple(amendment_entry(procedure, record, a) for a in record.amendments),
        supersedes=_sealed(supersedes, pdf_of),
        original=_sealed(original, pdf_of),
        finalized_at=c.finalized_at or c.updated_at,
    )


def amendment_entry(
    procedure: Procedure, record: ConsultationRecord, amendment: Amendment
) -> AmendmentEntry:
    return AmendmentEntry(
        what=_what(procedure, record, amendment),
        before=_value(procedure, amendment, amendment.old_value),
        after=_value(procedure, amendment, amendment.new_value),
        reason=amendment.reason,
        author=amendment.author,
        at=amendment.at,
    )


def _sealed(document: Document | None, pdf_of: Callable[[int], bytes]) -> SealedVersion | None:
    if document is None:
        return None
    found = _PRINTED_ID.search(pdf_of(document.id))
    printed_id = found.group(1).decode("ascii") if found else ""
    return SealedVersion(document.id, document.created_at, document.sha256, printed_id)


def _what(procedure: Procedure, record: ConsultationRecord, a: Amendment) -> str:
    target, key = a.target, a.row_key
    if target is AmendTarget.LEVELS:
        return labels.AMENDED_LEVELS
    if target is AmendTarget.ANSWER:
        return _answer_label(procedure, key)
    if target is AmendTarget.RISK_DISCUSSED:
        return labels.AMENDED_RISK.format(name=_name(procedure.risks, key))
    if target is AmendTarget.ALTERNATIVE_DISCUSSED:
        return labels.AMENDED_ALTERNATIVE.format(name=_name(procedure.alternatives, key))
    if target is AmendTarget.QUESTION:
        return labels.AMENDED_QUESTION
    if target is AmendTarget.QUESTION_ANSWER:
        question = next((q.question for q in record.questions if str(q.id) == key), "")
        return labels.AMENDED_ANSWER.format(question=question)
    if target is AmendTarget.TEACH_BACK_RESULT:
        return labels.AMENDED_TEACH_BACK_RESULT
    return labels.AMENDED_TEACH_BACK_NOTE


def _name(items: Sequence[Any], item_id: str) -> str:
    return next((item.name for item in items if item.id == item_id), item_id)


def _answer_label(procedure: Procedure, key: str) -> str:
    if key.startswith(assessment.MJOA_PREFIX):
        item_id = key.removeprefix(assessment.MJOA_PREFIX)
        item = next((i.label for i in procedure.mjoa.items if i.id == item_id), item_id)
        return labels.AMENDED_SCORE_ITEM.format(score=labels.MJOA, item=item)
    named = {
        assessment.NURICK: labels.NURICK,
        assessment.ASA: labels.ASA,
        INTERPRETER: labels.INTERPRETER,
        REPRESENTATIVE: labels.REPRESENTATIVE,
    }
    if key in named:
        return named[key]
    return next((f.label for f in procedure.candidacy if f.id == key), key)


def _value(procedure: Procedure, a: Amendment, value: Any) -> str:
    target = a.target
    if target in (AmendTarget.RISK_DISCUSSED, AmendTarget.ALTERNATIVE_DISCUSSED):
        # No row means it was never ticked: the summary listed it as not talked about.
        return labels.TALKED_ABOUT if value else labels.NOT_TALKED_ABOUT
    if value is None or value == "" or value == []:
        return labels.NOT_RECORDED
    if target is AmendTarget.LEVELS:
        return format_levels(tuple(value))
    if target is AmendTarget.TEACH_BACK_RESULT:
        return labels.TEACH_BACK_RESULTS.get(str(value), str(value))
    if target is AmendTarget.ANSWER:
        return _answer_value(procedure, a.row_key, value)
    return str(value)


def _answer_value(procedure: Procedure, key: str, value: Any) -> str:
    if key.startswith(assessment.MJOA_PREFIX):
        item_id = key.removeprefix(assessment.MJOA_PREFIX)
        item = next((i for i in procedure.mjoa.items if i.id == item_id), None)
        option = next((o for o in item.options if o.points == value), None) if item else None
        return f"{value} — {option.text}" if option else labels.format_answer(value)
    scales = {assessment.NURICK: procedure.nurick, assessment.ASA: procedure.asa}
    if key in scales:
        grade = next((g for g in scales[key].grades if g.grade == str(value)), None)
        return f"{grade.grade} — {grade.definition}" if grade else str(value)
    unit = next((f.unit for f in procedure.candidacy if f.id == key), "")
    return labels.format_answer(value, unit)
