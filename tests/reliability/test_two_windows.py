"""Two app windows (two processes) on one database: no "database is locked", no lost update, and
each sees the other's changes when it refreshes."""

from __future__ import annotations

import subprocess
import time
from datetime import date
from pathlib import Path

import pytest

from consultaid.records import Store
from tests.reliability import state
from tests.reliability.processes import ENV, REPO, editor_command, read_line

EDITS = 200
DEADLINE = 120  # seconds for both windows' edits; they take about one


def _shared_consultation(db: Path) -> tuple[int, int]:
    with Store.open(db) as store:
        patient = store.add_patient("MRN-2W", "Nguyễn", "Thị Lan", date(1958, 2, 1), "female")
        c = store.start_consultation(patient.id, "Dr Two", "C6-C7", "pack", "v1")
        q = store.add_question(c.id, "Asked before both windows opened", "")
        return c.id, q.id


def _window(db: Path, tag: str, seed: int, cid: int, qid: int, go: Path) -> subprocess.Popen:
    command = editor_command(
        "window", db, seed, tag, "--consultation", cid, "--question", qid, "--count", EDITS
    )
    command += ["--go", str(go)]
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO, env=ENV
    )


@pytest.mark.slow  # two child processes, 200 edits each
def test_two_windows_editing_one_consultation_lose_nothing(tmp_path: Path):
    db = tmp_path / "shared.db"
    cid, shared = _shared_consultation(db)
    go = tmp_path / "go"
    with Store.open(db) as mine:  # a third window, open all along, that only looks
        seen_before = mine.load_record(cid)
        windows = [_window(db, tag, seed, cid, shared, go) for tag, seed in (("A", 1), ("B", 2))]
        try:
            for w in windows:  # both opened and waiting: start their edits at the same moment
                assert read_line(w, "a window to open its Store").startswith("ready ")
            go.touch()
            refreshes = 0
            deadline = time.monotonic() + DEADLINE
            while any(w.poll() is None for w in windows):
                assert time.monotonic() < deadline, f"the windows ran longer than {DEADLINE} s"
                mine.load_record(cid)
                refreshes += 1
            outputs = [w.communicate(timeout=60) for w in windows]
        finally:
            for w in windows:
                w.kill()  # no-op for a window that finished
        for w, (_, err) in zip(windows, outputs, strict=True):
            assert w.returncode == 0, err
            assert "locked" not in err

        (a_first, a_last), (b_first, b_last) = (state.span_of(out) for out, _ in outputs)
        assert a_first < b_last and b_first < a_last, "the windows did not edit at the same time"

        wanted: state.State = {}
        shared_text: dict[str, str] = {}
        for out, _ in outputs:
            saved, pending = state.parse_report(out)
            assert pending is None and len(saved) > EDITS // 2
            for edit in saved:
                if edit["kind"].startswith("shared-"):
                    shared_text[edit["kind"]] = edit["value"]
                else:
                    wanted = state.apply(wanted, edit)

        record = mine.load_record(cid)  # the refresh: everything both windows saved
        observed = state.observe(mine, ["MRN-2W"])
        lost = {k: v for k, v in wanted.items() if observed.get(k) != v}
        assert not lost, list(lost)[:5]
        shared_now = next(q for q in record.questions if q.id == shared)
        assert shared_now.question == shared_text["shared-question"], "window A's text was lost"
        assert shared_now.answer == shared_text["shared-answer"], "window B's answer was lost"
        assert len(record.questions) > len(seen_before.questions)
        assert refreshes > 0
        assert mine.check().ok


def test_a_change_in_one_window_shows_in_the_other_after_a_refresh(tmp_path: Path):
    db = tmp_path / "shared.db"
    cid, _ = _shared_consultation(db)
    with Store.open(db) as first, Store.open(db) as second:
        assert not second.load_record(cid).risk_discussed("dysphagia")
        first.set_risk_discussed(cid, "dysphagia", True)
        first.set_answer(cid, "smoker", "quit 2019")
        refreshed = second.load_record(cid)
        assert refreshed.risk_discussed("dysphagia")
        assert refreshed.answer("smoker") == "quit 2019"
        second.set_risk_discussed(cid, "dysphagia", False)
        assert not first.load_record(cid).risk_discussed("dysphagia")
