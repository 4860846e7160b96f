"""A full disk says so in a sentence, never SIGBUS.

SQLite maps the WAL index (-shm) into memory; on a filesystem with 1 KiB blocks part of it stays
unallocated, and writing there on a full disk killed `check`, `backup` and `summary` with a bus
error. The slow test runs them on a real, loop-mounted ext2 with 1 KiB blocks, filled to within a
few KiB (it needs root and loop devices, and is skipped where they are missing); the fast ones
make the disk look full through `os.statvfs`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from consultaid.records import Store
from consultaid.records import free_space as free_space_module
from consultaid.records.free_space import MIN_FREE_BYTES, DiskFullError
from tests.reliability.processes import consultaid, one_sentence_error

FULL = "the disk is full"


def make_database(path: Path) -> int:
    with Store.open(path, actor="Dr Full") as store:
        patient = store.add_patient("MRN-B1", "Okafor", "Ada", date(1970, 1, 2), "female")
        c = store.start_consultation(patient.id, "Dr Full", "C5-C6", "pack", "v1")
        store.add_question(c.id, "How long in a collar?", "Two weeks")
        return c.id


class Statvfs:
    """What os.statvfs says of a disk with `free` bytes left."""

    def __init__(self, free: int) -> None:
        self.f_bavail, self.f_frsize = free // 1024, 1024


@pytest.mark.parametrize("free", [0, 9 * 1024, MIN_FREE_BYTES - 1024])
def test_opening_on_a_nearly_full_disk_is_refused_in_a_sentence(tmp_path, monkeypatch, free):
    db = tmp_path / "c.db"
    make_database(db)
    before = db.read_bytes()
    monkeypatch.setattr(free_space_module.os, "statvfs", lambda _: Statvfs(free))
    with pytest.raises(DiskFullError, match=FULL):
        Store.open(db)
    with pytest.raises(DiskFullError, match=FULL):
        Store.open(tmp_path / "new.db")
    assert db.read_bytes() == before
    assert not (tmp_path / "new.db").exists()
    assert not Path(f"{db}-shm").exists()


def test_a_disk_with_room_opens(tmp_path, monkeypatch):
    monkeypatch.setattr(free_space_module.os, "statvfs", lambda _: Statvfs(MIN_FREE_BYTES))
    make_database(tmp_path / "c.db")


def test_a_backup_on_a_full_disk_can_still_be_restored(tmp_path, monkeypatch):
    """Only read (as an immutable file), a backup needs no room where it lies."""
    from consultaid.records.backups import restore_backup

    db, stick = tmp_path / "c.db", tmp_path / "full-stick"
    make_database(db)
    stick.mkdir()
    with Store.open(db) as store:
        store.backup(stick / "monday.db")
    real = os.statvfs
    monkeypatch.setattr(
        free_space_module.os,
        "statvfs",
        lambda p: Statvfs(0) if Path(p) == stick else real(p),
    )
    assert restore_backup(stick / "monday.db", db) is not None
    with pytest.raises(DiskFullError, match=FULL):
        Store.open(stick / "monday.db")


def test_sqlite_running_out_of_room_says_the_disk_is_full(tmp_path):
    with Store.open(tmp_path / "c.db", actor="Dr Full") as store:
        patient = store.add_patient("MRN-B2", "Okafor", "Ada", date(1970, 1, 2), "female")
        pages = store._db.raw.execute("PRAGMA page_count").fetchone()[0]
        store._db.raw.execute(f"PRAGMA max_page_count = {pages}")
        c = store.start_consultation(patient.id, "Dr Full", "C5-C6", "pack", "v1")
        with pytest.raises(Exception) as caught:
            for n in range(200):
                store.add_question(c.id, f"{n} " + "Ω" * 40_000, "")
    assert FULL in str(caught.value)


def _mount(image: Path, folder: Path) -> None:
    tools = [shutil.which(name) for name in ("mkfs.ext2", "mount", "umount")]
    if os.geteuid() != 0 or None in tools:
        pytest.skip("mounting a 1 KiB-block filesystem needs root, mkfs.ext2 and mount")
    with image.open("wb") as f:
        f.truncate(4 * 1024 * 1024)
    made = subprocess.run(
        ["mkfs.ext2", "-q", "-F", "-b", "1024", "-m", "0", str(image)], capture_output=True
    )
    folder.mkdir()
    if made.returncode != 0:
        pytest.skip(f"mkfs.ext2 failed: {made.stderr.decode(errors='replace').strip()}")
    mounted = subprocess.run(["mount", "-o", "loop", str(image), str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot loop-mount here: {mounted.stderr.decode(errors='replace').strip()}")


@pytest.fixture
def small_block_disk(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "disk"
    _mount(tmp_path / "disk.img", folder)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def fill_leaving(folder: Path, kib: int) -> None:
    """Fill the disk until at most `kib` KiB stay free (as statvfs counts them)."""
    with (folder / "filler").open("wb", buffering=0) as f:
        while (free := os.statvfs(folder).f_bavail) > kib:
            try:
                f.write(b"\0" * 1024 * max(1, (free - kib) // 2))  # halves: the file's own
            except OSError:  # index blocks take room too
                break


@pytest.mark.slow
@pytest.mark.parametrize("left_kib", [0, 2, 9, 11, 16, 64])
def test_check_backup_and_summary_on_a_full_1_kib_block_disk_say_so(
    small_block_disk: Path, tmp_path: Path, left_kib: int
):
    db = small_block_disk / "c.db"
    cid = make_database(db)
    fill_leaving(small_block_disk, left_kib)
    commands = {
        "check": ["check", "--db", db],
        "backup": ["backup", "--db", db, "--out", tmp_path / "copy.db"],
        "summary": ["summary", str(cid), "--db", db, "--out", tmp_path / "s.pdf"],
    }
    for name, args in commands.items():
        for leftover in (Path(f"{db}-shm"), Path(f"{db}-wal")):
            leftover.unlink(missing_ok=True)
        result = consultaid(*args)
        assert result.returncode != -7, f"{name} died of SIGBUS"
        assert FULL in one_sentence_error(result), (name, result.stderr)
