"""File → Save for / Send to the hospital record (issue 13 items 1 and 2), from the window."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from consultaid.changes import Changes
from consultaid.cli import main
from consultaid.clinic_settings import SETTING_FHIR_BASE_URL
from consultaid.fhir import credentials
from consultaid.records import Store
from tests.demo_ids import draft_id, final_id
from tests.fhir.test_push import StandIn, accepted


@pytest.fixture
def final_store(tmp_path: Path) -> Iterator[Store]:
    db = tmp_path / "data" / "consultaid.db"
    assert main(["demo", "--db", str(db)]) == 0  # final, but never printed: nothing sealed yet
    with Store.open(db) as store:
        yield store


def show(window, consultation_id: int) -> None:
    assert window.consultations.open(consultation_id).done
    window.controller.changed.emit(Changes.record())


def test_save_and_send_a_final_consultation(qtbot, open_window, prompts, final_store, tmp_path):
    window = open_window(final_store)
    hospital = window.commands.hospital
    show(window, final_id(final_store.path))
    assert hospital.save_action.isEnabled() and hospital.send_action.isEnabled()

    prompts.file_answer = tmp_path / "out.fhir.json"
    hospital.save_action.trigger()
    assert json.loads(prompts.file_answer.read_text())["type"] == "transaction"
    kinds = {d.kind for d in final_store.list_documents(final_id(final_store.path))}
    assert kinds == {"consent-form", "leaflet"}  # sealed on the way out

    server = StandIn([(200, accepted(8))])
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        final_store.set_setting(SETTING_FHIR_BASE_URL, server.url)
        hospital.token_folder = tmp_path / "tokens"
        credentials._write(hospital.token_folder, {server.url: "t0k"})
        with qtbot.waitSignal(hospital.finished, timeout=30_000):
            hospital.send_action.trigger()
            assert not hospital.send_action.isEnabled()  # one send at a time
        assert prompts.infos[-1][0] == "Sent to the hospital record"
        assert server.received[0][1] == "Bearer t0k"
        assert hospital.send_action.isEnabled()
    finally:
        server.shutdown()
        server.server_close()


def test_a_failed_send_is_one_sentence(qtbot, open_window, prompts, final_store, tmp_path):
    window = open_window(final_store)
    hospital = window.commands.hospital
    show(window, final_id(final_store.path))
    hospital.token_folder = tmp_path / "tokens"
    with qtbot.waitSignal(hospital.finished, timeout=30_000):
        hospital.send_action.trigger()
    title, message = prompts.errors[-1]
    assert title == "Not sent to the hospital record" and "No FHIR server is set" in message


def test_a_draft_cannot_be_saved_or_sent(qtbot, open_window, final_store):
    window = open_window(final_store)
    show(window, draft_id(final_store.path))
    hospital = window.commands.hospital
    assert not hospital.save_action.isEnabled() and not hospital.send_action.isEnabled()


def test_settings_keep_the_server_and_the_token_apart(
    qtbot, open_window, prompts, final_store, tmp_path
):
    import keyring
    from keyring.backends.fail import Keyring as NoKeyring

    window = open_window(final_store)
    window.commands.token_folder = tmp_path / "tokens"
    window.commands.show_settings()
    dialog = window.commands.settings_dialog
    dialog.fhir_url.setText("https://fhir.hospital.example/R4")
    dialog.fhir_token.setText("secret-token")
    previous = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    try:
        dialog.accept()
    finally:
        keyring.set_keyring(previous)
    assert final_store.get_setting(SETTING_FHIR_BASE_URL) == "https://fhir.hospital.example/R4"
    saved = credentials._read(tmp_path / "tokens")
    assert saved == {"https://fhir.hospital.example/R4": "secret-token"}
    assert "secret-token" not in json.dumps([s.value for s in final_store.settings()])

    window.commands.show_settings()
    dialog = window.commands.settings_dialog
    dialog.fhir_url.setText("fhir.hospital.example")
    dialog.accept()
    assert "not a web address" in prompts.errors[-1][1]
