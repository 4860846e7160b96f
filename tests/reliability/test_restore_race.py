"""Restoring loses nothing: a save another window reports as done is in the restored file or in
the copy kept before the restore, however the two race; a symlinked database is restored onto
its target and stays a link."""

from __future__ import annotations

import contextlib
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from consultaid.errors import DatabaseError
from consultaid.records import Store, database
from consultaid.records.backups import restore_backup
from tests.reliability.processes import ENV, REPO, read_line, wait_until

RESTORES = 50
# A window that opens the database, saves one patient and closes it, over and over; each save is
# reported only after the Store said it was saved.
SAVER = """
import sys
from datetime import date
from pathlib import Path
from consultaid.errors import ConsultAidError
from consultaid.records import Store

db, stop = Path(sys.argv[1]), Path(sys.argv[2])
n = 0
while not stop.exists():
    n += 1
    try:
        with Store.open(db, create=False, actor="Dr Race") as store:
            store.add_patient(f"SAVE-{n}", "Saver", "Sam", date(1970, 1, 1), "other")
    except ConsultAidError:
        continue
    print(f"SAVE-{n}", flush=True)
"""


def mrns(path: Path) -> set[str]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return {row[0] for row in conn.execute("SELECT mrn FROM patients")}
    finally:
        conn.close()


def add(db: Path, mrn: str) -> None:
    with Store.open(db, actor="Dr Race") as store:
        store.add_patient(mrn, "Base", "Bea", date(1960, 2, 3), "female")


