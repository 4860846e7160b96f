"""The test FHIR server itself (tests/fhir_server/server.mjs): what the end-to-end test relies on.

It must behave as a hospital's server would where it matters to us: transactions with conditional
creates, strict validation of what is written, and a bearer token.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import pytest

pytestmark = pytest.mark.slow

FHIR_JSON = "application/fhir+json"
MRN_SYSTEM = "urn:test:fhir-server:mrn"


def call(
    server: Any, method: str, path: str = "", body: dict | None = None, token: str | None = None
) -> tuple[int, str, dict]:
    """(status, content type, JSON body) of one request; `token=None` sends the server's own."""
    headers = {"Accept": FHIR_JSON, "Content-Type": FHIR_JSON}
    if token != "":
        headers["Authorization"] = f"Bearer {server.token if token is None else token}"
    request = urllib.request.Request(
        server.base_url + path,
        data=None if body is None else json.dumps(body).encode(),
        method=method,
        headers=headers,
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers["Content-Type"], json.loads(response.read())
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, exc.headers["Content-Type"], json.loads(exc.read())


def transaction(mrn: str, gender: str = "female") -> dict:
    """A Patient created only if its MRN is new, and an Observation that refers to it."""
    patient_url = "urn:uuid:6f1c3c1e-5d1a-4c55-9d53-1b2a7c0e9a01"
    return {
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [
            {
                "fullUrl": patient_url,
                "resource": {
                    "resourceType": "Patient",
                    "identifier": [{"system": MRN_SYSTEM, "value": mrn}],
                    "name": [{"family": "Testperson", "given": ["Alex"]}],
                    "gender": gender,
                    "birthDate": "1961-04-02",
                },
                "request": {
                    "method": "POST",
                    "url": "Patient",
                    "ifNoneExist": f"identifier={MRN_SYSTEM}|{mrn}",
                },
            },
            {
                "resource": {
                    "resourceType": "Observation",
                    "status": "final",
                    "code": {"text": "test"},
                    "subject": {"reference": patient_url},
                },
                "request": {"method": "POST", "url": "Observation"},
            },
        ],
    }


def patients(server: Any, mrn: str) -> list[dict]:
    query = urllib.parse.urlencode({"identifier": f"{MRN_SYSTEM}|{mrn}"})
    status, _, bundle = call(server, "GET", f"/Patient?{query}")
    assert status == 200
    assert bundle["type"] == "searchset"
    return [entry["resource"] for entry in bundle.get("entry", [])]


def test_a_transaction_is_accepted_and_its_conditional_create_is_not_repeated(fhir_server):
    status, content_type, first = call(fhir_server, "POST", "", transaction("TX-1"))
    assert (status, first["type"]) == (200, "transaction-response")
    assert content_type.startswith(FHIR_JSON)
    assert [e["response"]["status"] for e in first["entry"]] == ["201", "201"]
    patient_location = first["entry"][0]["response"]["location"]
    assert patient_location.startswith("Patient/")
    observation = first["entry"][1]["resource"]
    assert observation["subject"]["reference"] == patient_location

    status, _, second = call(fhir_server, "POST", "", transaction("TX-1"))
    assert status == 200
    assert second["entry"][0]["response"]["status"] == "200"
    assert second["entry"][0]["response"]["location"] == patient_location
    (patient,) = patients(fhir_server, "TX-1")
    assert f"Patient/{patient['id']}" == patient_location

    status, _, read = call(fhir_server, "GET", f"/{patient_location}")
    assert (status, read["birthDate"]) == (200, "1961-04-02")


def test_an_invalid_resource_is_refused_with_an_operation_outcome(fhir_server):
    status, content_type, answer = call(fhir_server, "POST", "", transaction("TX-2", "robot"))
    assert status == 400
    assert content_type.startswith(FHIR_JSON)
    assert answer["resourceType"] == "OperationOutcome"
    (issue,) = answer["issue"]
    assert issue["severity"] == "error"
    assert issue["expression"] == ["Bundle.entry[0].resource.gender"]
    assert "robot" in issue["details"]["text"]
    assert patients(fhir_server, "TX-2") == []


def test_an_unknown_element_is_refused_when_written_directly(fhir_server):
    patient = {"resourceType": "Patient", "gender": "male", "favouriteColour": "blue"}
    status, _, answer = call(fhir_server, "POST", "/Patient", patient)
    assert status == 400
    assert answer["resourceType"] == "OperationOutcome"
    assert answer["issue"][0]["expression"] == ["Patient.favouriteColour"]


def test_a_failed_entry_undoes_the_whole_transaction(fhir_server):
    bundle = transaction("TX-3")
    bundle["entry"][1] = {
        "resource": {"resourceType": "Patient", "id": "missing", "gender": "male"},
        "request": {"method": "PUT", "url": "Patient/missing", "ifMatch": 'W/"1"'},
    }
    status, _, answer = call(fhir_server, "POST", "", bundle)
    assert status == 404
    assert answer["resourceType"] == "OperationOutcome"
    assert patients(fhir_server, "TX-3") == []


@pytest.mark.parametrize("token", ["", "not-the-token"])
def test_a_missing_or_wrong_token_is_refused(fhir_server, token):
    status, content_type, answer = call(fhir_server, "POST", "", transaction("TX-4"), token)
    assert status == 401
    assert content_type.startswith(FHIR_JSON)
    assert answer["resourceType"] == "OperationOutcome"
    assert call(fhir_server, "GET", "/Patient", token=token)[0] == 401
    assert patients(fhir_server, "TX-4") == []


def test_the_capability_statement_is_public(fhir_server):
    status, _, statement = call(fhir_server, "GET", "/metadata", token="")
    assert status == 200
    assert (statement["resourceType"], statement["fhirVersion"]) == ("CapabilityStatement", "4.0.1")
