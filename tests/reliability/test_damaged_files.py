"""Damaged, foreign and newer files: the app and every command say what is wrong and what to do,
and leave the file exactly as it was, with nothing made beside it."""

from __future__ import annotations

import gzip
import os
import random
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from consultaid.errors import DatabaseError
from consultaid.records import Store, migrations
from tests.reliability.processes import consultaid, one_sentence_error, sha256

PAGE = 4096


def _real_database(path: Path) -> None:
    """A closed, checkpointed file with some records, as a copy or a sync tool would find it."""
    with Store.open(path) as store:
        patient = store.add_patient("MRN-7", "Ōkubo", "Haruki", date(1961, 3, 9), "male")
        for i in range(30):
            c = store.start_consultation(patient.id, "Dr Ray", "C5-C6", "pack", f"v{i}")
            store.add_question(c.id, f"Will I be able to swallow? ({i})" * 20)


def _cut_in_half(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 123])


def _cut_at_a_page(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: PAGE * (len(data) // PAGE // 2)])


def _random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(1).randbytes(96 * 1024))


def _header_then_random_pages(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[:100] + random.Random(2).randbytes(len(data) - 100))


def _first_page_zeroed(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(bytes(PAGE) + data[PAGE:])


def _text_file(path: Path) -> None:
    path.write_text("family,given,mrn\nDoe,Jane,123\n" * 500, encoding="utf-8")


def _zero_length(path: Path) -> None:
    path.write_bytes(b"")


def _gzipped(path: Path) -> None:
    path.write_bytes(gzip.compress(path.read_bytes(), mtime=0))


def _another_programs_sqlite(path: Path) -> None:
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.execute("INSERT INTO invoices (total) VALUES (12.5)")
    conn.commit()
    conn.close()


def _newer_by_version(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()


def _newer_by_migration(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute(
        f"INSERT INTO {migrations.MIGRATIONS_TABLE} (migration_set, name, applied_at)"
        " VALUES (?, ?, ?)",
        (migrations.MIGRATION_SET, "9999_from_the_future", "2099-01-01T00:00:00"),
    )
    conn.commit()
    conn.close()


DAMAGED: dict[str, Callable[[Path], None]] = {
    "cut in half": _cut_in_half,
    "cut at a page boundary": _cut_at_a_page,
    "random bytes": _random_bytes,
    "SQLite header, random pages": _header_then_random_pages,
    "first page zeroed": _first_page_zeroed,
    "text file": _text_file,
    "zero-length": _zero_length,
    "gzip of a real database": _gzipped,
    "another program's SQLite file": _another_programs_sqlite,
}
NEWER: dict[str, Callable[[Path], None]] = {
    "newer user_version": _newer_by_version,
    "newer migration name": _newer_by_migration,
}
KINDS = {**DAMAGED, **NEWER}


def _says_what_to_do(kind: str, message: str, path: Path) -> None:
    assert str(path) in message
    if kind in NEWER:
        assert "newer version of ConsultAid" in message and "update ConsultAid" in message
    else:
        assert "damaged or is not a ConsultAid database" in message
        assert "restore it from a backup" in message


@pytest.fixture(params=sorted(KINDS))
def damaged(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, Path]:
    path = tmp_path / "records" / "consultaid.db"
    _real_database(path)
    KINDS[request.param](path)
    return request.param, path


def _untouched(path: Path, digest: str) -> None:
    assert sha256(path) == digest
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name], "something made beside it"


def test_the_store_refuses_it_with_a_sentence_and_leaves_it_as_it_was(damaged):
    kind, path = damaged
    digest = sha256(path)
    with pytest.raises(DatabaseError) as caught:
        Store.open(path)
    _says_what_to_do(kind, str(caught.value), path)
    _untouched(path, digest)


def test_every_command_exits_1_with_one_sentence_and_leaves_it_as_it_was(damaged, tmp_path):
    kind, path = damaged
    digest = sha256(path)
    out = tmp_path / "elsewhere" / "copy.db"
    out.parent.mkdir()
    for command in (["check"], ["backup", "--out", out], ["demo"]):
        message = one_sentence_error(consultaid(*command, "--db", path))
        _says_what_to_do(kind, message, path)
        _untouched(path, digest)
    assert not any(out.parent.iterdir()), "a backup of a refused file was written"


def test_the_app_shows_one_error_and_does_not_start(damaged):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from consultaid.ui.app import open_store

    class Prompts:
        def __init__(self) -> None:
            self.errors: list[tuple[str, str]] = []

        def error(self, title: str, message: str) -> None:
            self.errors.append((title, message))

    kind, path = damaged
    digest = sha256(path)
    prompts = Prompts()
    assert open_store(path, prompts) is None  # type: ignore[arg-type]
    assert len(prompts.errors) == 1
    _says_what_to_do(kind, prompts.errors[0][1], path)
    _untouched(path, digest)
