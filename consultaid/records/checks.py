"""`Store.check()`: what `consultaid check` verifies, reported as sentences, never repaired.

SQLite's own integrity and foreign-key checks, the schema version, the triggers that protect
final records, every stored PDF against its SHA-256, and the patient search index.
"""

from __future__ import annotations

import hashlib
import sqlite3

from consultaid.records import migrations
from consultaid.records.search import search_text


def inspect(conn: sqlite3.Connection) -> tuple[int, list[str]]:
    """The schema version and a sentence per problem found; an empty list means sound."""
    problems: list[str] = []
    integrity = [row[0] for row in conn.execute("PRAGMA integrity_check(20)")]
    if integrity != ["ok"]:
        problems += [f"SQLite integrity check: {line}" for line in integrity]
    for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check").fetchall()[:20]:
        problems.append(f"Row {rowid} of {table} refers to a missing row of {parent}.")
    applied = migrations.applied_names(conn)
    version = len(applied)
    if applied != migrations.CHANGES[:version] or version != migrations.SCHEMA_VERSION:
        problems.append(
            f"The schema is at version {version} with changes {applied}; this version of "
            f"ConsultAid expects {migrations.SCHEMA_VERSION}."
        )
    user_version = conn.execute("PRAGMA user_version").fetchone()[0]
    if user_version != version:
        problems.append(f"The recorded schema version {user_version} is not {version}.")
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    for name in sorted(migrations.PROTECTIVE_TRIGGERS - present):
        problems.append(f"The protective trigger {name} is missing; final records are exposed.")
    for row in conn.execute("SELECT id, sha256, pdf FROM documents"):
        if hashlib.sha256(row[2]).hexdigest() != row[1]:
            problems.append(f"Document {row[0]} no longer matches its SHA-256.")
    problems += _search_problems(conn)
    return version, problems


def _search_problems(conn: sqlite3.Connection) -> list[str]:
    """Patients search would miss: stale folded text, or an index that disagrees with it."""
    stale = [
        row[0]
        for row in conn.execute(
            "SELECT id, mrn, family_name, given_names, search_text FROM patients"
        )
        if search_text(row[1], row[2], row[3]) != row[4]
    ]
    problems = []
    if stale:
        problems.append(
            f"{len(stale)} patient(s) cannot be found by name because their search text is out "
            f"of date (first: patient {stale[0]})."
        )
    try:  # an INSERT by form (a command to FTS5), so check() runs in a write transaction
        conn.execute("INSERT INTO patients_fts (patients_fts, rank) VALUES ('integrity-check', 1)")
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorcode", 0) & 0xFF != 11:  # SQLITE_CORRUPT (incl. _VTAB)
            raise
        problems.append("The patient search index does not match the patients table.")
    return problems
