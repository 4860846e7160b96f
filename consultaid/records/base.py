"""What every part of the Store shares: the connection, the clock, the actor and the audit log.

The Store is split by topic into mixins (patients, consultations, discussion, amendments); each
builds on this base so a mutation always runs in one transaction that also writes its audit row.
"""

from __future__ import annotations

import getpass
import sqlite3
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from consultaid.errors import ConsultationNotFound, InputError
from consultaid.records import anchors, chain, codec
from consultaid.records.database import Connection
from consultaid.records.migrations import FINAL_MESSAGE
from consultaid.records.rows import FINAL

Clock = Callable[[], datetime]


def login_name() -> str:
    """The computer account's name, recorded beside the clinician's in every audit row."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def utc_now() -> datetime:
    return datetime.now(UTC)


class StoreBase:
    """Shared state and helpers; not used on its own."""

    def __init__(self, connection: Connection, *, actor: str, clock: Clock = utc_now) -> None:
        self._db = connection
        self._clock = clock
        self.actor = actor
        self.login = login_name()

    def _now(self) -> str:
        return codec.iso(self._clock())

    def _today(self) -> date:
        """The local calendar date, which is what "born in the future" is judged against."""
        return self._clock().astimezone().date()

    def _audit(
        self,
        conn: sqlite3.Connection,
        action: str,
        table: str,
        row_id: int | None,
        consultation_id: int | None = None,
        *,
        actor: str | None = None,
        at: str | None = None,
        detail: Mapping[str, Any] | None = None,
    ) -> None:
        """One audit row, ids and hashes only, chained after the head in the caller's
        transaction."""
        chain.append(
            conn,
            at=at or self._now(),
            actor=actor or self.actor,
            login=self.login,
            action=action,
            table=table,
            row_id=row_id,
            consultation_id=consultation_id,
            detail=detail,
        )

    def _anchor(self, reason: str) -> None:
        """Write the chain's head outside the file (see `anchors`), after the change committed."""
        anchors.write(self._db.path, reason, self._db.read(chain.head))

    def _status(self, conn: sqlite3.Connection, consultation_id: int) -> str:
        row = conn.execute(
            "SELECT status FROM consultations WHERE id = ?", (consultation_id,)
        ).fetchone()
        if row is None:
            raise ConsultationNotFound(
                f"There is no consultation {consultation_id}; check the number."
            )
        return row["status"]

    def _require_draft(self, conn: sqlite3.Connection, consultation_id: int) -> None:
        """The readable refusal; the triggers refuse the same change if this were bypassed."""
        if self._status(conn, consultation_id) == FINAL:
            raise InputError(FINAL_MESSAGE)
