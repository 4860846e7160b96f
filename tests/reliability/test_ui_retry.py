"""A full disk on screen: a clear message, the change stays on screen, and it is retried."""

import sqlite3
from datetime import date

import pytest


@pytest.fixture
def window(open_window, store):
    win = open_window(store)
    patient = store.add_patient(
        mrn="R-1",
        family_name="Okafor",
        given_names="Ada",
        date_of_birth=date(1966, 6, 6),
        sex="female",
    )
    win.start_consultation(patient.id)
    return win


def fill_the_disk(store) -> int:
    """Cap the file at its current size and use up its free pages, as a full disk would.

    Returns the old cap. The filler goes in a table of its own, so no record is touched.
    """
    conn = store._db._conn
    conn.execute("CREATE TABLE IF NOT EXISTS filler (data BLOB)")
    conn.commit()
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    old = conn.execute("PRAGMA max_page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    for size in (4096, 512, 64, 8, 1):
        while True:
            try:
                conn.execute("INSERT INTO filler VALUES (zeroblob(?))", (size,))
                conn.commit()
            except sqlite3.OperationalError:
                conn.rollback()
                break
    return old


def free_the_disk(store, cap: int) -> None:
    store._db._conn.execute(f"PRAGMA max_page_count = {cap}")


def test_a_full_disk_keeps_the_change_on_screen_and_retries_it(window, store):
    panel = window.discussion_panel
    panel.new_question.click()
    box = next(iter(panel.question_boxes.values()))
    cap = fill_the_disk(store)
    answer = "The answer given, at length. " * 700
    box.answer.setPlainText(answer)
    box.answer.flush()
    assert window.consultations.pending, "the long answer could not be written"
    assert window.pending_bar.isVisible()
    assert "full" in window.pending_bar.text().lower()
    window.walkthrough.go_to(1)
    row = next(iter(window.risk_panel.visible_rows().values()))
    row.check.click()
    assert row.check.isChecked(), "the tick stays on screen while it waits"
    assert box.answer.toPlainText() == answer
    assert len(window.consultations.pending) == 2
    saved = store.load_record(window.consultations.consultation_id)
    assert saved.questions[0].answer == "" and not saved.risk_discussed(row.risk.id)
    assert not window.controller.retry()
    free_the_disk(store, cap)
    assert window.controller.retry()
    assert not window.pending_bar.isVisible()
    record = store.load_record(window.consultations.consultation_id)
    assert record.questions[0].answer == answer
    assert record.risk_discussed(row.risk.id)
    assert store.check().ok


def test_nothing_saved_before_the_disk_filled_is_lost(window, store):
    window.candidacy_panel.checks["diabetes"].click()
    cap = fill_the_disk(store)
    window.discussion_panel.new_question.click()
    box = next(iter(window.discussion_panel.question_boxes.values()), None)
    if box is not None:
        box.answer.setPlainText("x" * 30_000)
        box.answer.flush()
    window.candidacy_panel.checks["smoking"].click()
    assert window.consultations.pending
    free_the_disk(store, cap)
    record = store.load_record(window.consultations.consultation_id)
    assert record.answer("diabetes") is True
    assert window.controller.retry()
    assert store.load_record(window.consultations.consultation_id).answer("smoking") is True
