"""A final consultation as a FHIR R4 `transaction` Bundle for the hospital's record.

Patient, Practitioner, Consent, one DocumentReference per sealed PDF, the QuestionnaireResponse of
the candidacy record and a Provenance. Every entry is a conditional create on an identifier (or,
for the Provenance, a tag), so sending the same consultation twice creates nothing twice. The
resources are built as plain JSON and validated with fhir.resources' R4B models, which are imported
only here (they cost about half a second).
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from consultaid import assessment
from consultaid.content.model import Procedure
from consultaid.content.required import ASA, MJOA_PREFIX, NURICK
from consultaid.errors import InputError
from consultaid.fhir.questionnaire import (
    MJOA_BAND,
    MJOA_TOTAL,
    SECTIONS,
    canonical_url,
    item_text,
)
from consultaid.records import ConsultationRecord, Document, Store
from consultaid.records.codec import iso

MRN_SYSTEM_DEFAULT = "urn:consultaid:mrn"
CONSULTATION_SYSTEM = "urn:consultaid:consultation"
SHA256_SYSTEM = "urn:consultaid:sha256"
CLINICIAN_SYSTEM = "urn:consultaid:clinician"
PROVENANCE_TAG = "urn:consultaid:provenance"
PARTICIPANT_TYPES = "http://terminology.hl7.org/CodeSystem/provenance-participant-type"
_NAMESPACE = uuid.UUID("4f1c2a61-8a53-4d5e-9a57-6f0d3c1b7e21")
_GENDER = {"female": "female", "male": "male", "other": "other", "unknown": "unknown"}
_DOCUMENT_TITLES = {"consent-form": "Consent form", "leaflet": "Your operation (leaflet)"}
_LOINC_CONSENT = {"system": "http://loinc.org", "code": "59284-0", "display": "Patient Consent"}


@dataclass(frozen=True)
class ExportSettings:
    """What the clinic sets: the system its MRNs belong to, and this installation's id (which
    keeps consultation numbers of two computers apart in the hospital's record)."""

    mrn_system: str
    installation: str


def consultation_key(settings: ExportSettings, consultation_id: int) -> str:
    return f"{settings.installation}/{consultation_id}"


