"""At start-up the app says, in one sentence, when the records were changed behind its back."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from consultaid.records import Store
from consultaid.ui.app import warn_if_tampered
from tests.windows import FakePrompts


def _final(tmp_path: Path) -> tuple[Store, int]:
    store = Store.open(tmp_path / "data" / "consultaid.db", actor="Dr Test")
    patient = store.add_patient("M-1", "Doe", "Jo", date(1970, 1, 1), "female")
    cid = store.start_consultation(patient.id, "Dr Test", "C5-C6", "p", "v").id
    store.set_risk_discussed(cid, "infection", True)
    store.finalize(cid, "Dr Test")
    return store, cid


def test_a_sound_file_starts_without_a_warning(tmp_path: Path):
    store, _ = _final(tmp_path)
    prompts = FakePrompts()
    warn_if_tampered(store, prompts)
    assert prompts.errors == []
    store.close()


def test_a_rewritten_audit_row_is_reported_at_start_up(tmp_path: Path):
    store, _ = _final(tmp_path)
    conn = sqlite3.connect(store.path, isolation_level=None)
    (guard,) = conn.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'audit_log_no_update'"
    ).fetchone()
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET actor = 'Dr Nobody' WHERE action = 'finalize'")
    conn.execute(guard)
    conn.close()
    prompts = FakePrompts()
    warn_if_tampered(store, prompts)
    assert len(prompts.errors) == 1
    title, message = prompts.errors[0]
    assert "changed outside ConsultAid" in title
    assert "audit log" in message and "rewritten" in message
    assert "consultaid check" in message and "Restore from backup" in message
    store.close()
