"""The audit log: one row per change, in the same transaction, ids only — never patient text."""

from __future__ import annotations

import re
import sqlite3
from datetime import date

import pytest

from consultaid.errors import InputError
from consultaid.records import AmendTarget, AuditEntry, Store
from consultaid.strokes import Stroke

SECRET_FAMILY = "Xylophonidou"
SECRET_GIVEN = "Quintessa"
SECRET_MRN = "SECRET-MRN-4242"
SECRET_NOTE = "my neighbour Bartholomew"
LINE = (Stroke("red", ((0.0, 0.0), (2.0, 2.0))),)


def test_every_change_writes_one_audit_row_with_ids_only(records_store: Store):
    calls = []

    def did(action, fn, *args, **kwargs):
        before = len(records_store.audit_entries())
        result = fn(*args, **kwargs)
        entries = records_store.audit_entries()
        assert len(entries) == before + 1, action
        assert entries[-1].action == action
        calls.append(entries[-1])
        return result

    p = did("add_patient", records_store.add_patient, SECRET_MRN, SECRET_FAMILY, SECRET_GIVEN,
            date(1961, 3, 3), "female")  # fmt: skip
    did("update_patient", records_store.update_patient, p.id, given_names=SECRET_GIVEN + " II")
    c = did(
        "start_consultation", records_store.start_consultation, p.id, "Dr Audit", "C5-C6", "p", "v"
    )
    did("set_levels", records_store.set_levels, c.id, "C6-C7")
    did("set_answer", records_store.set_answer, c.id, "smoking", SECRET_NOTE)
    did("set_risk_discussed", records_store.set_risk_discussed, c.id, "infection", True)
    did(
        "set_alternative_discussed",
        records_store.set_alternative_discussed,
        c.id,
        "no-treatment",
        True,
    )
    q = did("add_question", records_store.add_question, c.id, SECRET_NOTE)
    did("update_question", records_store.update_question, q.id, answer=SECRET_NOTE)
    did("set_teach_back", records_store.set_teach_back, c.id, "yes", SECRET_NOTE)
    did("save_annotation", records_store.save_annotation, c.id, "incision", LINE)
    did("record_step_visit", records_store.record_step_visit, c.id, "incision", 4.0)
    did("save_signature", records_store.save_signature, c.id, "patient", SECRET_FAMILY, LINE)
    did("set_setting", records_store.set_setting, "clinic-name", SECRET_NOTE)
    did(
        "add_document",
        records_store.add_document,
        c.id,
        "consent-summary",
        b"%PDF-" + SECRET_NOTE.encode(),
    )
    did("finalize", records_store.finalize, c.id, "Dr Final")
    did("amend", records_store.amend, c.id, AmendTarget.TEACH_BACK_NOTE, "x", reason=SECRET_NOTE,
        author="Dr Amend")  # fmt: skip

    assert all(isinstance(e, AuditEntry) for e in calls)
    assert calls[0].table_name == "patients" and calls[0].row_id == p.id
    assert calls[2].consultation_id == c.id
    assert calls[-2].actor == "Dr Final" and calls[-1].actor == "Dr Amend"
    assert calls[1].actor == "Dr Test"
    assert records_store.audit_entries(c.id) == tuple(e for e in calls if e.consultation_id == c.id)

    rows = records_store._db.raw.execute("SELECT * FROM audit_log").fetchall()
    # Hashes are hex and may spell "1961" by chance; everything else must hold no patient detail.
    text = re.sub(r"[0-9a-f]{64}", "<hash>", " ".join(str(v) for row in rows for v in tuple(row)))
    for secret in (SECRET_FAMILY, SECRET_GIVEN, SECRET_MRN, SECRET_NOTE, "1961"):
        assert secret not in text


def test_a_refused_change_writes_no_audit_row(records_store: Store, patient):
    before = records_store.audit_entries()
    with pytest.raises(InputError):
        records_store.add_patient(patient.mrn, "Dup", "", date(1970, 1, 1), "male")
    assert records_store.audit_entries() == before


def test_a_failed_write_rolls_back_its_audit_row_too(records_store: Store, patient, monkeypatch):
    before = records_store.audit_entries()

    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("simulated bug after the audit row")

    monkeypatch.setattr("consultaid.records.patients.PatientsMixin._fetch_patient", broken)
    with pytest.raises(sqlite3.OperationalError):
        records_store.add_patient("NEW-1", "New", "", date(1970, 1, 1), "male")
    monkeypatch.undo()
    assert records_store.audit_entries() == before
    assert records_store.patient_by_mrn("NEW-1") is None


def test_audit_log_refuses_update_and_delete(records_store: Store, patient):
    conn = records_store._db.raw
    for sql in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(sqlite3.IntegrityError, match="cannot be changed or removed"):
            conn.execute(sql)
    assert len(records_store.audit_entries()) == 1
