"""A demo database with its final consultation sealed, as the FHIR tests export it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from consultaid.cli import main
from consultaid.content import load_procedure
from consultaid.content.model import Procedure
from consultaid.records import Store


@pytest.fixture(scope="module")
def bundled() -> Procedure:
    return load_procedure()


def final_id(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT id FROM consultations WHERE status = 'final'").fetchone()[0]
    finally:
        conn.close()


def draft_id(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT id FROM consultations WHERE status = 'draft'").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    """The demo's records, with the final consultation's documents sealed (by printing them)."""
    db = tmp_path / "data" / "consultaid.db"
    assert main(["demo", "--db", str(db)]) == 0
    assert (
        main(["summary", str(final_id(db)), "--db", str(db), "--out", str(tmp_path / "f.pdf")]) == 0
    )
    return db


@pytest.fixture
def demo_store(demo_db: Path) -> Iterator[Store]:
    with Store.open(demo_db) as store:
        yield store
