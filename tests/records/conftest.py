"""A fresh database per test, a clock that ticks predictably, and a patient with a draft."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from consultaid.records import Consultation, Patient, Store

NOW = datetime(2025, 6, 15, 9, 30, tzinfo=UTC)


class TickingClock:
    """Each reading is one millisecond after the last, so order by time is order of calls."""

    def __init__(self, start: datetime = NOW) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(milliseconds=1)
        return self.now


@pytest.fixture
def clock() -> TickingClock:
    return TickingClock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "consultaid.db"


@pytest.fixture
def records_store(db_path: Path, clock: TickingClock) -> Iterator[Store]:
    """A Store on a fresh file, acting as "Dr Test", on the ticking clock (tests/windows.py's
    `store` is a different one: the database behind a window)."""
    with Store.open(db_path, actor="Dr Test", clock=clock) as s:
        yield s


@pytest.fixture
def store(records_store: Store) -> Store:
    """The old name of `records_store`, kept only for tests/records/test_amendments.py until it
    is renamed there; delete this fixture then."""
    return records_store


@pytest.fixture
def patient(records_store: Store) -> Patient:
    return records_store.add_patient("MRN-0001", "Lefèvre", "Zoë", date(1968, 4, 12), "female")


@pytest.fixture
def draft(records_store: Store, patient: Patient) -> Consultation:
    return records_store.start_consultation(patient.id, "Dr Test", "C5-C6", "test-pack", "v-test")


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
