"""Two windows on one draft: neither erases what the other saved (tamper evidence, item 6)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from consultaid.changes import Part, Status
from consultaid.consultation import Consultations
from consultaid.content import load_procedure
from consultaid.content.model import Procedure
from consultaid.errors import STALE_MESSAGE
from consultaid.records import Store
from consultaid.strokes import Stroke

STEP = "decompression"


def stroke(x: float) -> Stroke:
    return Stroke(colour="red", points=((x, 10.0), (x + 5.0, 20.0)))


@pytest.fixture(scope="module")
def bundled() -> Procedure:
    return load_procedure()


@pytest.fixture
def windows(tmp_path: Path, bundled: Procedure) -> Iterator[tuple[Consultations, Consultations]]:
    """Two windows (two Stores on one file, as two processes have), on the same draft."""
    path = tmp_path / "records.db"
    with Store.open(path) as one_store, Store.open(path) as two_store:
        one = Consultations(one_store, bundled, surgeon="Dr One")
        patient = one.add_patient(
            mrn="TW-1", family_name="Ng", given_names="Mai", date_of_birth=date(1960, 5, 6),
            sex="female",
        )  # fmt: skip
        assert one.start(patient.id).done
        two = Consultations(two_store, bundled, surgeon="Dr Two")
        assert two.open(one.consultation_id).done
        yield one, two


def test_a_stale_teach_back_is_refused_and_the_latest_is_shown(windows):
    one, two = windows
    assert one.set_teach_back("partly", "Could not say what the graft is.").done
    outcome = two.set_teach_back("yes")  # two still shows no teach-back at all
    assert outcome.status is Status.REFUSED and outcome.message == STALE_MESSAGE
    assert Part.TEACH_BACK in outcome.changes.parts
    assert two.record.teach_back.note == "Could not say what the graft is."
    stored = two.store.load_record(two.consultation_id).teach_back
    assert (stored.result, stored.note) == ("partly", "Could not say what the graft is.")
    # Now up to date, the same change is saved and keeps the other window's note.
    assert two.set_teach_back("yes").done
    assert one.store.load_record(one.consultation_id).teach_back.note.startswith("Could not")


def test_strokes_drawn_in_both_windows_are_all_kept(windows):
    one, two = windows
    assert one.add_stroke(STEP, stroke(1)).done
    assert two.add_stroke(STEP, stroke(2)).done  # two never saw one's stroke
    stored = one.store.load_record(one.consultation_id).annotations[0].strokes
    assert stored == (stroke(1), stroke(2))
    assert two.drawings.strokes(STEP) == (stroke(1), stroke(2))
    # Undo in two takes back two's own stroke, not one's.
    assert two.undo_stroke(STEP).done
    assert one.store.load_record(one.consultation_id).annotations[0].strokes == (stroke(1),)


def test_a_stale_clear_does_not_erase_the_other_windows_drawing(windows):
    one, two = windows
    assert two.add_stroke(STEP, stroke(2)).done
    assert one.add_stroke(STEP, stroke(1)).done  # one now shows both
    assert two.add_stroke(STEP, stroke(3)).done  # one has not seen stroke 3
    outcome = one.clear_drawing(STEP)
    assert outcome.status is Status.REFUSED and outcome.message == STALE_MESSAGE
    stored = one.store.load_record(one.consultation_id).annotations[0].strokes
    assert stored == (stroke(2), stroke(1), stroke(3))
    assert one.drawings.strokes(STEP) == stored
