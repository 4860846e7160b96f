"""Opening the file: pragmas, owner-only files, and damaged, foreign, newer or locked files refused
untouched with a sentence that says what to do."""

from __future__ import annotations

import os
import random
import sqlite3
import stat
import time
from datetime import date
from pathlib import Path

import pytest

from consultaid.errors import DatabaseError
from consultaid.records import Store, database, migrations
from tests.records.conftest import sha256_of


def _make_db(path: Path) -> None:
    with Store.open(path) as s:
        p = s.add_patient("MRN-1", "Doe", "Jane", date(1970, 1, 1), "female")
        for i in range(40):
            s.start_consultation(p.id, "Dr X", "C5-C6", "pack", f"v{i}")


def test_open_creates_folder_and_schema_with_the_pragmas(db_path: Path):
    with Store.open(db_path) as s:
        conn = s._db.raw
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    assert db_path.exists()
    assert not list(db_path.parent.glob(".*new*")), "temporary build file left behind"


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_database_and_its_wal_files_are_owner_only(db_path: Path):
    with Store.open(db_path) as s:
        s.add_patient("MRN-1", "Doe", "", date(1970, 1, 1), "male")
        for f in (db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
            assert stat.S_IMODE(f.stat().st_mode) == 0o600, f


def test_reopening_keeps_everything(db_path: Path):
    with Store.open(db_path) as s:
        p = s.add_patient("MRN-1", "Doe", "Jane", date(1970, 1, 1), "female")
    with Store.open(db_path) as s:
        assert s.get_patient(p.id) == p


def test_missing_file_without_create_is_a_clear_error(db_path: Path):
    with pytest.raises(DatabaseError, match="There is no database"):
        Store.open(db_path, create=False)
    assert not db_path.exists()


def _truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 100])


def _truncated_at_a_page(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: 4096 * 3])


def _random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(4).randbytes(64 * 1024))


def _text_file(path: Path) -> None:
    path.write_text("Name,MRN\nDoe,123\n" * 200, encoding="utf-8")


def _zero_length(path: Path) -> None:
    path.write_bytes(b"")


def _foreign_sqlite(path: Path) -> None:
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    "damage",
    [
        _truncated,
        _truncated_at_a_page,
        _random_bytes,
        _text_file,
        _zero_length,
        _foreign_sqlite,
    ],
)
def test_damaged_or_foreign_file_is_refused_and_left_byte_identical(db_path: Path, damage):
    _make_db(db_path)
    damage(db_path)
    before = sha256_of(db_path)
    with pytest.raises(DatabaseError) as caught:
        Store.open(db_path)
    message = str(caught.value)
    assert "damaged or is not a ConsultAid database" in message
    assert "restore it from a backup" in message
    assert str(db_path) in message
    assert sha256_of(db_path) == before
    assert [f.name for f in db_path.parent.iterdir()] == [db_path.name], "nothing made beside it"


@pytest.mark.parametrize("page", [1, 2, -5, -10])
def test_damage_inside_pages_is_refused_or_reported_by_check(db_path: Path, page: int):
    """A page overwritten mid-file may only show when read: open refuses it, or check() names it."""
    _make_db(db_path)
    data = bytearray(db_path.read_bytes())
    index = page % (len(data) // 4096)
    data[4096 * index : 4096 * (index + 1)] = random.Random(page).randbytes(4096)
    db_path.write_bytes(bytes(data))
    before = sha256_of(db_path)
    try:
        with Store.open(db_path) as s:
            report = s.check()
    except DatabaseError as exc:
        assert "damaged" in str(exc)
        assert sha256_of(db_path) == before
    else:
        assert not report.ok
        assert any("damaged" in p or "integrity" in p for p in report.problems)


def _mark_newer_by_migration(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
        (migrations.MIGRATION_SET, "9999_from_the_future", "2099-01-01"),
    )
    conn.commit()
    conn.close()


def _mark_newer_by_version(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("mark", [_mark_newer_by_migration, _mark_newer_by_version])
def test_newer_schema_is_refused_and_left_byte_identical(db_path: Path, mark):
    _make_db(db_path)
    mark(db_path)
    before = sha256_of(db_path)
    with pytest.raises(DatabaseError, match="newer version of ConsultAid"):
        Store.open(db_path)
    assert sha256_of(db_path) == before
    assert [f.name for f in db_path.parent.iterdir()] == [db_path.name], "nothing made beside it"


def test_locked_database_becomes_a_database_error(db_path: Path, monkeypatch):
    _make_db(db_path)
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 20)
    monkeypatch.setattr(database.Connection, "RETRIES", 2)
    with Store.open(db_path) as s:
        other = sqlite3.connect(db_path, isolation_level=None)
        try:
            other.execute("BEGIN EXCLUSIVE")
            with pytest.raises(DatabaseError, match="locked by another program"):
                s.add_patient("MRN-2", "Roe", "", date(1980, 1, 1), "male")
            other.execute("ROLLBACK")
        finally:
            other.close()
        assert s.add_patient("MRN-2", "Roe", "", date(1980, 1, 1), "male").mrn == "MRN-2"


def test_busy_is_retried_until_the_other_writer_finishes(db_path: Path, monkeypatch):
    """The first attempt gives up quickly; the retry succeeds once the other window commits."""
    _make_db(db_path)
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 20)
    with Store.open(db_path) as s:
        other = sqlite3.connect(db_path, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            real_sleep = database.time.sleep

            def release_then_sleep(seconds: float) -> None:
                if other.in_transaction:
                    other.execute("COMMIT")
                real_sleep(seconds)

            monkeypatch.setattr(database.time, "sleep", release_then_sleep)
            assert s.add_patient("MRN-2", "Roe", "", date(1980, 1, 1), "male").id
        finally:
            other.close()


def test_full_disk_becomes_a_database_error_and_loses_nothing_saved(records_store: Store, patient):
    conn = records_store._db.raw
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(DatabaseError, match="is full; free some space"):
        for _ in range(200):
            records_store.add_question(
                records_store.start_consultation(patient.id, "Dr", "C5-C6", "p", "v").id,
                "x" * 50_000,
            )
    conn.execute("PRAGMA max_page_count = 1073741823")
    assert records_store.get_patient(patient.id) == patient
    assert records_store.check().ok


def test_read_only_database_becomes_a_database_error(records_store: Store, patient):
    records_store._db.raw.execute("PRAGMA query_only = ON")
    with pytest.raises(DatabaseError, match="cannot be written"):
        records_store.update_patient(patient.id, family_name="Changed")
    records_store._db.raw.execute("PRAGMA query_only = OFF")
    assert records_store.get_patient(patient.id).family_name == "Lefèvre"


def test_a_bug_is_not_disguised_as_a_database_error(records_store: Store):
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        records_store._db.read(lambda conn: conn.execute("SELECT * FROM no_such_table").fetchall())


def test_half_built_databases_left_by_a_killed_process_are_removed(tmp_path):
    path = tmp_path / "records.db"
    old = tmp_path / ".records.db.new-123-abcd"
    fresh = tmp_path / ".records.db.new-456-ef01"
    for leftover in (old, fresh):
        leftover.write_bytes(b"half")
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    Store.open(path).close()
    assert not old.exists()
    assert fresh.exists(), "a build another window may be making now is left alone"
    assert database.remove_abandoned_builds(path) == []
