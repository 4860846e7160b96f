"""The schema, as a sequence of changes applied by `sqlite_utils.Migrations`.

One function per change. A released function is never edited: a later change is a new function
appended below, so every database, however old, reaches the same schema by the same steps. The
schema version is the number of changes applied; it is also written to `PRAGMA user_version` so a
newer file can be recognised from its header without running any of this code.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations

from consultaid.records.search import search_text

MIGRATION_SET = "consultaid"
# sqlite-utils' own table name (a test checks it); sqlite-utils is imported only to migrate,
# because importing it costs more than the rest of start-up.
MIGRATIONS_TABLE = "_sqlite_migrations"
CHANGES: list[str] = []
_FUNCTIONS: dict[str, Callable[[Database], None]] = {}

FINAL_MESSAGE = "This consultation is final; record a change as an amendment."

# Rows that belong to one consultation and freeze with it.
CHILD_TABLES: tuple[str, ...] = (
    "candidacy_answers",
    "risk_discussions",
    "alternatives_discussed",
    "questions",
    "teach_back",
    "annotations",
    "step_visits",
    "signatures",
    "consultation_settings",
)


def _change(name: str) -> Callable[[Callable[[Database], None]], Callable[[Database], None]]:
    """Remember a change and its name, in order; `registry()` hands them to sqlite-utils."""

    def register(fn: Callable[[Database], None]) -> Callable[[Database], None]:
        CHANGES.append(name)
        _FUNCTIONS[name] = fn
        return fn

    return register


@cache
def registry() -> Migrations:
    """The changes as a sqlite-utils `Migrations` set, built on first use."""
    from sqlite_utils import Migrations

    migrations = Migrations(MIGRATION_SET)
    for name in CHANGES:
        migrations(name=name)(_FUNCTIONS[name])
    return migrations


@_change("0001_records")
def records_tables(db: Database) -> None:
    """Patients, consultations and everything recorded in one, plus settings and the audit log."""
    db.executescript(
        """
        CREATE TABLE patients (
            id INTEGER PRIMARY KEY,
            mrn TEXT NOT NULL COLLATE NOCASE UNIQUE,
            family_name TEXT NOT NULL,
            given_names TEXT NOT NULL DEFAULT '',
            date_of_birth TEXT NOT NULL,
            sex TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX patients_updated ON patients (updated_at);

        CREATE TABLE consultations (
            id INTEGER PRIMARY KEY,
            patient_id INTEGER NOT NULL REFERENCES patients (id),
            clinician TEXT NOT NULL,
            started_at TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'final')),
            finalized_at TEXT,
            finalized_by TEXT,
            pack_id TEXT NOT NULL,
            content_version TEXT NOT NULL,
            levels TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX consultations_patient ON consultations (patient_id, started_at);

        CREATE TABLE candidacy_answers (
            id INTEGER PRIMARY KEY,
            consultation_id INTEGER NOT NULL REFERENCES consultations (id),
            factor_id TEXT NOT NULL,
            value TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (consultation_id, factor_id)
        );

        CREATE TABLE risk_discussions (
            id INTEGER PRIMARY KEY,
            consultation_id INTEGER NOT NULL REFERENCES consultations (id),
            risk_id TEXT NOT NULL,
            discussed INTEGER NOT NULL CHECK (discussed IN (0, 1)),
            at TEXT NOT NULL,
            UNIQUE (consultation_id, risk_id)
        );

        CREATE TABLE alternatives_discussed (
            id INTEGER PRIMARY KEY,
            consultation_id INTEGER NOT NULL REFERENCES consultations (id),
            alternative_id TEXT NOT NULL,
            discussed INTEGER NOT NULL CHECK (discussed IN (0, 1)),
            at TEXT NOT NULL,
            UNIQUE (consultation_id, alternative_id)
        );

        CREATE TABLE questions (
            id INTEGER PRIMARY KEY,
            consultation_id INTEGER NOT NULL REFERENCES consultations (id),
            question TEXT NOT NULL,
            answer TEXT NOT NULL DEFAULT '',
            asked_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX questions_consultation ON questions (consultation_id);

        CREATE TABLE teach_back (
            id INTEGER PRIMARY KEY,
            consultation_id INTEGER NOT NULL UNIQUE REFERENCES consultations (id),
            result TEXT NOT NULL CHECK (result IN ('yes', 'partly', 'no')),
            note TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL
        );

        CREATE TABLE annotations (
            id INTEGER PRIMARY KEY,
            consultation_id INTEGER NOT NULL REFERENCES consultations (id),
            step_id TEXT NOT NULL,
            strokes TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (consultation_id, step_id)
        );

        CREATE TABLE step_visits (
            id INTEGER PRIMARY KEY,
            consultation_id INTEGER NOT NULL REFERENCES consultations (id),
            step_id TEXT NOT NULL,
            entered_at TEXT NOT NULL,
            seconds REAL NOT NULL CHECK (seconds >= 0)
        );
        CREATE INDEX step_visits_consultation ON step_visits (consultation_id);

        CREATE TABLE signatures (
            id INTEGER PRIMARY KEY,
            consultation_id INTEGER NOT NULL REFERENCES consultations (id),
            role TEXT NOT NULL,
            printed_name TEXT NOT NULL,
            relationship TEXT NOT NULL DEFAULT '',
            language TEXT NOT NULL DEFAULT '',
            strokes TEXT NOT NULL,
            signed_at TEXT NOT NULL,
            UNIQUE (consultation_id, role)
        );

        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            consultation_id INTEGER NOT NULL REFERENCES consultations (id),
            kind TEXT NOT NULL,
            pdf BLOB NOT NULL,
            sha256 TEXT NOT NULL,
            created_at TEXT NOT NULL,
            supersedes_id INTEGER REFERENCES documents (id)
        );
        CREATE INDEX documents_consultation ON documents (consultation_id);

        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );

        CREATE TABLE consultation_settings (
            consultation_id INTEGER PRIMARY KEY REFERENCES consultations (id),
            settings TEXT NOT NULL
        );

        CREATE TABLE amendments (
            id INTEGER PRIMARY KEY,
            consultation_id INTEGER NOT NULL REFERENCES consultations (id),
            table_name TEXT NOT NULL,
            row_key TEXT NOT NULL DEFAULT '',
            row_id INTEGER,
            field TEXT NOT NULL,
            old_value TEXT,
            new_value TEXT NOT NULL,
            reason TEXT NOT NULL,
            author TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX amendments_consultation ON amendments (consultation_id);

        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            table_name TEXT NOT NULL,
            row_id INTEGER,
            consultation_id INTEGER
        );
        """
    )


@_change("0002_patient_search")
def patient_search(db: Database) -> None:
    """Accent-insensitive search-as-you-type over names and MRN (FTS5 on a folded copy)."""
    db.execute("ALTER TABLE patients ADD COLUMN search_text TEXT NOT NULL DEFAULT ''")
    rows = db.execute("SELECT id, mrn, family_name, given_names FROM patients").fetchall()
    db.conn.executemany(
        "UPDATE patients SET search_text = ? WHERE id = ?",
        [(search_text(mrn, family, given), pid) for pid, mrn, family, given in rows],
    )
    db.table("patients").enable_fts(
        ["search_text"], tokenize="unicode61 remove_diacritics 2", create_triggers=True
    )


@_change("0003_final_is_final")
def final_is_final(db: Database) -> None:
    """Triggers that keep a final consultation, its documents and the audit log as written.

    They act on raw SQL too, whatever tool opens the file; the Store checks first so users see a
    sentence, and these are the safety net.
    """
    final_msg = FINAL_MESSAGE.replace("'", "''")
    statements = [
        _trigger(
            "consultation_final_update",
            "BEFORE UPDATE ON consultations",
            "OLD.status = 'final'",
            final_msg,
        ),
        _trigger(
            "consultation_final_delete",
            "BEFORE DELETE ON consultations",
            "OLD.status = 'final'",
            final_msg,
        ),
        _trigger(
            "patient_final_delete",
            "BEFORE DELETE ON patients",
            "EXISTS (SELECT 1 FROM consultations c WHERE c.patient_id = OLD.id"
            " AND c.status = 'final')",
            final_msg,
        ),
    ]
    for table in CHILD_TABLES:
        final_new = _is_final("NEW.consultation_id")
        final_old = _is_final("OLD.consultation_id")
        statements += [
            _trigger(f"{table}_final_insert", f"BEFORE INSERT ON {table}", final_new, final_msg),
            _trigger(
                f"{table}_final_update",
                f"BEFORE UPDATE ON {table}",
                f"{final_old} OR {final_new}",
                final_msg,
            ),
            _trigger(f"{table}_final_delete", f"BEFORE DELETE ON {table}", final_old, final_msg),
        ]
    append_only = "Recorded rows of this table cannot be changed or removed."
    for table in ("audit_log", "amendments", "documents"):
        statements += [
            _trigger(f"{table}_no_update", f"BEFORE UPDATE ON {table}", "1", append_only),
            _trigger(f"{table}_no_delete", f"BEFORE DELETE ON {table}", "1", append_only),
        ]
    statements.append(
        _trigger(
            "amendments_final_only",
            "BEFORE INSERT ON amendments",
            f"NOT {_is_final('NEW.consultation_id')}",
            "Only a final consultation is amended; change a draft directly.",
        )
    )
    for sql in statements:
        db.execute(sql)


@_change("0004_audit_login")
def audit_login(db: Database) -> None:
    """The computer login beside the clinician the audit log credits (older rows: unknown, '')."""
    db.execute("ALTER TABLE audit_log ADD COLUMN login TEXT NOT NULL DEFAULT ''")


@_change("0005_audit_chain")
def audit_chain(db: Database) -> None:
    """The audit log becomes a hash chain, and REPLACE can no longer slip past the final triggers.

    Rows already there are chained as they stand; a closing row says so and when. Every final
    consultation's snapshot and every stored document's SHA-256 are then recorded in the chain,
    so `check` verifies records finalized before this change too.
    """
    from consultaid.logs import log
    from consultaid.records import chain, codec, snapshot

    conn = db.conn
    conn.execute("ALTER TABLE audit_log ADD COLUMN detail TEXT NOT NULL DEFAULT '{}'")
    conn.execute("ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT ''")
    conn.execute("ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT ''")
    conn.execute("CREATE INDEX audit_log_rows ON audit_log (table_name, row_id)")
    conn.execute("CREATE INDEX audit_log_consultation ON audit_log (consultation_id, action)")
    # The rows were append-only before; they gain their hashes once, here, and are again after.
    conn.execute("DROP TRIGGER audit_log_no_update")
    before = chain.rehash_all(conn)
    append_only = "Recorded rows of this table cannot be changed or removed."
    conn.execute(_trigger("audit_log_no_update", "BEFORE UPDATE ON audit_log", "1", append_only))
    now = codec.iso(datetime.now(UTC))
    common = {"at": now, "actor": "ConsultAid", "login": "", "detail": None}
    finals = conn.execute("SELECT id FROM consultations WHERE status = 'final' ORDER BY id")
    for (cid,) in finals.fetchall():
        chain.append(
            conn,
            **{**common, "detail": snapshot.snapshot(conn, cid)},
            action=SNAPSHOT_AT_MIGRATION,
            table="consultations",
            row_id=cid,
            consultation_id=cid,
        )
    documents = conn.execute("SELECT id, consultation_id, kind, sha256 FROM documents ORDER BY id")
    for doc_id, cid, kind, digest in documents.fetchall():
        chain.append(
            conn,
            **{**common, "detail": {"sha256": digest, "kind": kind}},
            action=DOCUMENT_AT_MIGRATION,
            table="documents",
            row_id=doc_id,
            consultation_id=cid,
        )
    if not conn.execute("SELECT 1 FROM audit_log LIMIT 1").fetchone():
        for sql in _replace_guards():
            conn.execute(sql)
        return  # a new file: nothing came before the chain
    log.info("audit chain started: %d older audit rows were chained at migration", before)
    chain.append(
        conn,
        **{**common, "detail": {"rows_chained_at_migration": before}},
        action="chain_started",
        table="audit_log",
        row_id=None,
        consultation_id=None,
    )
    for sql in _replace_guards():
        conn.execute(sql)


SNAPSHOT_AT_MIGRATION = "snapshot_at_migration"
DOCUMENT_AT_MIGRATION = "document_at_migration"


def _replace_guards() -> list[str]:
    """BEFORE INSERT triggers: SQLite runs no DELETE trigger for REPLACE (recursive_triggers is
    off), so an INSERT that would replace a final row, a document or an audit row is refused
    before it happens, and an audit row must extend the chain's head."""
    final_msg = FINAL_MESSAGE.replace("'", "''")
    append_only = "Recorded rows of this table cannot be changed or removed."
    statements = [
        _trigger(
            "consultation_final_replace",
            "BEFORE INSERT ON consultations",
            "EXISTS (SELECT 1 FROM consultations WHERE id = NEW.id AND status = 'final')",
            final_msg,
        ),
        _trigger(
            "patient_final_replace",
            "BEFORE INSERT ON patients",
            "EXISTS (SELECT 1 FROM patients p JOIN consultations c ON c.patient_id = p.id"
            " WHERE (p.id = NEW.id OR p.mrn = NEW.mrn) AND c.status = 'final')",
            final_msg,
        ),
        _trigger(
            "audit_log_chain_insert",
            "BEFORE INSERT ON audit_log",
            "NEW.id <= COALESCE((SELECT max(id) FROM audit_log), 0)"
            " OR NEW.prev_hash IS NOT COALESCE("
            f"(SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), '{'0' * 64}')"
            " OR length(NEW.hash) != 64",
            "An audit row must extend the chain; rows cannot be replaced or inserted by hand.",
        ),
    ]
    for table in ("documents", "amendments"):
        statements.append(
            _trigger(
                f"{table}_no_replace",
                f"BEFORE INSERT ON {table}",
                f"NEW.id >= 0 AND NEW.id <= COALESCE((SELECT max(id) FROM {table}), 0)",
                append_only,
            )
        )
    for table in CHILD_TABLES:
        key = "consultation_id" if table == "consultation_settings" else "id"
        statements.append(
            _trigger(
                f"{table}_final_replace",
                f"BEFORE INSERT ON {table}",
                f"EXISTS (SELECT 1 FROM {table} t WHERE t.{key} = NEW.{key}"
                f" AND {_is_final('t.consultation_id')})",
                final_msg,
            )
        )
    return statements


