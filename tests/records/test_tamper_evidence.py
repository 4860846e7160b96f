"""Attacks on a final record with a plain SQLite connection, as an attacker would make them.

Each is either refused by the triggers or, once the attacker drops the triggers first, found by
`check`, which names the consultation and what no longer matches.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from datetime import date
from pathlib import Path

import pytest

from consultaid.records import Consultation, Store, anchors, chain, migrations, snapshot
from consultaid.records.checks import check_file
from consultaid.records.search import search_text
from tests.records.conftest import sha256_of

PDF = b"%PDF-1.7 the sealed consent"


@pytest.fixture
def sealed(records_store: Store, draft: Consultation) -> Consultation:
    records_store.set_answer(draft.id, "smoking", True)
    records_store.set_risk_discussed(draft.id, "infection", True)
    records_store.add_question(draft.id, "Will it hurt?", "A little.")
    final = records_store.finalize(draft.id, "Dr Test")
    records_store.add_document(draft.id, "consent-form", PDF)
    assert records_store.check().ok, records_store.check().problems
    return final


def attacker(store: Store) -> sqlite3.Connection:
    return sqlite3.connect(store.path, isolation_level=None)


def drop_guards(conn: sqlite3.Connection, *tables: str) -> list[str]:
    """Drop every trigger on these tables and return their SQL, to put them back afterwards."""
    rows = conn.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN "
        f"({', '.join('?' for _ in tables)})",
        tables,
    ).fetchall()
    for name, _ in rows:
        conn.execute(f"DROP TRIGGER {name}")
    return [sql for _, sql in rows]


def problems(store: Store) -> list[str]:
    report = store.check()
    assert not report.ok
    return list(report.problems)


def test_replace_cannot_flip_a_final_consultation_back_to_draft(
    records_store: Store, sealed: Consultation
):
    conn = attacker(records_store)
    row = conn.execute("SELECT * FROM consultations WHERE id = ?", (sealed.id,)).fetchone()
    forged = list(row)
    forged[4] = "draft"
    with pytest.raises(sqlite3.IntegrityError, match="final"):
        conn.execute(
            f"INSERT OR REPLACE INTO consultations VALUES ({', '.join('?' * len(row))})", forged
        )
    assert records_store.get_consultation(sealed.id).status == "final"


def test_replace_cannot_remove_or_overwrite_a_final_row(records_store: Store, sealed: Consultation):
    conn = attacker(records_store)
    other = records_store.start_consultation(sealed.patient_id, "Dr Test", "C5-C6", "p", "v")
    answer_id = conn.execute(
        "SELECT id FROM candidacy_answers WHERE consultation_id = ?", (sealed.id,)
    ).fetchone()[0]
    with pytest.raises(sqlite3.IntegrityError, match="final"):
        conn.execute(
            "INSERT OR REPLACE INTO candidacy_answers (id, consultation_id, factor_id, value,"
            " updated_at) VALUES (?, ?, 'smoking', 'false', 't')",
            (answer_id, other.id),
        )
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            "INSERT OR REPLACE INTO documents (id, consultation_id, kind, pdf, sha256, created_at)"
            " SELECT id, consultation_id, kind, ?, ?, created_at FROM documents",
            (b"%PDF-forged", hashlib.sha256(b"%PDF-forged").hexdigest()),
        )
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            "INSERT OR REPLACE INTO audit_log (id, at, actor, login, action, table_name, row_id,"
            " consultation_id, detail, prev_hash, hash)"
            " SELECT id, at, 'nobody', login, action, table_name, row_id, consultation_id,"
            " detail, prev_hash, hash FROM audit_log WHERE id = 1"
        )
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            "INSERT OR REPLACE INTO patients (id, mrn, family_name, given_names, date_of_birth,"
            " sex, created_at, updated_at) SELECT id, mrn, 'Forged', given_names, date_of_birth,"
            " sex, created_at, updated_at FROM patients WHERE id = ?",
            (sealed.patient_id,),
        )
    assert records_store.check().ok


def test_an_audit_row_inserted_by_hand_is_refused(records_store: Store, sealed: Consultation):
    conn = attacker(records_store)
    with pytest.raises(sqlite3.IntegrityError, match="chain"):
        conn.execute(
            "INSERT INTO audit_log (at, actor, login, action, table_name) "
            "VALUES ('t', 'x', '', 'add_document', 'documents')"
        )


def test_drop_trigger_edit_recreate_is_found(records_store: Store, sealed: Consultation):
    conn = attacker(records_store)
    saved = drop_guards(conn, "risk_discussions")
    conn.execute(
        "UPDATE risk_discussions SET discussed = 0 WHERE consultation_id = ?", (sealed.id,)
    )
    for sql in saved:
        conn.execute(sql)
    found = problems(records_store)
    assert any(f"Consultation {sealed.id}" in p and "the risks discussed" in p for p in found)
    assert any("restore a backup" in p for p in found)


def test_replace_through_dropped_guards_flip_edit_flip_back_is_found(
    records_store: Store, sealed: Consultation
):
    conn = attacker(records_store)
    saved = drop_guards(conn, "consultations", "questions")
    conn.execute("UPDATE consultations SET status = 'draft' WHERE id = ?", (sealed.id,))
    conn.execute("UPDATE questions SET answer = 'No.' WHERE consultation_id = ?", (sealed.id,))
    conn.execute("UPDATE consultations SET status = 'final' WHERE id = ?", (sealed.id,))
    for sql in saved:
        conn.execute(sql)
    found = problems(records_store)
    assert any(f"Consultation {sealed.id}" in p and "questions" in p for p in found)


def test_a_final_consultation_made_draft_is_found(records_store: Store, sealed: Consultation):
    conn = attacker(records_store)
    drop_guards(conn, "consultations")
    conn.execute("UPDATE consultations SET status = 'draft' WHERE id = ?", (sealed.id,))
    found = problems(records_store)
    assert any(f"Consultation {sealed.id}" in p and "draft again" in p for p in found)


def test_a_forged_document_is_never_the_seal_and_is_found(
    records_store: Store, sealed: Consultation
):
    conn = attacker(records_store)
    forged = b"%PDF-1.7 forged consent"
    conn.execute(
        "INSERT INTO documents (consultation_id, kind, pdf, sha256, created_at)"
        " VALUES (?, 'consent-form', ?, ?, '2099-01-01T00:00:00+00:00')",
        (sealed.id, forged, hashlib.sha256(forged).hexdigest()),
    )
    assert [d.sha256 for d in records_store.list_documents(sealed.id)] == [
        hashlib.sha256(PDF).hexdigest()
    ]
    assert len(records_store.load_record(sealed.id).documents) == 1
    found = problems(records_store)
    assert any(f"consultation {sealed.id}" in p and "behind the app's back" in p for p in found)


def test_a_sealed_pdf_overwritten_in_place_is_found(records_store: Store, sealed: Consultation):
    conn = attacker(records_store)
    drop_guards(conn, "documents")
    forged = b"%PDF-1.7 forged consent"
    conn.execute(
        "UPDATE documents SET pdf = ?, sha256 = ? WHERE consultation_id = ?",
        (forged, hashlib.sha256(forged).hexdigest(), sealed.id),
    )
    found = problems(records_store)
    assert any(f"consultation {sealed.id}" in p and "no longer match" in p for p in found)


def test_audit_rows_rewritten_or_removed_are_found(records_store: Store, sealed: Consultation):
    conn = attacker(records_store)
    drop_guards(conn, "audit_log")
    conn.execute("UPDATE audit_log SET actor = 'Dr Nobody' WHERE action = 'finalize'")
    assert any("audit log" in p and "rewritten" in p for p in problems(records_store))


def test_a_whole_chain_recomputed_is_found_against_an_earlier_anchor(
    records_store: Store, sealed: Consultation
):
    assert anchors.read(records_store.path), "finalize and sealing write anchors"
    conn = attacker(records_store)
    drop_guards(conn, "audit_log", "risk_discussions")
    conn.execute("UPDATE risk_discussions SET discussed = 0")
    conn.execute("UPDATE audit_log SET actor = 'Dr Nobody' WHERE action = 'finalize'")
    # The attacker recomputes the snapshot and every hash of the chain.
    detail = snapshot.snapshot(conn, sealed.id)
    conn.execute(
        "UPDATE audit_log SET detail = ? WHERE action = 'finalize'",
        (chain.encode_detail(detail),),
    )
    chain.rehash_all(conn)
    found = problems(records_store)
    assert not any("Consultation" in p for p in found)  # the chain itself now "holds"
    assert any("rewritten" in p and "head" in p for p in found)


def test_rows_removed_from_the_end_of_the_chain_are_found_against_an_anchor(
    records_store: Store, sealed: Consultation
):
    conn = attacker(records_store)
    drop_guards(conn, "audit_log", "documents")
    conn.execute("DELETE FROM documents")
    conn.execute("DELETE FROM audit_log WHERE action = 'add_document'")
    assert any("shorter" in p and "removed" in p for p in problems(records_store))


def test_check_reads_only_and_never_blocks_a_save(records_store: Store, sealed: Consultation):
    """The check's connection is read-only, and while it reads, the Store still saves."""
    before = sha256_of(records_store.path)
    assert check_file(records_store.path).ok
    assert sha256_of(records_store.path) == before
    reader = sqlite3.connect(f"{records_store.path.as_uri()}?mode=ro", uri=True)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM audit_log").fetchone()
    records_store.add_patient("MRN-0002", "Other", "", date(1970, 1, 1), "male")
    reader.close()