def _full_url(kind: str, key: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{kind}|{key}')}"


def _entry(resource: dict[str, Any], full_url: str, if_none_exist: str) -> dict[str, Any]:
    return {
        "fullUrl": full_url,
        "resource": resource,
        "request": {
            "method": "POST",
            "url": resource["resourceType"],
            "ifNoneExist": if_none_exist,
        },
    }


def build_bundle(
    store: Store,
    consultation_id: int,
    procedure: Procedure,
    settings: ExportSettings,
) -> dict[str, Any]:
    """The transaction Bundle of a final consultation, validated; a draft is refused."""
    record = store.load_record(consultation_id)
    consultation = record.consultation
    if consultation.status != "final":
        raise InputError(
            f"Consultation {consultation_id} is a draft; finalize it before sending it to the "
            "hospital record."
        )
    documents = store.list_documents(consultation_id)
    if not documents:
        raise InputError(
            f"Consultation {consultation_id} has no sealed document yet; print its consent form "
            "once (File → Print) so it is sealed, then send it."
        )
    key = consultation_key(settings, consultation_id)
    patient_url = _full_url("Patient", f"{settings.mrn_system}|{record.patient.mrn}")
    surgeon = consultation.finalized_by or consultation.clinician
    practitioner_url = _full_url("Practitioner", surgeon)
    entries = [
        _entry(
            _patient(record, settings),
            patient_url,
            _identifier_query(settings.mrn_system, record.patient.mrn),
        ),
        _entry(
            _practitioner(surgeon),
            practitioner_url,
            _identifier_query(CLINICIAN_SYSTEM, surgeon),
        ),
    ]
    doc_urls = {}
    for doc in documents:
        doc_urls[doc.id] = _full_url("DocumentReference", doc.sha256)
    for doc in documents:
        pdf = store.document_pdf(doc.id)
        entries.append(
            _entry(
                _document(doc, pdf, patient_url, practitioner_url, doc_urls),
                doc_urls[doc.id],
                _identifier_query(SHA256_SYSTEM, doc.sha256),
            )
        )
    current = _current_consent_form(documents)
    consent_url = _full_url("Consent", key)
    entries.append(
        _entry(
            _consent(record, procedure, key, patient_url, practitioner_url, doc_urls[current.id]),
            consent_url,
            _identifier_query(CONSULTATION_SYSTEM, key),
        )
    )
    response_url = _full_url("QuestionnaireResponse", key)
    entries.append(
        _entry(
            _questionnaire_response(record, procedure, key, patient_url, practitioner_url),
            response_url,
            _identifier_query(CONSULTATION_SYSTEM, key),
        )
    )
    entries.append(
        _entry(
            _provenance(record, key, practitioner_url, [consent_url, *doc_urls.values()]),
            _full_url("Provenance", key),
            f"_tag={PROVENANCE_TAG}|{key}",
        )
    )
    bundle = {"resourceType": "Bundle", "type": "transaction", "entry": entries}
    validate(bundle)
    return bundle


def validate(bundle: Mapping[str, Any]) -> None:
    """Every resource against fhir.resources' R4B models; a failure is a bug here, so it raises."""
    from fhir.resources.R4B.bundle import Bundle

    Bundle.model_validate(bundle)


def _identifier_query(system: str, value: str) -> str:
    return f"identifier={quote(system, safe=':/')}|{quote(value, safe='')}"


def _current_consent_form(documents: tuple[Document, ...]) -> Document:
    forms = [d for d in documents if d.kind != "leaflet"]
    return (forms or list(documents))[-1]


def _patient(record: ConsultationRecord, settings: ExportSettings) -> dict[str, Any]:
    p = record.patient
    name: dict[str, Any] = {"family": p.family_name}
    if p.given_names:
        name["given"] = p.given_names.split()
    return {
        "resourceType": "Patient",
        "identifier": [{"system": settings.mrn_system, "value": p.mrn}],
        "name": [name],
        "birthDate": p.date_of_birth.isoformat(),
        "gender": _GENDER.get(p.sex, "unknown"),
    }


def _practitioner(name: str) -> dict[str, Any]:
    return {
        "resourceType": "Practitioner",
        "identifier": [{"system": CLINICIAN_SYSTEM, "value": name}],
        "name": [{"text": name}],
    }


def _document(
    doc: Document,
    pdf: bytes,
    patient_url: str,
    practitioner_url: str,
    doc_urls: Mapping[int, str],
) -> dict[str, Any]:
    title = _DOCUMENT_TITLES.get(doc.kind, doc.kind.replace("-", " ").capitalize())
    resource: dict[str, Any] = {
        "resourceType": "DocumentReference",
        "identifier": [{"system": SHA256_SYSTEM, "value": doc.sha256}],
        "status": "current",
        "docStatus": "final",
        "type": {"text": title}
        if doc.kind == "leaflet"
        else {"coding": [_LOINC_CONSENT], "text": title},
        "subject": {"reference": patient_url},
        "date": iso(doc.created_at),
        "author": [{"reference": practitioner_url}],
        "content": [
            {
                "attachment": {
                    "contentType": "application/pdf",
                    "data": base64.b64encode(pdf).decode("ascii"),
                    "size": len(pdf),
                    # FHIR's Attachment.hash is the SHA-1 of the data, base64-encoded.
                    "hash": base64.b64encode(hashlib.sha1(pdf).digest()).decode("ascii"),
                    "title": title,
                    "creation": iso(doc.created_at),
                }
            }
        ],
    }
    if doc.supersedes_id is not None and doc.supersedes_id in doc_urls:
        resource["relatesTo"] = [
            {"code": "replaces", "target": {"reference": doc_urls[doc.supersedes_id]}}
        ]
    return resource


def _consent(
    record: ConsultationRecord,
    procedure: Procedure,
    key: str,
    patient_url: str,
    practitioner_url: str,
    document_url: str,
) -> dict[str, Any]:
    c = record.consultation
    levels = ", ".join(c.levels)
    when = iso(c.finalized_at) if c.finalized_at else iso(c.started_at)
    return {
        "resourceType": "Consent",
        "identifier": [{"system": CONSULTATION_SYSTEM, "value": key}],
        "status": "active",
        "scope": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/consentscope",
                    "code": "treatment",
                    "display": "Treatment",
                }
            ]
        },
        "category": [{"coding": [_LOINC_CONSENT]}],
        "patient": {"reference": patient_url},
        "dateTime": when,
        "performer": [{"reference": patient_url}],
        "sourceReference": {"reference": document_url},
        "policyRule": {"text": "Informed consent to surgery, recorded with ConsultAid"},
        "provision": {
            "type": "permit",
            "actor": [
                {
                    "role": {"text": "Operating surgeon"},
                    "reference": {"reference": practitioner_url},
                }
            ],
            "code": [{"text": f"{procedure.title}, level {levels}"}],
        },
    }


