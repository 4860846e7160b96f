"""Sending to the hospital's FHIR server: retries, one-sentence refusals, the audit row, the token.

A small stand-in server on loopback plays the server's part (the end-to-end test against a real
FHIR implementation is tests/fhir/test_medplum.py).
"""

from __future__ import annotations

import json
import os
import socket
import stat
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from consultaid.errors import ConsultAidError
from consultaid.fhir import credentials
from consultaid.fhir.exporting import send
from consultaid.fhir.push import PushError
from tests.demo_ids import final_id

OUTCOME = {
    "resourceType": "OperationOutcome",
    "issue": [{"severity": "error", "code": "invalid", "details": {"text": "Consent.status bad"}}],
}


class StandIn(ThreadingHTTPServer):
    """Answers each POST with the next scripted (status, body), recording what it was sent."""

    def __init__(self, script: list[tuple[int, dict]]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.script = script
        self.received: list[tuple[dict, str]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/fhir/R4"


class _Handler(BaseHTTPRequestHandler):
    server: StandIn

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.received.append((body, self.headers.get("Authorization", "")))
        status, answer = self.server.script.pop(0)
        data = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/fhir+json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def stand_in() -> Iterator[StandIn]:
    server = StandIn([])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def accepted(bundle_entries: int) -> dict:
    return {
        "resourceType": "Bundle",
        "type": "transaction-response",
        "entry": [
            {"response": {"status": "201 Created", "location": f"Thing/{i}/_history/1"}}
            for i in range(bundle_entries)
        ],
    }


def exports(store) -> list:
    return [e for e in store.audit_entries() if e.action == "fhir_export"]


def test_a_busy_server_is_retried_and_the_send_is_recorded(
    stand_in, demo_store, demo_db, bundled, tmp_path
):
    stand_in.script += [(503, OUTCOME), (503, OUTCOME), (200, accepted(8))]
    pauses: list[float] = []
    cid = final_id(demo_db)
    result = send(
        demo_store, cid, bundled, token_folder=tmp_path, base_url=stand_in.url, token="s3cret",
        pause=pauses.append,
    )  # fmt: skip
    assert len(stand_in.received) == 3 and pauses == [0.5, 1.0]
    bundle, auth = stand_in.received[-1]
    assert auth == "Bearer s3cret" and bundle["type"] == "transaction"
    assert result.locations[0] == "Thing/0/_history/1"
    (row,) = exports(demo_store)
    assert row.consultation_id == cid


def test_a_refused_token_is_one_sentence_and_nothing_is_marked_sent(
    stand_in, demo_store, demo_db, bundled, tmp_path
):
    stand_in.script.append((401, OUTCOME))
    with pytest.raises(PushError, match=r"refused the token \(HTTP 401\); check the token"):
        send(demo_store, final_id(demo_db), bundled, token_folder=tmp_path,
             base_url=stand_in.url, token="wrong", pause=lambda s: None)  # fmt: skip
    assert exports(demo_store) == []


def test_the_servers_operation_outcome_is_the_sentence(
    stand_in, demo_store, demo_db, bundled, tmp_path
):
    stand_in.script.append((400, OUTCOME))
    with pytest.raises(PushError, match=r"did not accept the consultation: Consent\.status bad"):
        send(demo_store, final_id(demo_db), bundled, token_folder=tmp_path,
             base_url=stand_in.url, token="t", pause=lambda s: None)  # fmt: skip
    partly = accepted(2)
    partly["entry"][1]["response"] = {"status": "400 Bad Request", "outcome": OUTCOME}
    stand_in.script.append((200, partly))
    with pytest.raises(PushError, match="did not accept one of the records"):
        send(demo_store, final_id(demo_db), bundled, token_folder=tmp_path,
             base_url=stand_in.url, token="t", pause=lambda s: None)  # fmt: skip
    assert exports(demo_store) == []


def test_an_unreachable_server_is_one_sentence(demo_store, demo_db, bundled, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once the socket closes
    with pytest.raises(PushError, match=r"cannot be reached .* Nothing was marked as sent"):
        send(demo_store, final_id(demo_db), bundled, token_folder=tmp_path,
             base_url=f"http://127.0.0.1:{port}/fhir", token="t", attempts=2,
             pause=lambda s: None)  # fmt: skip
    assert exports(demo_store) == []


def test_no_server_or_no_token_says_what_to_set(demo_store, demo_db, bundled, tmp_path):
    with pytest.raises(ConsultAidError, match="No FHIR server is set"):
        send(demo_store, final_id(demo_db), bundled, token_folder=tmp_path)
    with pytest.raises(ConsultAidError, match="No token is saved"):
        send(demo_store, final_id(demo_db), bundled, token_folder=tmp_path,
             base_url="https://fhir.example/R4")  # fmt: skip


def test_the_token_falls_back_to_an_owner_only_file(tmp_path: Path, monkeypatch):
    import keyring
    from keyring.backends.fail import Keyring as NoKeyring

    previous = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    try:
        where = credentials.save_token("https://fhir.example/R4", "tok", tmp_path)
        assert where.endswith(credentials.FILE_NAME)
        assert credentials.load_token("https://fhir.example/R4", tmp_path) == "tok"
        assert credentials.load_token("https://other.example", tmp_path) is None
        if os.name == "posix":
            mode = stat.S_IMODE((tmp_path / credentials.FILE_NAME).stat().st_mode)
            assert mode == 0o600
        with pytest.raises(ConsultAidError, match="token is empty"):
            credentials.save_token("https://fhir.example/R4", "  ", tmp_path)
    finally:
        keyring.set_keyring(previous)
