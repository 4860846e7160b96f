"""The Store: the one door to the records. Opening, settings, the audit log, checks and backups.

The record-keeping methods live in mixins by topic (patients, consultations, discussion,
amendments, documents); every mutation runs in its own transaction with its audit row and returns
the saved object. Environment failures arrive as `DatabaseError`, wrong input as `InputError`.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from consultaid.errors import DatabaseError
from consultaid.records import anchors, codec, database, evidence, validation
from consultaid.records.amendments import AmendmentsMixin
from consultaid.records.base import Clock, login_name, utc_now
from consultaid.records.checks import check_file
from consultaid.records.consultations import ConsultationsMixin
from consultaid.records.discussion import DiscussionMixin
from consultaid.records.documents import DocumentsMixin
from consultaid.records.patients import PatientsMixin
from consultaid.records.rows import AuditEntry, CheckReport, Setting


class Store(PatientsMixin, ConsultationsMixin, DiscussionMixin, AmendmentsMixin, DocumentsMixin):
    """The consultation records in one SQLite file.

    `actor` names who the audit log credits with each change (the OS login by default); the
    composition root may set it to the signed-in clinician.
    """

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        create: bool = True,
        actor: str | None = None,
        clock: Clock = utc_now,
    ) -> Self:
        """Open the database at `path`, creating it (and its folder) or migrating it as needed.

        With `create=False` a missing file is a DatabaseError, for commands that only inspect.
        """
        file = Path(path).expanduser().absolute()
        conn = database.open_connection(file, create=create)
        conn.row_factory = sqlite3.Row
        return cls(
            database.Connection(conn, file), actor=actor or login_name() or "unknown", clock=clock
        )

    @property
    def path(self) -> Path:
        return self._db.path

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def get_setting(self, key: str, default: Any = None) -> Any:
        """A clinic setting's value, or `default` if it was never set."""
        row = self._db.read(
            lambda conn: conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        )
        return default if row is None else codec.from_json(row["value"])

    def set_setting(self, key: str, value: Any) -> Setting:
        """Set a clinic setting (any JSON value); final consultations keep their snapshot."""
        validation.identifier(key, "key")
        text = validation.json_value(value, "setting")

        def work(conn: sqlite3.Connection) -> Setting:
            now = self._now()
            row = conn.execute(
                "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
                " updated_at = excluded.updated_at RETURNING rowid, key, value, updated_at",
                (key, text, now),
            ).fetchone()
            self._audit(conn, "set_setting", "settings", row["rowid"], at=now)
            return Setting(row["key"], codec.from_json(row["value"]), codec.when(row["updated_at"]))

        return self._db.write(work)

    def settings(self) -> tuple[Setting, ...]:
        rows = self._db.read(
            lambda conn: conn.execute(
                "SELECT key, value, updated_at FROM settings ORDER BY key"
            ).fetchall()
        )
        return tuple(
            Setting(r["key"], codec.from_json(r["value"]), codec.when(r["updated_at"]))
            for r in rows
        )

    def audit_entries(
        self, consultation_id: int | None = None, *, limit: int = -1
    ) -> tuple[AuditEntry, ...]:
        """The audit log, oldest first; one consultation's entries if an id is given."""
        where = "" if consultation_id is None else "WHERE consultation_id = ?"
        params: tuple[Any, ...] = () if consultation_id is None else (consultation_id,)

        def work(conn: sqlite3.Connection) -> tuple[AuditEntry, ...]:
            rows = conn.execute(
                f"SELECT * FROM audit_log {where} ORDER BY id LIMIT ?", (*params, limit)
            )
            return tuple(codec.audit_entry(r) for r in rows)

        return self._db.read(work)

    def check(self, *, log_folder: Path | None = None) -> CheckReport:
        """Verify the file as `consultaid check` does (`checks.check_file`): read-only, from a
        connection of its own, so this Store's writes never wait for it.

        Damage found while reading is a problem in the report; a file that cannot be checked right
        now (locked, unreadable) raises DatabaseError, as any other call would.
        """
        return check_file(self.path, log_folder=log_folder)

    def record_export(self, consultation_id: int, server: str, ids: Sequence[str]) -> None:
        """Note in the audit log that the hospital's server accepted the consultation, and the
        ids it gave (server and ids only: no patient detail)."""

        def work(conn: sqlite3.Connection) -> None:
            self._status(conn, consultation_id)
            self._audit(
                conn,
                "fhir_export",
                "consultations",
                consultation_id,
                consultation_id,
                detail={"server": server, "ids": list(ids)},
            )

        self._db.write(work)

    def quick_check(self, *, log_folder: Path | None = None) -> tuple[str, ...]:
        """The start-up check (`evidence.quick_problems`): cheap enough to run at every start."""
        in_force = anchors.read(self.path, log_folder)
        return tuple(self._db.read(lambda conn: evidence.quick_problems(conn, in_force)))

    def backup(self, out_path: str | os.PathLike[str]) -> Path:
        """A consistent copy of the database at `out_path` (owner-only), safe while others write."""
        out = Path(out_path).expanduser()
        if out.exists() and out.resolve() == self.path.resolve():
            raise DatabaseError(
                f"The backup would overwrite the database itself ({out}); choose another file."
            )
        self._db.backup(out)
        self._anchor(f"backup {out.name}")
        return out