def _is_final(consultation_id: str) -> str:
    return f"COALESCE((SELECT status = 'final' FROM consultations WHERE id = {consultation_id}), 0)"


def _trigger(name: str, event: str, when: str, message: str) -> str:
    return f"CREATE TRIGGER {name} {event} WHEN {when} BEGIN SELECT RAISE(ABORT, '{message}'); END"


SCHEMA_VERSION = len(CHANGES)


def applied_names(conn: sqlite3.Connection) -> list[str]:
    """The names of this set's changes the file has, read without writing anything."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (MIGRATIONS_TABLE,)
    ).fetchone()
    if not exists:
        return []
    rows = conn.execute(
        f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid",
        (MIGRATION_SET,),
    )
    return [name for (name,) in rows]


def apply_all(conn: sqlite3.Connection, *, stop_before: str | None = None) -> int:
    """Apply every pending change in one transaction and record the version; returns it.

    One transaction for the lot, so a failure (a full disk) leaves the file at its old version
    rather than half way; the caller has copied the file aside before calling this.
    """
    from sqlite_utils import Database

    db = Database(conn, execute_plugins=False)
    conn.execute("BEGIN IMMEDIATE")
    try:
        registry().apply(db, stop_before=stop_before)
        version = len(applied_names(conn))
        conn.execute(f"PRAGMA user_version = {version:d}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return version


# The triggers `check` expects: without them a final record could be changed unnoticed.
TRIGGERS_BEFORE_CHAIN: frozenset[str] = frozenset(
    [
        "consultation_final_update",
        "consultation_final_delete",
        "patient_final_delete",
        "amendments_final_only",
        *(f"{t}_final_{op}" for t in CHILD_TABLES for op in ("insert", "update", "delete")),
        *(
            f"{t}_no_{op}"
            for t in ("audit_log", "amendments", "documents")
            for op in ("update", "delete")
        ),
    ]
)
FINAL_CHANGE = "0003_final_is_final"
CHAIN_CHANGE = "0005_audit_chain"
PROTECTIVE_TRIGGERS: frozenset[str] = TRIGGERS_BEFORE_CHAIN | frozenset(
    [
        "consultation_final_replace",
        "patient_final_replace",
        "audit_log_chain_insert",
        "documents_no_replace",
        "amendments_no_replace",
        *(f"{t}_final_replace" for t in CHILD_TABLES),
    ]
)
