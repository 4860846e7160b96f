"""Sealing: a final consultation's two documents are stored once each, with their SHA-256, and
printed from then on.

The consent form (what is signed) and the leaflet (what the patient takes home) are sealed
together at Finalize, each as its own stored document of its own kind. A sealed consultation
always prints its stored bytes, so what was signed is what is reprinted years later, whatever the
pack or the clinic's settings have become. Rendering (a draft, or the seal of a final
consultation) uses the pack the consultation was held with and refuses any other. An amendment
seals a new version of each that names the one it supersedes; every earlier version stays stored
and can be printed byte for byte. Documents are always picked by kind, never as "the newest row".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from consultaid.consent.amendments import consent_documents, earlier_versions, is_current
from consultaid.consent.document import CONSENT_FORM, DOCUMENT_KINDS, LEAFLET
from consultaid.errors import InputError

if TYPE_CHECKING:
    from pathlib import Path

    from consultaid.content.model import Procedure
    from consultaid.records import Document, Store

__all__ = [
    "CONSENT_FORM",
    "LEAFLET",
    "printable_pdf",
    "seal",
    "seal_all",
    "sealed_document",
    "sealed_documents",
    "sealed_pdf",
]

_NAMES = {CONSENT_FORM: "consent form", LEAFLET: "leaflet"}


def sealed_documents(
    store: Store, consultation_id: int, kind: str = CONSENT_FORM
) -> tuple[Document, ...]:
    """Every sealed version of the consultation's document of `kind`, oldest first. Each names
    the version it replaced in `supersedes_id` (None for the first)."""
    return consent_documents(store.list_documents(consultation_id), _kind(kind))


def sealed_document(
    store: Store, consultation_id: int, kind: str = CONSENT_FORM
) -> Document | None:
    """The current sealed document of `kind` of a final consultation, if there is one."""
    documents = sealed_documents(store, consultation_id, kind)
    return documents[-1] if documents else None


def sealed_pdf(
    store: Store, consultation_id: int, document_id: int, kind: str = CONSENT_FORM
) -> bytes:
    """One sealed version of the consultation's document of `kind` (the current one or an
    earlier one), exactly as stored. Refused with InputError if it is not a sealed document of
    that kind of this consultation."""
    store.get_consultation(consultation_id)  # ConsultationNotFound for an unknown id
    numbers = [d.id for d in sealed_documents(store, consultation_id, kind)]
    name = _NAMES[_kind(kind)]
    if document_id not in numbers:
        if not numbers:
            raise InputError(
                f"Consultation {consultation_id} has no sealed {name} yet; leave out the "
                "document number to print it."
            )
        raise InputError(
            f"Consultation {consultation_id} has no sealed {name} {document_id}; pick one of "
            f"these: {', '.join(map(str, numbers))}."
        )
    return store.document_pdf(document_id)


def seal_all(
    store: Store, consultation_id: int, procedure: Procedure, signing_folder: Path | None = None
) -> dict[str, Document]:
    """Seal the consent form and the leaflet of a final consultation, by kind. A kind whose
    newest seal already shows every amendment is not stored again (that seal is returned); after
    an amendment each new version supersedes the one of its kind sealed before it. With a
    `signing_folder` each is stored signed with the clinic's certificate kept there (made on
    first use), and its SHA-256 is over the signed bytes.

    Refused with PackMismatch when `procedure` is not the pack the consultation was held with, and
    with InputError for a draft (a draft is printed, never sealed).
    """
    from consultaid.consent.pdf import render_pdfs
    from consultaid.consent.signing import sign_sealed
    from consultaid.consent.summary import require_pack, summary_for_consultation

    record = store.load_record(consultation_id)
    c = record.consultation
    if not c.is_final:
        require_pack(c, procedure)
        raise InputError(
            f"Consultation {c.id} is a draft; make it final before you seal its documents."
        )
    current: dict[str, Document] = {}
    for kind in DOCUMENT_KINDS:
        documents = consent_documents(record.documents, kind)
        if documents and is_current(documents[-1], record.amendments):
            current[kind] = documents[-1]
    missing = [k for k in DOCUMENT_KINDS if k not in current]
    if not missing:
        return current
    summary = summary_for_consultation(store, consultation_id, procedure)
    pdfs = render_pdfs(summary, missing)
    for kind in missing:
        pdf = pdfs[kind]
        if signing_folder is not None:
            pdf = sign_sealed(
                pdf,
                signing_folder,
                document=_NAMES[kind],
                consultation_id=c.id,
                clinic=summary.clinic.name,
            )
        supersedes, _ = earlier_versions(record.documents, record.amendments, kind)
        current[kind] = store.add_document(
            consultation_id,
            kind,
            pdf,
            supersedes_id=supersedes.id if supersedes is not None else None,
        )
    return current


def seal(
    store: Store, consultation_id: int, procedure: Procedure, signing_folder: Path | None = None
) -> Document:
    """Seal both documents (`seal_all`) and return the consent form's seal."""
    return seal_all(store, consultation_id, procedure, signing_folder)[CONSENT_FORM]


def printable_pdf(
    store: Store,
    consultation_id: int,
    procedure: Procedure,
    kind: str = CONSENT_FORM,
    signing_folder: Path | None = None,
) -> bytes:
    """What to print or save of `kind`: a draft rendered with `procedure` (refused with
    PackMismatch if that is not the pack it was held with), or a final consultation's stored
    seal, whatever pack is given. A final consultation whose seals are missing or older than its
    last amendment (rendering failed at the time) is sealed now, so nothing is printed from a
    render that was not stored.
    """
    from consultaid.consent.pdf import render_pdfs
    from consultaid.consent.summary import summary_for_consultation

    kind = _kind(kind)
    if not store.get_consultation(consultation_id).is_final:
        summary = summary_for_consultation(store, consultation_id, procedure)
        return render_pdfs(summary, [kind])[kind]
    return store.document_pdf(seal_all(store, consultation_id, procedure, signing_folder)[kind].id)


def _kind(kind: str) -> str:
    if kind not in DOCUMENT_KINDS:
        raise ValueError(f"document kind must be one of {DOCUMENT_KINDS}, not {kind!r}")
    return kind
