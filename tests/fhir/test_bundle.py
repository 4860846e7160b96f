"""The FHIR R4 transaction Bundle of a final consultation (issue 13 item 1)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import stat
from pathlib import Path

import pytest

from consultaid.cli import main
from consultaid.clinic_settings import SETTING_FHIR_MRN_SYSTEM
from consultaid.errors import InputError
from consultaid.fhir.bundle import CONSULTATION_SYSTEM, SHA256_SYSTEM, validate
from consultaid.fhir.exporting import bundle_for
from consultaid.fhir.questionnaire import canonical_url, questionnaire, shipped_path
from tests.demo_ids import draft_id, final_id


def resources(bundle: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_a_final_consultation_becomes_a_valid_transaction(demo_store, demo_db, bundled):
    demo_store.set_setting(SETTING_FHIR_MRN_SYSTEM, "https://hospital.example/mrn")
    cid = final_id(demo_db)
    bundle = bundle_for(demo_store, cid, bundled)
    validate(bundle)
    assert bundle["type"] == "transaction"
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    for kind in ("Patient", "Practitioner", "Consent", "QuestionnaireResponse", "Provenance"):
        assert kinds.count(kind) == 1, kind
    record = demo_store.load_record(cid)
    (patient,) = resources(bundle, "Patient")
    assert patient["identifier"] == [
        {"system": "https://hospital.example/mrn", "value": record.patient.mrn}
    ]
    assert patient["birthDate"] == record.patient.date_of_birth.isoformat()
    # Conditional creates: every entry names what makes it the same on a second send.
    for entry in bundle["entry"]:
        assert entry["request"]["method"] == "POST"
        assert entry["request"]["ifNoneExist"]
        assert entry["fullUrl"].startswith("urn:uuid:")


def test_each_sealed_document_travels_with_its_hashes(demo_store, demo_db, bundled):
    cid = final_id(demo_db)
    bundle = bundle_for(demo_store, cid, bundled)
    documents = demo_store.list_documents(cid)
    refs = resources(bundle, "DocumentReference")
    assert len(refs) == len(documents) >= 1
    for doc, ref in zip(documents, refs, strict=True):
        attachment = ref["content"][0]["attachment"]
        pdf = base64.b64decode(attachment["data"])
        assert pdf == demo_store.document_pdf(doc.id)
        assert attachment["contentType"] == "application/pdf" and attachment["size"] == len(pdf)
        assert attachment["hash"] == base64.b64encode(hashlib.sha1(pdf).digest()).decode()
        assert {"system": SHA256_SYSTEM, "value": hashlib.sha256(pdf).hexdigest()} in ref[
            "identifier"
        ]
    (consent,) = resources(bundle, "Consent")
    urls = {e["resource"].get("id") or e["fullUrl"]: e for e in bundle["entry"]}
    assert consent["sourceReference"]["reference"] in urls
    assert consent["status"] == "active"
    assert consent["scope"]["coding"][0]["code"] == "treatment"
    levels = demo_store.load_record(cid).consultation.levels
    assert all(level in consent["provision"]["code"][0]["text"] for level in levels)
    assert consent["identifier"][0]["system"] == CONSULTATION_SYSTEM
    (provenance,) = resources(bundle, "Provenance")
    targets = {t["reference"] for t in provenance["target"]}
    assert consent_url(bundle) in targets
    assert {
        e["fullUrl"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "DocumentReference"
    } <= targets


def consent_url(bundle: dict) -> str:
    return next(e["fullUrl"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Consent")


def test_the_answers_follow_the_shipped_questionnaire(demo_store, demo_db, bundled):
    shipped = json.loads(Path(shipped_path(bundled.id)).read_text(encoding="utf-8"))
    assert shipped == questionnaire(bundled), (
        "resources/fhir is out of date: run python -m consultaid.fhir.questionnaire"
    )
    bundle = bundle_for(demo_store, final_id(demo_db), bundled)
    (response,) = resources(bundle, "QuestionnaireResponse")
    assert response["questionnaire"] == f"{shipped['url']}|{shipped['version']}"
    assert shipped["url"] == canonical_url(bundled)

    def link_ids(items: list[dict]) -> set[str]:
        out = set()
        for item in items:
            out.add(item["linkId"])
            out |= link_ids(item.get("item", []))
        return out

    assert link_ids(response["item"]) <= link_ids(shipped["item"])
    answered = {
        item["linkId"]: item["answer"]
        for group in response["item"]
        for item in group["item"]
        if "answer" in item
    }
    record = demo_store.load_record(final_id(demo_db))
    smoking = record.answer("smoking")
    if smoking is not None:
        assert answered["smoking"] == [{"valueBoolean": smoking}]


def test_a_draft_is_refused_in_one_sentence(demo_store, demo_db, bundled):
    with pytest.raises(InputError, match="is a draft; finalize it"):
        bundle_for(demo_store, draft_id(demo_db), bundled)


def test_export_command_writes_an_owner_only_bundle(demo_db: Path, tmp_path: Path, capsys):
    out = tmp_path / "bundle.json"
    assert main(["export", str(final_id(demo_db)), "--db", str(demo_db), "--fhir", str(out)]) == 0
    assert json.loads(out.read_text())["type"] == "transaction"
    if os.name == "posix":
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    capsys.readouterr()
    assert main(["export", str(draft_id(demo_db)), "--db", str(demo_db), "--fhir", str(out)]) == 1
    err = capsys.readouterr().err
    assert "draft" in err and "Traceback" not in err


def test_a_final_consultation_never_printed_is_sealed_on_export(tmp_path: Path):
    db = tmp_path / "data" / "consultaid.db"
    assert main(["demo", "--db", str(db)]) == 0
    out = tmp_path / "bundle.json"
    assert main(["export", str(final_id(db)), "--db", str(db), "--fhir", str(out)]) == 0
    kinds = sorted(
        e["resource"]["content"][0]["attachment"]["title"]
        for e in json.loads(out.read_text())["entry"]
        if e["resource"]["resourceType"] == "DocumentReference"
    )
    assert len(kinds) == 2, kinds  # the consent form and the leaflet
