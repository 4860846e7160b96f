"""End to end against a real FHIR implementation (Medplum's router and validator) on loopback.

A finalized demo consultation is pushed; the Consent, the DocumentReference (its PDF equal to the
sealed document, byte for byte) and the QuestionnaireResponse are read back; pushing again
creates nothing twice (issue 13 item 3).
"""

from __future__ import annotations

import base64
import json
import urllib.parse
import urllib.request

import pytest

from consultaid.fhir.bundle import CONSULTATION_SYSTEM, SHA256_SYSTEM, consultation_key
from consultaid.fhir.exporting import export_settings, send
from consultaid.fhir.push import PushError
from tests.demo_ids import final_id

pytestmark = pytest.mark.slow


def search(server, kind: str, system: str, value: str) -> list[dict]:
    query = urllib.parse.urlencode({"identifier": f"{system}|{value}"})
    request = urllib.request.Request(
        f"{server.base_url}/{kind}?{query}",
        headers={"Authorization": f"Bearer {server.token}", "Accept": "application/fhir+json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        bundle = json.loads(response.read())
    return [e["resource"] for e in bundle.get("entry", [])]


def test_push_read_back_and_push_again(fhir_server, demo_store, demo_db, bundled, tmp_path):
    cid = final_id(demo_db)
    first = send(
        demo_store, cid, bundled, token_folder=tmp_path, base_url=fhir_server.base_url,
        token=fhir_server.token,
    )  # fmt: skip
    assert all(status.startswith("201") for status in first.statuses), first.statuses
    key = consultation_key(export_settings(demo_store), cid)

    (consent,) = search(fhir_server, "Consent", CONSULTATION_SYSTEM, key)
    assert consent["status"] == "active"
    for document in demo_store.list_documents(cid):
        (reference,) = search(fhir_server, "DocumentReference", SHA256_SYSTEM, document.sha256)
        data = reference["content"][0]["attachment"]["data"]
        assert base64.b64decode(data) == demo_store.document_pdf(document.id)
    (response,) = search(fhir_server, "QuestionnaireResponse", CONSULTATION_SYSTEM, key)
    assert response["status"] == "completed"
    assert response["subject"]["reference"] == consent["patient"]["reference"]

    second = send(
        demo_store, cid, bundled, token_folder=tmp_path, base_url=fhir_server.base_url,
        token=fhir_server.token,
    )  # fmt: skip
    assert not any(status.startswith("201") for status in second.statuses), second.statuses
    assert len(search(fhir_server, "Consent", CONSULTATION_SYSTEM, key)) == 1
    assert len(search(fhir_server, "QuestionnaireResponse", CONSULTATION_SYSTEM, key)) == 1
    sent = [e for e in demo_store.audit_entries() if e.action == "fhir_export"]
    assert len(sent) == 2


def test_a_wrong_token_is_refused_by_the_real_server(
    fhir_server, demo_store, demo_db, bundled, tmp_path
):
    with pytest.raises(PushError, match="refused the token"):
        send(demo_store, final_id(demo_db), bundled, token_folder=tmp_path,
             base_url=fhir_server.base_url, token="not-the-token")  # fmt: skip
