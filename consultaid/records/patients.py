"""Patients: add, edit, fetch, and search as the surgeon types."""

from __future__ import annotations

import sqlite3
from datetime import date

from consultaid.errors import InputError
from consultaid.records import codec, validation
from consultaid.records.base import StoreBase
from consultaid.records.codec import PATIENT_COLUMNS
from consultaid.records.rows import Patient
from consultaid.records.search import match_query, search_text

_SELECT = f"SELECT {PATIENT_COLUMNS} FROM patients"


class PatientsMixin(StoreBase):
    def add_patient(
        self, mrn: str, family_name: str, given_names: str, date_of_birth: date, sex: str
    ) -> Patient:
        """Add a patient; the MRN must be new (compared ignoring ASCII case and outer spaces)."""
        values = self._patient_values(mrn, family_name, given_names, date_of_birth, sex)

        def work(conn: sqlite3.Connection) -> Patient:
            self._refuse_duplicate(conn, values[0], None)
            now = self._now()
            cur = conn.execute(
                "INSERT INTO patients (mrn, family_name, given_names, date_of_birth, sex,"
                " search_text, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, search_text(*values[:3]), now, now),
            )
            patient_id = cur.lastrowid
            assert patient_id is not None
            self._audit(conn, "add_patient", "patients", patient_id, at=now)
            return self._fetch_patient(conn, patient_id)

        return self._db.write(work)

    def update_patient(
        self,
        patient_id: int,
        *,
        mrn: str | None = None,
        family_name: str | None = None,
        given_names: str | None = None,
        date_of_birth: date | None = None,
        sex: str | None = None,
    ) -> Patient:
        """Change the given fields; the others stay as they are."""

        def work(conn: sqlite3.Connection) -> Patient:
            old = self._fetch_patient(conn, patient_id)
            new_dob = date_of_birth not in (None, old.date_of_birth)
            values = self._patient_values(
                old.mrn if mrn is None else mrn,
                old.family_name if family_name is None else family_name,
                old.given_names if given_names is None else given_names,
                date_of_birth if date_of_birth is not None and new_dob else old.date_of_birth,
                old.sex if sex is None else sex,
                check_date=new_dob,
            )
            current = (old.mrn, old.family_name, old.given_names, old.date_of_birth.isoformat())
            if values == (*current, old.sex):
                return old
            self._refuse_duplicate(conn, values[0], patient_id)
            now = self._now()
            conn.execute(
                "UPDATE patients SET mrn = ?, family_name = ?, given_names = ?, date_of_birth = ?,"
                " sex = ?, search_text = ?, updated_at = ? WHERE id = ?",
                (*values, search_text(*values[:3]), now, patient_id),
            )
            self._audit(conn, "update_patient", "patients", patient_id, at=now)
            return self._fetch_patient(conn, patient_id)

        return self._db.write(work)

    def get_patient(self, patient_id: int) -> Patient:
        return self._db.read(lambda conn: self._fetch_patient(conn, patient_id))

    def patient_by_mrn(self, mrn: str) -> Patient | None:
        """The patient with this MRN (ignoring ASCII case and outer spaces), if there is one."""
        key = mrn.strip()
        row = self._db.read(
            lambda conn: conn.execute(f"{_SELECT} WHERE mrn = ?", (key,)).fetchone()
        )
        return None if row is None else codec.patient(row)

    def search_patients(self, text: str, limit: int = 50) -> tuple[Patient, ...]:
        """Patients whose names or MRN start with each typed word, ignoring case and accents.

        Sorted by family name, then given names, both folded, so an exact family name comes
        before longer ones it begins ("Kim" before "Kimura"); bm25 ranking says little about
        names and costs more than the whole query on a large list. Empty text (or text with no
        letters or digits) lists the most recently changed patients.
        """
        query = match_query(text)

        def work(conn: sqlite3.Connection) -> tuple[Patient, ...]:
            if not query:
                rows = conn.execute(
                    f"{_SELECT} ORDER BY updated_at DESC, id DESC LIMIT ?", (limit,)
                )
            else:
                rows = conn.execute(
                    f"SELECT {_qualified('p')} FROM patients_fts"
                    " JOIN patients p ON p.id = patients_fts.rowid"
                    " WHERE patients_fts MATCH ? ORDER BY p.search_text, p.id LIMIT ?",
                    (query, limit),
                )
            return tuple(codec.patient(r) for r in rows)

        return self._db.read(work)

    def _patient_values(
        self,
        mrn: str,
        family_name: str,
        given_names: str,
        date_of_birth: date,
        sex: str,
        *,
        check_date: bool = True,
    ) -> tuple[str, str, str, str, str]:
        """Validated values in column order; an unchanged date of birth is not judged again."""
        mrn = validation.mrn(mrn)
        validation.name(family_name, "family name", required=True)
        validation.name(given_names, "given names", required=False)
        if check_date:
            validation.date_of_birth(date_of_birth, self._today())
        return (mrn, family_name, given_names, date_of_birth.isoformat(), validation.sex(sex))

    def _refuse_duplicate(self, conn: sqlite3.Connection, mrn: str, patient_id: int | None) -> None:
        row = conn.execute("SELECT id FROM patients WHERE mrn = ?", (mrn,)).fetchone()
        if row is not None and row["id"] != patient_id:
            raise InputError(
                f"A patient with MRN {mrn} already exists; search for them instead of adding "
                "them again."
            )

    def _fetch_patient(self, conn: sqlite3.Connection, patient_id: int) -> Patient:
        row = conn.execute(f"{_SELECT} WHERE id = ?", (patient_id,)).fetchone()
        if row is None:
            raise InputError(f"There is no patient {patient_id}; search for the patient by name.")
        return codec.patient(row)


def _qualified(alias: str) -> str:
    return ", ".join(f"{alias}.{c.strip()}" for c in PATIENT_COLUMNS.split(","))
