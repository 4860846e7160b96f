"""Every file the app writes is its owner's alone (0600 on POSIX, whatever the umask), and an
exported file's folder is synced after the rename, so its new name survives a power cut."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from consultaid import files, logs
from consultaid.records import Store
from tests.reliability.processes import consultaid

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A umask that would make every new file readable and writable by everyone."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_an_exported_file_is_private_and_its_folder_synced_after_the_rename(
    tmp_path: Path, monkeypatch, open_umask
):
    out = tmp_path / "export" / "consent-form.pdf"
    out.parent.mkdir()
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        info = os.fstat(fd)
        folder = out.parent.stat()
        is_folder = (info.st_dev, info.st_ino) == (folder.st_dev, folder.st_ino)
        events.append("sync folder" if is_folder else "sync file")
        real_fsync(fd)

    def replace(src, dst) -> None:
        events.append("rename")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    files.write_atomically(out, b"%PDF-1.4 consent")
    monkeypatch.undo()
    assert out.read_bytes() == b"%PDF-1.4 consent"
    assert mode(out) == 0o600
    assert events == ["sync file", "rename", "sync folder"]


def test_a_file_prepared_for_a_printer_is_private_and_keeps_what_it_held(
    tmp_path: Path, open_umask
):
    fresh = tmp_path / "printed.pdf"
    files.prepare_private(fresh)
    assert mode(fresh) == 0o600
    old = tmp_path / "old.pdf"
    old.write_bytes(b"earlier")
    old.chmod(0o644)
    files.prepare_private(old)
    assert mode(old) == 0o600
    files.prepare_private(tmp_path / "no-such-folder" / "x.pdf")  # the printer says so, not this


def test_the_log_and_every_rotated_log_are_private(tmp_path: Path, open_umask):
    path = logs.configure_logging(tmp_path / "logs")
    assert path is not None
    try:
        for n in range(logs.MAX_BYTES * (logs.BACKUPS + 1) // 40):
            logs.log.info("consultation %s saved %s", n, "x" * 20)
    finally:
        logs.close_logging()
    written = sorted((tmp_path / "logs").iterdir())
    assert [p.name for p in written] == [
        "consultaid.log",
        *(f"consultaid.log.{n}" for n in range(1, logs.BACKUPS + 1)),
    ]
    assert {p.name: mode(p) for p in written} == {p.name: 0o600 for p in written}


def test_the_command_line_writes_private_backups_and_documents(tmp_path: Path, open_umask):
    db = tmp_path / "clinic.db"
    with Store.open(db, actor="Dr Private") as store:
        store.add_patient("MRN-P1", "Ōta", "Yui", date(1980, 5, 6), "female")
    assert consultaid("backup", "--db", db, "--out", tmp_path / "copy.db").returncode == 0
    assert consultaid("demo", "--db", db).returncode == 0
    with Store.open(db) as store:
        cid = next(c.id for p in store.search_patients("") for c in store.list_consultations(p.id))
    done = consultaid("summary", str(cid), "--db", db, "--out", tmp_path / "form.pdf")
    assert done.returncode == 0, done.stderr
    for written in (db, tmp_path / "copy.db", tmp_path / "form.pdf"):
        assert mode(written) == 0o600, written
