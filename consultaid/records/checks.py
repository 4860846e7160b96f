"""`consultaid check`: what it verifies, reported as sentences, never repaired.

SQLite's own integrity and foreign-key checks, the schema version, the triggers that protect
final records, every stored PDF against its SHA-256, the patient search index, and the tamper
evidence (`evidence`). The file is opened read-only: checking never changes it, and a concurrent
save never waits for a check (in WAL mode readers do not block the writer).
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from consultaid.records import anchors, database, evidence, migrations
from consultaid.records.rows import CheckReport
from consultaid.records.search import search_text


def check_file(path: Path, *, log_folder: Path | None = None) -> CheckReport:
    """Check the database at `path` without writing to it; an older schema is checked as it
    stands and reported, never migrated."""
    pending = database.inspect_file(path)
    in_force = anchors.read(path, log_folder)
    # With no -wal beside it nobody has the file open for writing, so it is read as immutable:
    # that leaves no -wal or -shm behind and works on a read-only folder or disk. Otherwise a
    # read-only connection sees what the open window has saved.
    wal = Path(f"{path}-wal").exists()
    params = "mode=ro" if wal else "mode=ro&immutable=1"
    try:
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?{params}", uri=True, isolation_level=None
        )
    except sqlite3.Error as exc:
        raise database.environment_error(exc, path) or exc from exc
    try:
        conn.execute(f"PRAGMA busy_timeout = {database.BUSY_TIMEOUT_MS}")
        conn.execute("BEGIN")
        version, problems, notes = inspect(conn, in_force, older=pending)
    except sqlite3.Error as exc:
        if not database.is_damage(exc):
            raise database.environment_error(exc, path) or exc from exc
        version, problems, notes = 0, [str(database.damaged(path))], []
    finally:
        conn.close()
    return CheckReport(path, version, migrations.SCHEMA_VERSION, tuple(problems), tuple(notes))


def inspect(
    conn: sqlite3.Connection, in_force: list[anchors.Anchor], *, older: bool = False
) -> tuple[int, list[str], list[str]]:
    """The schema version, a sentence per problem found (none means sound) and notes."""
    problems: list[str] = []
    notes: list[str] = []
    integrity = [row[0] for row in conn.execute("PRAGMA integrity_check(20)")]
    if integrity != ["ok"]:
        problems += [f"SQLite integrity check: {line}" for line in integrity]
    for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check").fetchall()[:20]:
        problems.append(f"Row {rowid} of {table} refers to a missing row of {parent}.")
    applied = migrations.applied_names(conn)
    version = len(applied)
    current = version == migrations.SCHEMA_VERSION
    if applied != migrations.CHANGES[:version] or (not current and not older):
        problems.append(
            f"The schema is at version {version} with changes {applied}; this version of "
            f"ConsultAid expects {migrations.SCHEMA_VERSION}."
        )
    elif older:
        notes.append(
            f"This file is at schema version {version}, older than this ConsultAid's "
            f"{migrations.SCHEMA_VERSION}; it was checked as it stands and not upgraded "
            "(ConsultAid upgrades it, keeping a copy, when it opens or restores it)."
        )
    user_version = conn.execute("PRAGMA user_version").fetchone()[0]
    if user_version != version:
        problems.append(f"The recorded schema version {user_version} is not {version}.")
    chained = migrations.CHAIN_CHANGE in applied
    expected = frozenset[str]()
    if migrations.FINAL_CHANGE in applied:
        expected = migrations.PROTECTIVE_TRIGGERS if chained else migrations.TRIGGERS_BEFORE_CHAIN
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    for name in sorted(expected - present):
        problems.append(f"The protective trigger {name} is missing; final records are exposed.")
    problems += _search_problems(conn)
    if chained:
        problems += evidence.problems(conn, in_force)  # every PDF against the chain and its row
    else:
        for row in conn.execute("SELECT id, sha256, pdf FROM documents"):
            if hashlib.sha256(row[2]).hexdigest() != row[1]:
                problems.append(f"Document {row[0]} no longer matches its SHA-256.")
        notes.append("Records in a file this old carry no audit chain, so none was verified.")
    return version, problems, notes


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
    if not _search_index_matches(conn):
        problems.append("The patient search index does not match the patients table.")
    return problems


def _search_index_matches(conn: sqlite3.Connection) -> bool:
    """FTS5's own integrity check is an INSERT, which a read-only connection cannot run; instead
    build the index the patients table implies in the temporary schema and compare every token."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'patients_fts'").fetchone():
        return False
    conn.execute(
        "CREATE VIRTUAL TABLE temp.expected_fts USING fts5(search_text,"
        " tokenize = 'unicode61 remove_diacritics 2')"
    )
    try:
        conn.execute(
            "INSERT INTO temp.expected_fts (rowid, search_text)"
            " SELECT id, search_text FROM patients"
        )
        for name, schema, table in (
            ("stored_terms", "main", "patients_fts"),
            ("expected_terms", "temp", "expected_fts"),
        ):
            conn.execute(
                f"CREATE VIRTUAL TABLE temp.{name} USING fts5vocab({schema}, {table}, instance)"
            )
        differs = conn.execute(
            "SELECT 1 FROM (SELECT term, doc, offset FROM temp.stored_terms"
            " EXCEPT SELECT term, doc, offset FROM temp.expected_terms) UNION ALL"
            " SELECT 1 FROM (SELECT term, doc, offset FROM temp.expected_terms"
            " EXCEPT SELECT term, doc, offset FROM temp.stored_terms) LIMIT 1"
        ).fetchone()
    finally:
        for table in ("stored_terms", "expected_terms", "expected_fts"):
            conn.execute(f"DROP TABLE IF EXISTS temp.{table}")
    return differs is None