def _questionnaire_response(
    record: ConsultationRecord,
    procedure: Procedure,
    key: str,
    patient_url: str,
    practitioner_url: str,
) -> dict[str, Any]:
    answers = {a.factor_id: a.value for a in record.answers}
    groups = []
    mjoa_items = [
        _coded(MJOA_PREFIX + item.id, item.label, answers.get(MJOA_PREFIX + item.id))
        for item in procedure.mjoa.items
    ]
    result = assessment.mjoa_result(procedure.mjoa, answers)
    if result is not None:
        mjoa_items.append(
            {"linkId": MJOA_TOTAL, "text": "mJOA total", "answer": [{"valueInteger": result.total}]}
        )
        mjoa_items.append(
            {
                "linkId": MJOA_BAND,
                "text": "mJOA severity band",
                "answer": [{"valueString": result.band.name}],
            }
        )
    groups.append(_group("mjoa", "Modified JOA score (mJOA)", mjoa_items))
    groups.append(
        _group(
            "scales",
            "Grades",
            [
                _coded(NURICK, procedure.nurick.name, answers.get(NURICK)),
                _coded(ASA, procedure.asa.name, answers.get(ASA)),
            ],
        )
    )
    by_section: dict[str, list[dict[str, Any]]] = {}
    for factor in procedure.candidacy:
        value = answers.get(factor.id)
        section = getattr(factor, "section", "factors") or "factors"
        by_section.setdefault(section, []).append(
            {"linkId": factor.id, "text": item_text(factor), "answer": _values(factor.kind, value)}
        )
    for section, title in SECTIONS.items():
        if section in by_section:
            groups.append(_group(section, title, by_section[section]))
    c = record.consultation
    return {
        "resourceType": "QuestionnaireResponse",
        "identifier": {"system": CONSULTATION_SYSTEM, "value": key},
        "questionnaire": f"{canonical_url(procedure)}|{procedure.version}",
        "status": "completed",
        "subject": {"reference": patient_url},
        "authored": iso(c.finalized_at or c.started_at),
        "author": {"reference": practitioner_url},
        "item": [_without_empty(g) for g in groups if g["item"]],
    }


def _group(link_id: str, text: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"linkId": link_id, "text": text, "item": [_without_empty(i) for i in items if i]}


def _without_empty(item: dict[str, Any]) -> dict[str, Any]:
    """An item with no answer is sent without `answer` (FHIR forbids an empty list)."""
    return {k: v for k, v in item.items() if v not in ([], None)}


def _coded(link_id: str, text: str, value: Any) -> dict[str, Any]:
    answer = [] if value is None else [{"valueCoding": {"code": str(value)}}]
    return {"linkId": link_id, "text": text, "answer": answer}


def _values(kind: str, value: Any) -> list[dict[str, Any]]:
    if value is None or value == "" or value == []:
        return []
    if kind == "boolean":
        return [{"valueBoolean": bool(value)}]
    if kind == "number":
        return [{"valueDecimal": float(value)}]
    if kind == "choice":
        values = value if isinstance(value, list) else [value]
        return [{"valueCoding": {"code": str(v)}} for v in values]
    return [{"valueString": str(value)}]


def _provenance(
    record: ConsultationRecord, key: str, practitioner_url: str, targets: list[str]
) -> dict[str, Any]:
    c = record.consultation
    return {
        "resourceType": "Provenance",
        "meta": {"tag": [{"system": PROVENANCE_TAG, "code": key}]},
        "target": [{"reference": url} for url in targets],
        "recorded": iso(c.finalized_at or c.started_at),
        "activity": {"text": "Consent finalized and sealed"},
        "agent": [
            {
                "type": {
                    "coding": [
                        {
                            "system": PARTICIPANT_TYPES,
                            "code": "author",
                        }
                    ]
                },
                "who": {"reference": practitioner_url, "display": c.finalized_by or c.clinician},
            }
        ],
    }
