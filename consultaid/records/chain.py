"""The audit log as a hash chain: each row's hash covers the previous hash and its own content.

A row changed, removed or slipped in behind the app's back no longer hashes to what the next row
says came before it. Whoever can write the file can recompute the whole chain, which is why its
head is also written outside the file (`anchors`). The canonical form is JSON of the row's values
in a fixed column order, so any language can recompute it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64
# The columns a row's hash covers, in this order (prev_hash is chained in, hash is the result).
COLUMNS: tuple[str, ...] = (
    "id",
    "at",
    "actor",
    "login",
    "action",
    "table_name",
    "row_id",
    "consultation_id",
    "detail",
)
_SELECT = f"SELECT {', '.join(COLUMNS)}, prev_hash, hash FROM audit_log"


@dataclass(frozen=True)
class Head:
    """The newest row of the chain: what an anchor records and later compares against."""

    rows: int
    last_id: int
    hash: str


def canonical(values: Sequence[Any]) -> str:
    return json.dumps(list(values), ensure_ascii=False, separators=(",", ":"))


def row_hash(prev_hash: str, values: Sequence[Any]) -> str:
    return hashlib.sha256(f"{prev_hash}\n{canonical(values)}".encode()).hexdigest()


def encode_detail(detail: Mapping[str, Any] | None) -> str:
    return json.dumps(dict(detail or {}), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def decode_detail(text: str) -> dict[str, Any]:
    """A row's detail; an unreadable one (tampering) reads as empty and the chain check says so."""
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def append(
    conn: sqlite3.Connection,
    *,
    at: str,
    actor: str,
    login: str,
    action: str,
    table: str,
    row_id: int | None,
    consultation_id: int | None,
    detail: Mapping[str, Any] | None = None,
) -> int:
    """Add one row after the current head, in the caller's (write) transaction; returns its id."""
    last = conn.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    prev_id, prev_hash = (0, GENESIS) if last is None else (last[0], last[1])
    new_id = prev_id + 1
    values = (new_id, at, actor, login, action, table, row_id, consultation_id)
    text = encode_detail(detail)
    digest = row_hash(prev_hash, (*values, text))
    conn.execute(
        "INSERT INTO audit_log (id, at, actor, login, action, table_name, row_id,"
        " consultation_id, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (*values, text, prev_hash, digest),
    )
    return new_id


def head(conn: sqlite3.Connection) -> Head:
    row = conn.execute(
        "SELECT count(*), max(id), (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1)"
        " FROM audit_log"
    ).fetchone()
    return Head(row[0], row[1] or 0, row[2] or GENESIS)


def rehash_all(conn: sqlite3.Connection) -> int:
    """Chain rows written before the chain existed, in id order; returns how many."""
    prev = GENESIS
    rows = conn.execute(f"SELECT {', '.join(COLUMNS)} FROM audit_log ORDER BY id").fetchall()
    updates = []
    for values in rows:
        digest = row_hash(prev, tuple(values))
        updates.append((prev, digest, values[0]))
        prev = digest
    conn.executemany("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", updates)
    return len(updates)


@dataclass(frozen=True)
class ChainRow:
    id: int
    action: str
    consultation_id: int | None
    row_id: int | None
    at: str
    actor: str
    detail: dict[str, Any]


def verify(conn: sqlite3.Connection, *, after_id: int = 0, after_hash: str = GENESIS) -> list[str]:
    """A sentence for the first row whose hash or link no longer holds; empty if all hold.

    Only the first break is named: every row after it fails too, and the fix (restore a backup)
    is the same.
    """
    prev = after_hash
    for row in conn.execute(f"{_SELECT} WHERE id > ? ORDER BY id", (after_id,)):
        values, prev_hash, digest = tuple(row[: len(COLUMNS)]), row[-2], row[-1]
        if prev_hash != prev:
            return [
                f"The audit log was changed before row {values[0]}: a row was removed, "
                "inserted or rewritten there."
            ]
        if row_hash(prev, values) != digest:
            return [f"The audit log's row {values[0]} was rewritten after it was recorded."]
        prev = digest
    return []


def rows_of(conn: sqlite3.Connection, actions: Iterable[str]) -> list[ChainRow]:
    """The chain rows with these actions, oldest first, their detail decoded."""
    names = tuple(actions)
    marks = ", ".join("?" for _ in names)
    query = (
        "SELECT id, action, consultation_id, row_id, at, actor, detail FROM audit_log"
        f" WHERE action IN ({marks}) ORDER BY id"
    )
    return [
        ChainRow(r[0], r[1], r[2], r[3], r[4], r[5], decode_detail(r[6]))
        for r in conn.execute(query, names)
    ]


def hash_at(conn: sqlite3.Connection, row_id: int) -> tuple[int, str] | None:
    """(rows up to and including `row_id`, its hash), or None if there is no such row."""
    row = conn.execute(
        "SELECT (SELECT count(*) FROM audit_log WHERE id <= ?), hash FROM audit_log WHERE id = ?",
        (row_id, row_id),
    ).fetchone()
    return None if row is None else (row[0], row[1])
