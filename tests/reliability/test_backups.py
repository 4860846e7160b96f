"""Backups: one a day, the last seven kept, owner-only; consistent while another window writes;
restoring checks the backup first and keeps the current file; a bad backup changes nothing."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import stat
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from consultaid.errors import DatabaseError
from consultaid.paths import data_dir, default_db_path
from consultaid.records import Store, backups
from consultaid.records.backups import auto_backup, backup_folder, list_backups, restore_backup
from tests.reliability import state
from tests.reliability.processes import (
    ENV,
    REPO,
    consultaid,
    editor_command,
    read_line,
    sha256,
    wait_until,
)
from tests.reliability.test_damaged_files import DAMAGED, NEWER

MORNING = datetime(2025, 6, 15, 8, 0)  # naive: local time, as the clinic's clock reads


def _clinic(path: Path, mrns: tuple[str, ...] = ("MRN-B1",)) -> Path:
    with Store.open(path) as store:
        for mrn in mrns:
            _add(store, mrn)
    return path


def _add(store: Store, mrn: str) -> None:
    p = store.add_patient(mrn, "Ferreira", "João", date(1966, 6, 6), "male")
    c = store.start_consultation(p.id, "Dr Backup", "C5-C6", "pack", "v1")
    store.add_question(c.id, f"Question of {mrn}", "Answer")


def _mrns(path: Path) -> set[str]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return {row[0] for row in conn.execute("SELECT mrn FROM patients")}
    finally:
        conn.close()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _listing(folder: Path) -> dict[str, str]:
    """Each file's hash; a -shm is only SQLite's index of the -wal, which every reader updates."""
    return {
        p.name: sha256(p) for p in folder.iterdir() if p.is_file() and not p.name.endswith("-shm")
    }


def test_the_default_database_keeps_its_backups_in_the_data_directory(monkeypatch):
    monkeypatch.delenv("CONSULTAID_DB", raising=False)
    assert backup_folder(default_db_path()) == data_dir() / "backups"


def test_at_most_one_backup_a_day_named_by_the_local_date(tmp_path: Path):
    db = _clinic(tmp_path / "clinic.db")
    folder = tmp_path / "backups"
    first = auto_backup(db, folder, now=MORNING)
    assert first == folder / "consultaid-2025-06-15.db"
    assert auto_backup(db, folder, now=MORNING.replace(hour=23, minute=59)) is None
    assert auto_backup(db, folder, now=MORNING + timedelta(days=1)) == (
        folder / "consultaid-2025-06-16.db"
    )
    assert [b.date for b in list_backups(folder)] == [date(2025, 6, 16), date(2025, 6, 15)]
    assert _mrns(first) == {"MRN-B1"}
    assert auto_backup(tmp_path / "no-such.db", folder, now=MORNING + timedelta(days=2)) is None


def test_the_last_seven_are_kept_and_nothing_else_in_the_folder_is_touched(tmp_path: Path):
    db = _clinic(tmp_path / "clinic.db")
    folder = tmp_path / "backups"
    folder.mkdir()
    strangers = {
        "my-own-copy.db": b"x",
        "consultaid-2025-13-45.db": b"not a date",
        "consultaid-2020-01-01.db.txt": b"not a backup name",
    }
    for name, data in strangers.items():
        (folder / name).write_bytes(data)
    for day in range(10):
        assert auto_backup(db, folder, now=MORNING + timedelta(days=day)) is not None
    kept = list_backups(folder)
    assert [b.date for b in kept] == [
        date(2025, 6, 15) + timedelta(days=d) for d in range(9, 2, -1)
    ]
    assert all(b.size == b.path.stat().st_size > 0 for b in kept)
    for name, data in strangers.items():
        assert (folder / name).read_bytes() == data
    assert auto_backup(db, folder, now=MORNING + timedelta(days=10), keep=3) is not None
    assert len(list_backups(folder)) == 3
    with pytest.raises(ValueError):
        auto_backup(db, folder, now=MORNING + timedelta(days=11), keep=0)


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_backups_and_the_copy_kept_on_restore_are_owner_only(tmp_path: Path):
    db = _clinic(tmp_path / "clinic.db")
    folder = tmp_path / "backups"
    made = auto_backup(db, folder, now=MORNING)
    assert made is not None and _mode(made) == 0o600
    assert _mode(folder) == 0o700
    kept = restore_backup(made, db)
    assert kept is not None and _mode(kept) == 0o600 and _mode(db) == 0o600
    out = tmp_path / "manual.db"
    assert consultaid("backup", "--db", db, "--out", out).returncode == 0
    assert _mode(out) == 0o600


def test_a_backup_of_a_damaged_database_is_refused_and_the_old_ones_kept(tmp_path: Path):
    db = _clinic(tmp_path / "clinic.db", tuple(f"MRN-{i}" for i in range(40)))
    folder = tmp_path / "backups"
    for day in range(7):
        auto_backup(db, folder, now=MORNING + timedelta(days=day))
    before = _listing(folder)
    data = bytearray(db.read_bytes())
    data[4096 * 3 : 4096 * 6] = random.Random(3).randbytes(
        4096 * 3
    )  # a bad sector, unseen until read
    db.write_bytes(bytes(data))
    with pytest.raises(DatabaseError, match=r"damaged.*earlier ones were kept"):
        auto_backup(db, folder, now=MORNING + timedelta(days=7))
    assert _listing(folder) == before


def test_restore_keeps_the_current_file_and_brings_back_the_backup(tmp_path: Path):
    db = _clinic(tmp_path / "clinic.db", ("MRN-OLD",))
    made = auto_backup(db, tmp_path / "backups", now=MORNING)
    assert made is not None
    backup_digest = sha256(made)
    with Store.open(db) as store:
        _add(store, "MRN-SINCE")  # typed after the backup: must not be lost by the restore
    kept = restore_backup(made, db, now=datetime(2025, 6, 16, 7, 30, 5, tzinfo=backups.UTC))
    assert kept == tmp_path / "clinic.before-restore-20250616T073005Z.db"
    assert _mrns(kept) == {"MRN-OLD", "MRN-SINCE"}
    assert _mrns(db) == {"MRN-OLD"}
    assert sha256(made) == backup_digest, "the backup itself was changed"
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [
        "clinic.before-restore-20250616T073005Z.db",
        "clinic.db",
    ]
    with Store.open(db) as store:
        assert store.check().ok
        assert store.load_record(store.list_consultations(store.patient_by_mrn("MRN-OLD").id)[0].id)
    assert restore_backup(made, db, now=datetime(2025, 6, 16, 7, 30, 5, tzinfo=backups.UTC)) == (
        tmp_path / "clinic.before-restore-20250616T073005Z-2.db"
    ), "a second restore in the same second must not overwrite the first kept copy"


@pytest.mark.parametrize("kind", sorted({**DAMAGED, **NEWER}))
def test_restore_refuses_a_damaged_or_newer_backup_and_touches_nothing(tmp_path: Path, kind):
    db = _clinic(tmp_path / "live" / "clinic.db", ("MRN-LIVE",))
    bad = _clinic(tmp_path / "elsewhere" / "consultaid-2025-06-01.db", ("MRN-BACKUP",))
    {**DAMAGED, **NEWER}[kind](bad)
    before = _listing(db.parent), _listing(bad.parent)
    with pytest.raises(DatabaseError) as caught:
        restore_backup(bad, db)
    message = str(caught.value)
    assert str(bad) in message and message.count(". ") == 0
    assert ("update ConsultAid" if kind in NEWER else "choose another backup") in message
    assert (_listing(db.parent), _listing(bad.parent)) == before


def test_restore_refuses_a_backup_that_check_would_call_unsound(tmp_path: Path):
    """SQLite finds nothing wrong, but a trigger that keeps final records final is missing."""
    db = _clinic(tmp_path / "clinic.db")
    bad = _clinic(tmp_path / "elsewhere" / "tampered.db", ("MRN-T",))
    conn = sqlite3.connect(bad)
    conn.execute("DROP TRIGGER consultation_final_update")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    before = _listing(db.parent)
    with pytest.raises(DatabaseError, match="consultation_final_update"):
        restore_backup(bad, db)
    assert _listing(db.parent) == before


def test_restore_refuses_while_a_store_or_another_window_has_the_file_open(tmp_path: Path):
    db = _clinic(tmp_path / "clinic.db")
    made = auto_backup(db, tmp_path / "backups", now=MORNING)
    assert made is not None
    with Store.open(db) as store:
        _add(store, "MRN-OPEN")
        before = _listing(tmp_path)
        with pytest.raises(DatabaseError, match="open in another ConsultAid window"):
            restore_backup(made, db)
        assert _listing(tmp_path) == before
        _add(store, "MRN-STILL-WORKS")
    window = subprocess.Popen(
        [sys.executable, "-c", f"from consultaid.records import Store; s = Store.open({str(db)!r});"
         " s.get_setting('x'); print('open', flush=True); import time; time.sleep(30)"],
        stdout=subprocess.PIPE, text=True, cwd=REPO, env=ENV,
    )  # fmt: skip
    try:
        assert read_line(window, "the other window to open the file") == "open\n"
        with pytest.raises(DatabaseError, match="open in another ConsultAid window"):
            restore_backup(made, db)
    finally:
        window.kill()
        window.communicate(timeout=30)
    assert {"MRN-OPEN", "MRN-STILL-WORKS"} <= _mrns_via_store(db)


def _mrns_via_store(db: Path) -> set[str]:
    with Store.open(db) as store:
        return {p.mrn for p in store.search_patients("", limit=1000)}


def test_restore_over_a_damaged_file_keeps_it_byte_for_byte(tmp_path: Path):
    db = _clinic(tmp_path / "clinic.db", ("MRN-GOOD",))
    made = auto_backup(db, tmp_path / "backups", now=MORNING)
    assert made is not None
    DAMAGED["random bytes"](db)
    damaged_digest = sha256(db)
    kept = restore_backup(made, db)
    assert kept is not None and sha256(kept) == damaged_digest
    assert _mrns(db) == {"MRN-GOOD"}
    with Store.open(db) as store:
        assert store.check().ok


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_restore_after_a_crash_keeps_the_unmerged_edits_and_no_stale_wal(tmp_path: Path):
    """A killed window leaves its last edits in the -wal: the kept copy must have them, and the
    restored file must not have that -wal replayed into it."""
    db = _clinic(tmp_path / "clinic.db", ("MRN-BEFORE",))
    made = auto_backup(db, tmp_path / "backups", now=MORNING)
    assert made is not None
    out = tmp_path / "editor.out"
    with out.open("wb") as stdout:
        child = subprocess.Popen(
            editor_command("crash", db, 7, "K"), stdout=stdout, cwd=REPO, env=ENV
        )
        try:
            wait_until(lambda: out.stat().st_size >= 20_000, "20 KB of edits", child=child)
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
    assert Path(f"{db}-wal").stat().st_size > 0
    saved, pending = state.parse_report(out.read_text(encoding="ascii"))
    kept = restore_backup(made, db)
    assert kept is not None
    with Store.open(kept) as store:
        observed = state.observe(store, state.mrns_of(saved + ([pending] if pending else [])))
    before = state.expected(saved)
    assert observed in (before, state.with_pending(before, pending, observed))
    assert _mrns(db) == {"MRN-BEFORE"}
    assert not Path(f"{db}-wal").exists() and not Path(f"{db}-shm").exists()
    assert consultaid("check", "--db", db).returncode == 0


@pytest.mark.slow  # eight backups while a child process writes
def test_backups_taken_while_another_window_writes_are_consistent(tmp_path: Path):
    db = _clinic(tmp_path / "clinic.db")
    with Store.open(db) as store:
        patient = store.patient_by_mrn("MRN-B1")
        assert patient is not None
        cid = store.list_consultations(patient.id)[0].id
        qid = store.load_record(cid).questions[0].id
    report = tmp_path / "writer.out"
    with report.open("wb") as stdout:
        writer = subprocess.Popen(
            editor_command("window", db, 3, "A", "--consultation", cid, "--question", qid,
                           "--count", 100_000),
            stdout=stdout, stderr=subprocess.PIPE, text=True, cwd=REPO, env=ENV,
        )  # fmt: skip
    copies: list[Path] = []
    try:
        wait_until(  # it is writing
            lambda: report.read_text(encoding="ascii").count("\nsaved ") >= 20,
            "the writer's first 20 edits",
            child=writer,
        )
        for i in range(4):
            out = tmp_path / f"manual-{i}.db"
            made = consultaid("backup", "--db", db, "--out", out)
            assert made.returncode == 0, made.stderr
            copies.append(out)
            daily = auto_backup(db, tmp_path / "daily", now=MORNING + timedelta(days=i))
            assert daily is not None
            copies.append(daily)
        assert writer.poll() is None, "the writer stopped before the backups were taken"
    finally:
        writer.send_signal(signal.SIGTERM)
        _, err = writer.communicate(timeout=30)
    assert "locked" not in err
    counts = []
    for copy in copies:
        assert consultaid("check", "--db", copy).returncode == 0
        conn = sqlite3.connect(copy)
        try:
            questions = conn.execute("SELECT count(*) FROM questions").fetchone()[0]
            asked = conn.execute(
                "SELECT count(*) FROM audit_log WHERE action = 'add_question'"
            ).fetchone()[0]
        finally:
            conn.close()
        assert questions == asked, "a backup caught half a transaction"
        counts.append(questions)
    assert counts[-1] > counts[0], "the backups did not see the writer's progress"


def test_a_backup_from_an_older_version_is_restored_and_then_migrated(tmp_path: Path):
    db = _clinic(tmp_path / "clinic.db", ("MRN-NOW",))
    old = tmp_path / "elsewhere" / "from-version-1.db"
    old.parent.mkdir()
    conn = sqlite3.connect(old)
    conn.executescript((REPO / "tests/records/fixtures/schema_v1.sql").read_text("utf-8"))
    conn.close()
    digest = sha256(old)
    kept = restore_backup(old, db)
    assert kept is not None and _mrns(kept) == {"MRN-NOW"}
    assert sha256(old) == digest
    with Store.open(db) as store:  # migrated on opening, after its own copy aside
        assert store.check().ok
        assert store.patient_by_mrn("V1-0001") is not None