def _pre_chain_database(path: Path) -> None:
    """A file at schema 4 with a final consultation, a sealed document and audit rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.apply_all(conn, stop_before=migrations.CHAIN_CHANGE)
    t = "2025-01-01T00:00:00.000000+00:00"
    conn.executescript(
        f"""
        INSERT INTO patients (id, mrn, family_name, given_names, date_of_birth, sex, created_at,
            updated_at, search_text) VALUES (1, 'M1', 'Old', 'Record', '1960-01-01', 'male',
            '{t}', '{t}', '{search_text("M1", "Old", "Record")}');
        INSERT INTO consultations (id, patient_id, clinician, started_at, pack_id,
            content_version, levels, updated_at) VALUES (1, 1, 'Dr Old', '{t}', 'p', 'v',
            'C5-C6', '{t}');
        INSERT INTO risk_discussions (consultation_id, risk_id, discussed, at)
            VALUES (1, 'infection', 1, '{t}');
        UPDATE consultations SET status = 'final', finalized_at = '{t}', finalized_by = 'Dr Old';
        INSERT INTO audit_log (at, actor, action, table_name, row_id, consultation_id)
            VALUES ('{t}', 'Dr Old', 'finalize', 'consultations', 1, 1);
        """
    )
    conn.execute(
        "INSERT INTO documents (consultation_id, kind, pdf, sha256, created_at) VALUES (1, 'x', ?,"
        " ?, ?)",
        (PDF, hashlib.sha256(PDF).hexdigest(), t),
    )
    conn.close()


def test_an_older_database_is_chained_at_migration_and_then_protected(db_path: Path):
    _pre_chain_database(db_path)

    before = sha256_of(db_path)
    report = check_file(db_path)
    assert report.ok and report.schema_version == 4
    assert any("not upgraded" in n for n in report.notes)
    assert sha256_of(db_path) == before, "check never migrates the file it checks"
    with Store.open(db_path) as store:
        actions = [e.action for e in store.audit_entries()]
        assert actions[-1] == "chain_started"
        assert migrations.SNAPSHOT_AT_MIGRATION in actions
        assert migrations.DOCUMENT_AT_MIGRATION in actions
        assert store.check().ok, store.check().problems
        assert len(store.list_documents(1)) == 1
        conn = attacker(store)
        drop_guards(conn, "risk_discussions")
        conn.execute("UPDATE risk_discussions SET discussed = 0")
        assert any("Consultation 1" in p for p in problems(store))


def test_a_backup_writes_an_anchor_and_a_restore_starts_afresh(
    records_store: Store, sealed: Consultation, tmp_path: Path
):
    from consultaid.records.backups import auto_backup, restore_backup

    path = records_store.path
    made = auto_backup(path, path.parent / "backups")
    assert made is not None
    reasons = [a.reason for a in anchors.read(path)]
    assert any(r.startswith("automatic backup") for r in reasons)
    if os.name == "posix":
        assert stat.S_IMODE(anchors.anchor_file(path).stat().st_mode) == 0o600
    records_store.add_question(
        records_store.start_consultation(sealed.patient_id, "Dr Test", "C5-C6", "p", "v").id,
        "After the backup?",
    )
    records_store.finalize(records_store.list_consultations(sealed.patient_id)[0].id, "Dr Test")
    records_store.close()
    restore_backup(made, path)
    # The restored file's chain is shorter than the newest anchor: an honest restore, not
    # tampering, because the restore wrote its own mark.
    with Store.open(path) as again:
        assert again.check().ok, again.check().problems
