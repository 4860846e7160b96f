"""Schema changes: from nothing, and from a file of the first released schema, with a copy first."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from consultaid.records import AmendTarget, Store, migrations
from tests.records.conftest import sha256_of

FIXTURE = Path(__file__).parent / "fixtures" / "schema_v1.sql"

# Released changes, in order. A released change is never renamed, removed or reordered.
RELEASED = ["0001_records", "0002_patient_search", "0003_final_is_final"]


def _v1_database(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    conn.executescript(FIXTURE.read_text(encoding="utf-8"))
    conn.close()
    return path


def test_released_changes_keep_their_names_and_order():
    assert migrations.CHANGES[: len(RELEASED)] == RELEASED
    assert len(migrations.CHANGES) == migrations.SCHEMA_VERSION


def test_migrating_from_empty_reaches_the_current_version(records_store: Store):
    report = records_store.check()
    assert report.ok, report.problems
    assert report.schema_version == report.expected_version == migrations.SCHEMA_VERSION
    tables = {
        r[0]
        for r in records_store._db.raw.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
        )
    }
    for table in (
        "patients", "consultations", "candidacy_answers", "risk_discussions",
        "alternatives_discussed", "questions", "teach_back", "annotations", "step_visits",
        "signatures", "documents", "settings", "consultation_settings", "amendments",
        "audit_log", "patients_fts",
    ):  # fmt: skip
        assert table in tables


def test_a_new_database_is_not_copied_aside(db_path: Path):
    Store.open(db_path).close()
    assert not list(db_path.parent.glob("*.before-v*"))


def test_first_schema_file_is_copied_aside_then_migrated_keeping_its_data(db_path: Path):
    _v1_database(db_path)
    original = sha256_of(db_path)
    with Store.open(db_path) as s:
        report = s.check()
        assert report.ok, report.problems
        assert report.schema_version == migrations.SCHEMA_VERSION
        zoe = s.get_patient(1)
        assert (zoe.family_name, zoe.given_names, zoe.mrn) == ("Lefèvre", "Zoë", "V1-0001")
        # the migration filled the search index for patients that existed before it
        assert [p.id for p in s.search_patients("lefevre")] == [1]
        assert [p.id for p in s.search_patients("παπαδοπ")] == [2]
        record = s.load_record(2)
        assert record.consultation.is_final
        assert record.consultation.levels == ("C5-C6", "C6-C7")
        assert record.risk_discussed("infection")
        assert record.answer("smoking") is True
        assert record.questions[0].question == "Θα πονέσω;"
        assert record.setting("driving_weeks") == 6
        # the final consultation is protected from now on, and can be amended
        with pytest.raises(sqlite3.IntegrityError, match="final"):
            s._db.raw.execute("UPDATE consultations SET levels = 'C3-C4' WHERE id = 2")
        s.amend(2, AmendTarget.RISK_DISCUSSED, True, key="haematoma", reason="r", author="Dr")
    copies = list(db_path.parent.glob("consultaid.before-v*-*.db"))
    assert len(copies) == 1
    assert copies[0].name.startswith(f"consultaid.before-v{migrations.SCHEMA_VERSION}-")
    conn = sqlite3.connect(copies[0])
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM patients").fetchone()[0] == 2
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    assert original != sha256_of(db_path)


def test_an_up_to_date_file_is_opened_without_a_copy(db_path: Path):
    _v1_database(db_path)
    Store.open(db_path).close()
    Store.open(db_path).close()
    assert len(list(db_path.parent.glob("*.before-v*"))) == 1


def test_a_failed_migration_leaves_the_file_at_its_old_version(db_path: Path, monkeypatch):
    _v1_database(db_path)

    def boom(db) -> None:
        raise RuntimeError("simulated failure in a migration")

    change = next(m for m in migrations.registry()._migrations if m.name == "0003_final_is_final")
    monkeypatch.setattr(change, "fn", boom)
    with pytest.raises(RuntimeError):
        Store.open(db_path)
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")] == [
            "0001_records"
        ]
        columns = [r[1] for r in conn.execute("PRAGMA table_info(patients)")]
        assert "search_text" not in columns
    finally:
        conn.close()


def test_check_reports_a_missing_protective_trigger(records_store: Store):
    records_store._db.raw.execute("DROP TRIGGER audit_log_no_delete")
    report = records_store.check()
    assert not report.ok
    assert any("audit_log_no_delete" in p for p in report.problems)


def test_the_migrations_table_name_is_sqlite_utils_own():
    from sqlite_utils import Migrations

    assert Migrations.migrations_table == migrations.MIGRATIONS_TABLE
