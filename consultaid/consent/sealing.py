"""Sealing: the final consent summary is stored once, with its SHA-256, and printed from then on.

A sealed consultation always prints its stored bytes, so what was signed is what is reprinted years
later, whatever the pack or the clinic's settings have become. An amendment seals a new document
that names the one it supersedes; the old one stays.
"""

from __future__ import annotations

from consultaid.records import Document, Store

CONSENT = "consent"


def sealed_document(store: Store, consultation_id: int) -> Document | None:
    """The newest sealed consent summary of a final consultation, if there is one."""
    documents = [d for d in store.list_documents(consultation_id) if d.kind == CONSENT]
    return documents[-1] if documents else None


def seal(store: Store, consultation_id: int) -> Document:
    """Render the final summary and store it; it supersedes an earlier seal (after an amendment)."""
    from consultaid.consent import render_consent_pdf

    previous = sealed_document(store, consultation_id)
    pdf = render_consent_pdf(store, consultation_id)
    return store.add_document(
        consultation_id,
        CONSENT,
        pdf,
        supersedes_id=previous.id if previous is not None else None,
    )


def printable_pdf(store: Store, consultation_id: int) -> bytes:
    """What to print or save: the stored seal of a final consultation, else a fresh draft render.

    A final consultation whose seal is missing or older than its last amendment (rendering failed
    at the time) is sealed now, so nothing is printed from a render that was not stored.
    """
    from consultaid.consent import render_consent_pdf

    record = store.load_record(consultation_id)
    if not record.consultation.is_final:
        return render_consent_pdf(store, consultation_id)
    document = sealed_document(store, consultation_id)
    last_change = max((a.at for a in record.amendments), default=None)
    if document is None or (last_change is not None and last_change > document.created_at):
        document = seal(store, consultation_id)
    return store.document_pdf(document.id)
