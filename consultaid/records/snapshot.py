"""The canonical snapshot of one consultation: every row of it, in a fixed order and encoding.

Finalizing (and every amendment after it) records the snapshot's SHA-256 in the audit chain, one
hash per table plus one over them all, so `check` can say which part of a final record changed.
Documents are not part of it: each sealed PDF is named in the chain by its own SHA-256.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from typing import Any

from consultaid.records.migrations import CHILD_TABLES

# The consultation's own row first, then its rows table by table, then the amendments.
TABLES: tuple[str, ...] = ("consultations", *CHILD_TABLES, "amendments")
TABLE_WORDS: dict[str, str] = {
    "consultations": "the consultation itself (status, levels, times)",
    "candidacy_answers": "the candidacy answers",
    "risk_discussions": "the risks discussed",
    "alternatives_discussed": "the alternatives discussed",
    "questions": "the patient's questions",
    "teach_back": "the teach-back",
    "annotations": "the drawings",
    "step_visits": "the steps shown",
    "signatures": "the signatures",
    "consultation_settings": "the clinic settings kept with it",
    "amendments": "the amendments",
}


def _value(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"hex": value.hex()}
    if isinstance(value, float):
        return {"real": repr(value)}
    return value


def table_hashes(conn: sqlite3.Connection, consultation_id: int) -> dict[str, str]:
    """SHA-256 per table of the consultation's rows (columns by name, rows by id)."""
    hashes = {}
    for table in TABLES:
        key = "id" if table == "consultations" else "consultation_id"
        order = "consultation_id" if table == "consultation_settings" else "id"
        cursor = conn.execute(
            f"SELECT * FROM {table} WHERE {key} = ? ORDER BY {order}", (consultation_id,)
        )
        names = [d[0] for d in cursor.description]
        rows = [{n: _value(v) for n, v in zip(names, row, strict=True)} for row in cursor]
        text = json.dumps(rows, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        hashes[table] = hashlib.sha256(text.encode()).hexdigest()
    return hashes


def snapshot(conn: sqlite3.Connection, consultation_id: int) -> dict[str, Any]:
    """What the chain records: the per-table hashes and one SHA-256 over them."""
    tables = table_hashes(conn, consultation_id)
    whole = hashlib.sha256(json.dumps(tables, sort_keys=True).encode()).hexdigest()
    return {"snapshot": whole, "tables": tables}


def differences(recorded: dict[str, Any], now: dict[str, str]) -> list[str]:
    """The parts of the record whose rows no longer match, in words."""
    tables = recorded.get("tables") if isinstance(recorded.get("tables"), dict) else {}
    changed = [t for t in TABLES if tables.get(t) != now.get(t)]
    return [TABLE_WORDS[t] for t in changed]
