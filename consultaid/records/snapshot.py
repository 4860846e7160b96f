"""The canonical snapshot of one consultation: every row of it, in a fixed order and encoding.

Finalizing (and every amendment after it) records the snapshot's SHA-256 in the audit chain, one
hash per table plus one over them all, so `check` can say which part of a final record changed.
Documents are not part of it: each sealed PDF is named in the chain by its own SHA-256.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
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


def _key(table: str) -> str:
    return "id" if table == "consultations" else "consultation_id"


def _order(table: str) -> str:
    return "consultation_id" if table == "consultation_settings" else "id"


def _digest(names: list[str], rows: list[sqlite3.Row] | list[tuple[Any, ...]]) -> str:
    """JSON of [column names, rows as lists], the rows in id order; one hash per table."""
    if not rows:
        return _EMPTY
    data = [names, [[_value(v) for v in row] for row in rows]]
    return hashlib.sha256(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    ).hexdigest()


_EMPTY = hashlib.sha256(b"[]").hexdigest()


def table_hashes(conn: sqlite3.Connection, consultation_id: int) -> dict[str, str]:
    """SHA-256 per table of the consultation's rows (columns by name, rows by id)."""
    hashes = {}
    for table in TABLES:
        cursor = conn.execute(
            f"SELECT * FROM {table} WHERE {_key(table)} = ? ORDER BY {_order(table)}",
            (consultation_id,),
        )
        names = [d[0] for d in cursor.description]
        hashes[table] = _digest(names, cursor.fetchall())
    return hashes


def whole(tables: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(tables, sort_keys=True).encode()).hexdigest()


def snapshot(conn: sqlite3.Connection, consultation_id: int) -> dict[str, Any]:
    """What the chain records: the per-table hashes and one SHA-256 over them."""
    tables = table_hashes(conn, consultation_id)
    return {"snapshot": whole(tables), "tables": tables}


def final_table_hashes(conn: sqlite3.Connection) -> Iterator[tuple[int, dict[str, str]]]:
    """`table_hashes` of every final consultation, in id order, reading each table once.

    One ordered pass per table, advanced in step (a merge join), instead of a query per table
    per consultation: what makes `check` of a large file take seconds rather than minutes.
    """
    finals = "SELECT id FROM consultations WHERE status = 'final'"
    streams = []
    for table in TABLES:
        cursor = conn.cursor()
        cursor.execute(
            f"SELECT {_key(table)}, * FROM {table} WHERE {_key(table)} IN ({finals})"
            f" ORDER BY {_key(table)}, {_order(table)}"
        )
        names = [d[0] for d in cursor.description][1:]
        streams.append((table, names, cursor, [cursor.fetchone()]))
    for (cid,) in conn.execute(f"{finals} ORDER BY id").fetchall():
        hashes = {}
        for table, names, cursor, ahead in streams:
            rows = []
            while ahead[0] is not None and ahead[0][0] == cid:
                rows.append(ahead[0][1:])
                ahead[0] = cursor.fetchone()
            hashes[table] = _digest(names, rows)
        yield cid, hashes


def differences(recorded: dict[str, Any], now: dict[str, str]) -> list[str]:
    """The parts of the record whose rows no longer match, in words."""
    tables = recorded.get("tables") if isinstance(recorded.get("tables"), dict) else {}
    changed = [t for t in TABLES if tables.get(t) != now.get(t)]
    return [TABLE_WORDS[t] for t in changed]
