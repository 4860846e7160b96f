"""Settings, documents, check and backup."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import threading
from datetime import date
from pathlib import Path

import pytest

from consultaid.errors import DatabaseError
from consultaid.records import CheckReport, Consultation, Setting, Store, migrations


def test_settings_round_trip(records_store: Store):
    assert records_store.get_setting("lifting-kg", 5) == 5
    saved = records_store.set_setting("lifting-kg", {"weeks": 6, "limit": "a kettle ☕"})
    assert isinstance(saved, Setting)
    records_store.set_setting("driving-weeks", 6)
    records_store.set_setting("driving-weeks", 4)
    assert records_store.get_setting("lifting-kg") == {"weeks": 6, "limit": "a kettle ☕"}
    assert [(s.key, s.value) for s in records_store.settings()] == [
        ("driving-weeks", 4),
        ("lifting-kg", {"weeks": 6, "limit": "a kettle ☕"}),
    ]


def test_documents_are_stored_with_their_hash(records_store: Store, draft: Consultation):
    pdf = b"%PDF-1.7\n" + bytes(range(256)) * 50
    doc = records_store.add_document(draft.id, "consent-summary", pdf)
    assert doc.sha256 == hashlib.sha256(pdf).hexdigest()
    assert doc.size == len(pdf)
    assert records_store.document_pdf(doc.id) == pdf
    assert records_store.list_documents(draft.id) == (doc,)
    assert records_store.load_record(draft.id).documents == (doc,)
    with pytest.raises(ValueError):
        records_store.add_document(draft.id, "consent-summary", b"not a pdf")
    with pytest.raises(ValueError):
        records_store.add_document(draft.id, "consent-summary", pdf, supersedes_id=doc.id + 1)


def test_a_document_that_no_longer_matches_its_hash_is_refused(
    records_store: Store, draft: Consultation
):
    doc = records_store.add_document(draft.id, "consent-summary", b"%PDF-1.7 original")
    conn = records_store._db.raw
    conn.execute("DROP TRIGGER documents_no_update")
    conn.execute("UPDATE documents SET pdf = ? WHERE id = ?", (b"%PDF-1.7 tampered", doc.id))
    with pytest.raises(DatabaseError, match="no longer matches its fingerprint"):
        records_store.document_pdf(doc.id)
    problems = records_store.check().problems
    assert any("Document" in p and "SHA-256" in p for p in problems)
    assert any("documents_no_update" in p for p in problems)


def test_check_of_a_sound_database(records_store: Store, draft: Consultation):
    report = records_store.check()
    assert isinstance(report, CheckReport)
    assert report.ok and report.problems == ()
    assert report.schema_version == migrations.SCHEMA_VERSION
    assert report.path == records_store.path


def test_check_finds_an_orphan_and_a_stale_search_index(records_store: Store, patient):
    conn = records_store._db.raw
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute(
        "INSERT INTO consultations (patient_id, clinician, started_at, pack_id, content_version,"
        " levels, updated_at) VALUES (999, 'Dr', 't', 'p', 'v', 'C5-C6', 't')"
    )
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("DROP TRIGGER patients_au")
    conn.execute("UPDATE patients SET search_text = 'changed' WHERE id = ?", (patient.id,))
    problems = records_store.check().problems
    assert any("refers to a missing row of patients" in p for p in problems)
    assert any("search index" in p for p in problems)


def test_check_finds_names_changed_behind_the_stores_back(records_store: Store, patient):
    records_store._db.raw.execute(
        "UPDATE patients SET family_name = 'Renamed' WHERE id = ?", (patient.id,)
    )
    problems = records_store.check().problems
    assert any("cannot be found by name" in p for p in problems)


def test_backup_is_a_consistent_owner_only_copy(
    records_store: Store, draft: Consultation, tmp_path: Path
):
    records_store.add_question(draft.id, "Before the backup?")
    (tmp_path / "backups").mkdir()
    out = records_store.backup(tmp_path / "backups" / "copy.db")
    assert out.exists()
    if os.name == "posix":
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert not list(out.parent.glob(".*part*"))
    with Store.open(out, create=False) as copy:
        assert copy.check().ok
        assert copy.load_record(draft.id) == records_store.load_record(draft.id)


def test_backup_while_another_window_writes(
    db_path: Path, records_store: Store, patient, tmp_path: Path
):
    """The copy holds some prefix of the other window's saved edits, and is sound."""
    stop = threading.Event()
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            with Store.open(db_path, actor="Other window") as other:
                c = other.start_consultation(patient.id, "Dr", "C5-C6", "p", "v")
                i = 0
                while not stop.is_set() and i < 400:
                    other.add_question(c.id, f"question {i}")
                    i += 1
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        outs = [records_store.backup(tmp_path / f"b{n}.db") for n in range(5)]
    finally:
        stop.set()
        thread.join(timeout=60)
    assert not thread.is_alive(), "the other window's writes did not stop within 60 s"
    assert not errors
    for out in outs:
        with Store.open(out, create=False) as copy:
            assert copy.check().ok
            questions = [
                q.question
                for c in copy.list_consultations(patient.id)
                for q in copy.load_record(c.id).questions
            ]
            assert questions == [f"question {i}" for i in range(len(questions))]


def test_backup_refuses_to_overwrite_the_database(records_store: Store):
    with pytest.raises(DatabaseError, match="overwrite the database itself"):
        records_store.backup(records_store.path)


def test_backup_to_a_missing_folder_is_a_database_error(records_store: Store, tmp_path: Path):
    out = tmp_path / "no" / "such" / "folder" / "b.db"
    with pytest.raises(DatabaseError, match="could not use") as caught:
        records_store.backup(out)
    assert str(out) in str(caught.value)


def test_two_stores_on_one_file_see_each_others_changes(
    db_path: Path, records_store: Store, patient
):
    with Store.open(db_path) as second:
        changed = second.update_patient(patient.id, family_name="Second")
        assert records_store.get_patient(patient.id) == changed
        added = records_store.add_patient("TWO", "Two", "", date(1980, 2, 2), "male")
        assert second.get_patient(added.id) == added


def test_default_actor_is_the_login_name(db_path: Path):
    with Store.open(db_path) as s:
        assert s.actor
        s.add_patient("A-1", "Doe", "", date(1970, 1, 1), "male")
        assert s.audit_entries()[0].actor == s.actor


def test_store_never_returns_rows_or_dicts(records_store: Store, draft: Consultation):
    records_store.set_answer(draft.id, "smoking", True)
    record = records_store.load_record(draft.id)
    for value in (record, *record.answers, record.patient, record.consultation):
        assert not isinstance(value, (dict, sqlite3.Row))
        assert type(value).__dataclass_params__.frozen  # type: ignore[attr-defined]
