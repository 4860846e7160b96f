"""A demo database with its final consultation sealed, as the FHIR tests export it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from consultaid.cli import main
from consultaid.content import load_procedure
from consultaid.content.model import Procedure
from consultaid.records import Store
from tests.demo_ids import final_id


@pytest.fixture(scope="module")
def bundled() -> Procedure:
    return load_procedure()


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
