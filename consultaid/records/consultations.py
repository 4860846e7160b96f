"""Consultations: start one, set its levels, list a patient's, finalize, and load a whole record."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from consultaid.errors import InputError
from consultaid.levels import parse_levels
from consultaid.records import codec, validation
from consultaid.records import snapshot as chain_snapshot
from consultaid.records.base import StoreBase
from consultaid.records.record import (
    SELECT_CONSULTATION,
    fetch_consultation,
    read_record,
    settings_rows,
)
from consultaid.records.rows import Consultation, ConsultationRecord


class ConsultationsMixin(StoreBase):
    def start_consultation(
        self,
        patient_id: int,
        clinician: str,
        levels: str | Sequence[str],
        pack_id: str,
        content_version: str,
    ) -> Consultation:
        """A new draft consultation for the patient, held with the given content pack version."""
        validation.name(clinician, "clinician's name", required=True)
        level_text = codec.levels_text(parse_levels(_level_arg(levels)))
        validation.identifier(pack_id, "pack_id")
        validation.identifier(content_version, "content_version")

        def work(conn: sqlite3.Connection) -> Consultation:
            if (
                conn.execute("SELECT 1 FROM patients WHERE id = ?", (patient_id,)).fetchone()
                is None
            ):
                raise InputError(
                    f"There is no patient {patient_id}; search for the patient by name."
                )
            now = self._now()
            cur = conn.execute(
                "INSERT INTO consultations (patient_id, clinician, started_at, status, pack_id,"
                " content_version, levels, updated_at) VALUES (?, ?, ?, 'draft', ?, ?, ?, ?)",
                (patient_id, clinician, now, pack_id, content_version, level_text, now),
            )
            cid = cur.lastrowid
            assert cid is not None
            self._audit(conn, "start_consultation", "consultations", cid, cid, at=now)
            return fetch_consultation(conn, cid)

        return self._db.write(work)

    def set_levels(self, consultation_id: int, levels: str | Sequence[str]) -> Consultation:
        """Change the planned level(s) of a draft consultation."""
        level_text = codec.levels_text(parse_levels(_level_arg(levels)))

        def work(conn: sqlite3.Connection) -> Consultation:
            self._require_draft(conn, consultation_id)
            now = self._now()
            conn.execute(
                "UPDATE consultations SET levels = ?, updated_at = ? WHERE id = ?",
                (level_text, now, consultation_id),
            )
            self._audit(conn, "set_levels", "consultations", consultation_id, consultation_id)
            return fetch_consultation(conn, consultation_id)

        return self._db.write(work)

    def get_consultation(self, consultation_id: int) -> Consultation:
        return self._db.read(lambda conn: fetch_consultation(conn, consultation_id))

    def list_consultations(self, patient_id: int) -> tuple[Consultation, ...]:
        """The patient's consultations, newest first (as stored; amendments are in load_record)."""

        def work(conn: sqlite3.Connection) -> tuple[Consultation, ...]:
            rows = conn.execute(
                f"{SELECT_CONSULTATION} WHERE patient_id = ? ORDER BY started_at DESC, id DESC",
                (patient_id,),
            )
            return tuple(codec.consultation(r) for r in rows)

        return self._db.read(work)

    def finalize(self, consultation_id: int, actor: str) -> Consultation:
        """Make the consultation final: its rows are fixed from now on; corrections are amendments.

        The clinic settings in force are snapshotted with it, so the record keeps saying what the
        patient was told even after the settings change.
        """
        validation.name(actor, "name of who finalizes", required=True)

        def work(conn: sqlite3.Connection) -> Consultation:
            self._require_draft(conn, consultation_id)
            now = self._now()
            snapshot = {row["key"]: codec.from_json(row["value"]) for row in settings_rows(conn)}
            conn.execute(
                "INSERT INTO consultation_settings (consultation_id, settings) VALUES (?, ?)",
                (consultation_id, codec.to_json(snapshot)),
            )
            conn.execute(
                "UPDATE consultations SET status = 'final', finalized_at = ?, finalized_by = ?,"
                " updated_at = ? WHERE id = ?",
                (now, actor, now, consultation_id),
            )
            self._audit(
                conn,
                "finalize",
                "consultations",
                consultation_id,
                consultation_id,
                actor=actor,
                detail=chain_snapshot.snapshot(conn, consultation_id),
            )
            return fetch_consultation(conn, consultation_id)

        final = self._db.write(work)
        self._anchor(f"finalized consultation {consultation_id}")
        return final

    def load_record(self, consultation_id: int) -> ConsultationRecord:
        """Everything recorded in one consultation, with amendments applied, from one snapshot."""
        return self._db.read(lambda conn: read_record(conn, consultation_id))


def _level_arg(levels: str | Sequence[str]) -> str | tuple[str, ...]:
    """A sequence as a tuple; anything else as it is, for `parse_levels` to refuse in a sentence."""
    if isinstance(levels, str) or not isinstance(levels, Sequence):
        return levels
    return tuple(levels)