@pytest.mark.slow
def test_every_acknowledged_save_survives_50_restores(tmp_path: Path):
    db = tmp_path / "clinic.db"
    add(db, "BASE")
    backup = tmp_path / "monday.db"
    with Store.open(db) as store:
        store.backup(backup)
    stop = tmp_path / "stop"
    with subprocess.Popen(
        [sys.executable, "-c", SAVER, str(db), str(stop)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
        cwd=REPO,
    ) as child:
        acknowledged, errors = race(child, backup, db, stop)
    saved = {line.strip() for line in acknowledged}
    kept = sorted(tmp_path.glob("clinic.before-restore-*.db"))
    assert child.returncode == 0, errors
    assert len(kept) == RESTORES
    found = mrns(db).union(*(mrns(k) for k in kept))
    assert len(saved) > RESTORES
    assert saved - found == set(), "saves reported as done but in neither file"
    assert not Path(f"{db}-journal").exists()


def grown(items: list[str], count: int) -> Callable[[], bool]:
    return lambda: len(items) > count


def race(child: subprocess.Popen[str], backup: Path, db: Path, stop: Path) -> tuple[list, str]:
    """Restore `backup` over `db` RESTORES times while the child saves; what it acknowledged."""
    acknowledged: list[str] = []
    assert child.stdout is not None and child.stderr is not None
    reader = threading.Thread(target=lambda: acknowledged.extend(child.stdout), daemon=True)
    reader.start()
    refusals = 0
    try:
        wait_until(lambda: acknowledged, "the first save", child=child)
        restored = 0
        while restored < RESTORES:
            try:
                restore_backup(backup, db)
            except DatabaseError as exc:
                assert "another" in str(exc), str(exc)  # the window has the file open
                refusals += 1
                assert refusals < 20_000, "the restore never found the file free"
                time.sleep(0.002)
                continue
            restored += 1
            count = len(acknowledged)
            wait_until(grown(acknowledged, count), "a save after the restore", child=child)
    finally:
        stop.touch()
        try:
            child.wait(timeout=60)
        finally:
            child.kill()
    reader.join(timeout=10)
    return acknowledged, child.stderr.read()


# A window caught opening the database as the restore starts: its connection is open (the
# Store's first read has not happened yet) when told to save.
OPENING_WINDOW = """
import sqlite3, sys
from datetime import date
from pathlib import Path
from consultaid.records import Store, database

path = Path(sys.argv[1])
conn = sqlite3.connect(f"{path.as_uri()}?mode=rw", uri=True, isolation_level=None)
conn.execute("PRAGMA busy_timeout = 5000")  # reads nothing: no lock, no WAL index yet
conn.row_factory = sqlite3.Row
store = Store(database.Connection(conn, path), actor="Dr Race")
print("ready", flush=True)
sys.stdin.readline()
store.add_patient("DURING", "Saver", "Sam", date(1970, 1, 1), "other")
store.close()
print("saved", flush=True)
"""


def test_a_window_opening_during_the_restore_saves_into_the_restored_file(
    tmp_path: Path, monkeypatch
):
    """The window saves just after the current file was copied aside: it waits for the restore
    and its save is in the restored file. (It was lost, in neither file, when the lock was let go
    before the backup was renamed over the file the window had open.)"""
    db = tmp_path / "clinic.db"
    add(db, "BASE")
    backup = tmp_path / "monday.db"
    with Store.open(db) as store:
        store.backup(backup)
    real_backup_to = database.backup_to
    with subprocess.Popen(
        [sys.executable, "-c", OPENING_WINDOW, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
        cwd=REPO,
    ) as child:
        assert child.stdin is not None
        assert read_line(child, "the window to open the file") == "ready\n"

        def keep_then_let_the_window_save(conn: sqlite3.Connection, out: Path) -> None:
            real_backup_to(conn, out)
            if ".before-restore-" in out.name:
                child.stdin.write("go\n")
                child.stdin.flush()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    child.wait(timeout=2)  # it saves now, or waits for the restore's lock

        monkeypatch.setattr(database, "backup_to", keep_then_let_the_window_save)
        kept = restore_backup(backup, db)
        monkeypatch.undo()
        out, err = child.communicate(timeout=60)
    assert (child.returncode, out) == (0, "saved\n"), err
    assert kept is not None and mrns(kept) == {"BASE"}
    assert mrns(db) == {"BASE", "DURING"}


OPEN_WINDOW = """
import sys
from datetime import date
from consultaid.records import Store

store = Store.open(sys.argv[1], create=False, actor="Dr Race")
print("ready", flush=True)
sys.stdin.readline()
store.add_patient("DURING", "Saver", "Sam", date(1970, 1, 1), "other")
store.close()
print("saved", flush=True)
"""


def test_a_window_with_the_file_open_keeps_its_save(tmp_path: Path, monkeypatch):
    """A window has the file open (idle) when the restore starts and saves as the current file is
    copied aside: the restore refuses, or the save is in the kept copy or the restored file.
    (It was lost when the copy was taken before the lock proved nobody else had the file.)"""
    db = tmp_path / "clinic.db"
    add(db, "BASE")
    backup = tmp_path / "monday.db"
    with Store.open(db) as store:
        store.backup(backup)
    real_backup_to = database.backup_to
    with subprocess.Popen(
        [sys.executable, "-c", OPEN_WINDOW, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
        cwd=REPO,
    ) as child:
        assert child.stdin is not None
        assert read_line(child, "the window to open the file") == "ready\n"

        def let_the_window_save() -> None:
            child.stdin.write("go\n")
            child.stdin.flush()
            assert read_line(child, "the window's save") == "saved\n"

        def keep_then_let_the_window_save(conn: sqlite3.Connection, out: Path) -> None:
            real_backup_to(conn, out)
            if ".before-restore-" in out.name:
                let_the_window_save()

        monkeypatch.setattr(database, "backup_to", keep_then_let_the_window_save)
        try:
            kept = restore_backup(backup, db)
        except DatabaseError as exc:
            assert "open in another ConsultAid window" in str(exc)
            kept = None
            let_the_window_save()
        monkeypatch.undo()
        child.communicate(timeout=60)
    found = mrns(db) | (mrns(kept) if kept else set())
    assert "DURING" in found


def test_restore_through_a_symlink_writes_the_target_and_keeps_the_link(tmp_path: Path):
    vault = tmp_path / "encrypted-volume"
    vault.mkdir()
    target = vault / "clinic.db"
    add(target, "BEFORE")
    link = tmp_path / "clinic.db"
    link.symlink_to(target)
    backup = tmp_path / "monday.db"
    with Store.open(link) as store:
        store.backup(backup)
    add(link, "AFTER")
    kept = restore_backup(backup, link)
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert mrns(target) == {"BEFORE"}
    assert kept is not None and kept.parent == vault
    assert mrns(kept) == {"BEFORE", "AFTER"}
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("clinic")) == [
        "clinic.db"
    ]
    add(link, "LATER")
    assert mrns(target) == {"BEFORE", "LATER"}
