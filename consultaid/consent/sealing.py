"""Sealing: the final consent summary is stored once, with its SHA-256, and printed from then on.

A sealed consultation always prints its stored bytes, so what was signed is what is reprinted years
later, whatever the pack or the clinic's settings have become. Rendering (a draft, or the seal of
a final consultation) uses the pack the consultation was held with and refuses any other. An
amendment seals a new version that lists the amendments and names the one it supersedes; every
earlier version stays stored and can be printed byte for byte.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from consultaid.consent.amendments import consent_documents, earlier_versions, is_current
from consultaid.consent.document import CONSENT
from consultaid.errors import InputError

if TYPE_CHECKING:
    from consultaid.content.model import Procedure
    from consultaid.records import Document, Store

__all__ = ["CONSENT", "printable_pdf", "seal", "sealed_document", "sealed_documents", "sealed_pdf"]


def sealed_documents(store: Store, consultation_id: int) -> tuple[Document, ...]:
    """Every sealed version of the consultation's consent summary, oldest first. Each names the
    version it replaced in `supersedes_id` (None for the first)."""
    return consent_documents(store.list_documents(consultation_id))


def sealed_document(store: Store, consultation_id: int) -> Document | None:
    """The newest sealed consent summary of a final consultation, if there is one."""
    documents = sealed_documents(store, consultation_id)
    return documents[-1] if documents else None


def sealed_pdf(store: Store, consultation_id: int, document_id: int) -> bytes:
    """One sealed version of the consultation's summary (the current one or an earlier one),
    exactly as stored. Refused with InputError if it is not a sealed document of this consultation.
    """
    store.get_consultation(consultation_id)  # ConsultationNotFound for an unknown id
    numbers = [d.id for d in sealed_documents(store, consultation_id)]
    if document_id not in numbers:
        if not numbers:
            raise InputError(
                f"Consultation {consultation_id} has no sealed summary yet; leave out the "
                "document number to print it."
            )
        raise InputError(
            f"Consultation {consultation_id} has no sealed summary {document_id}; pick one of "
            f"these: {', '.join(map(str, numbers))}."
        )
    return store.document_pdf(document_id)


def seal(store: Store, consultation_id: int, procedure: Procedure) -> Document:
    """Render the final summary with `procedure` and store it, unless its newest seal already
    shows every amendment (that one is returned: nothing is stored twice). After an amendment the
    new version supersedes the one sealed before it.

    Refused with PackMismatch when `procedure` is not the pack the consultation was held with, and
    with InputError for a draft (a draft is printed, never sealed).
    """
    from consultaid.consent import render_consent_pdf
    from consultaid.consent.summary import require_pack

    record = store.load_record(consultation_id)
    c = record.consultation
    if not c.is_final:
        require_pack(c, procedure)
        raise InputError(
            f"Consultation {c.id} is a draft; make it final before you seal its summary."
        )
    documents = consent_documents(record.documents)
    if documents and is_current(documents[-1], record.amendments):
        return documents[-1]
    supersedes, _ = earlier_versions(documents, record.amendments)
    pdf = render_consent_pdf(store, consultation_id, procedure)
    return store.add_document(
        consultation_id,
        CONSENT,
        pdf,
        supersedes_id=supersedes.id if supersedes is not None else None,
    )


def printable_pdf(store: Store, consultation_id: int, procedure: Procedure) -> bytes:
    """What to print or save: a draft rendered with `procedure` (refused with PackMismatch if that
    is not the pack it was held with), or a final consultation's stored seal, whatever pack is
    given. A final consultation whose seal is missing or older than its last amendment (rendering
    failed at the time) is sealed now, so nothing is printed from a render that was not stored.
    """
    from consultaid.consent import render_consent_pdf

    if not store.get_consultation(consultation_id).is_final:
        return render_consent_pdf(store, consultation_id, procedure)
    return store.document_pdf(seal(store, consultation_id, procedure).id)
