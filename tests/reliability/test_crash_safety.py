"""A power cut's nearest cousin: the app killed with SIGKILL mid-edit, again and again.

One database collects every trial's records, as a clinic's file would. After each kill,
`consultaid check` must pass and the database must hold exactly what the editor reported as saved,
give or take the one edit that was in flight (saved whole, or not at all).

SIGKILL leaves the operating system's cache intact, so this proves the transactions and the
reporting order, not the disk's flushing (that rests on `synchronous = FULL`).
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from consultaid.records import Store
from tests.reliability import state
from tests.reliability.processes import ENV, REPO, consultaid, editor_command

pytestmark = pytest.mark.slow  # tens of child processes, each killed: 25 s in all

TRIALS = 60
SEED = 20250615


def _kill_after(command: list[str], out: Path, delay: float, *, once_editing: bool) -> None:
    """Start the editor and SIGKILL it `delay` seconds later: after its first report if
    `once_editing` (so a slow machine still kills mid-edit), else counted from its start."""
    with out.open("wb") as stdout, out.with_suffix(".err").open("wb") as stderr:
        child = subprocess.Popen(command, stdout=stdout, stderr=stderr, cwd=REPO, env=ENV)
        try:
            deadline = time.monotonic() + 30
            while once_editing and not out.stat().st_size and child.poll() is None:
                assert time.monotonic() < deadline, "the editor never started editing"
                time.sleep(0.002)
            time.sleep(delay)
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL, out.with_suffix(".err").read_text()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_edits_reported_as_saved_survive_sigkill_at_random_moments(tmp_path: Path):
    rng = random.Random(SEED)
    db = tmp_path / "clinic.db"
    Store.open(db).close()
    verified: list[tuple[set[str], state.State]] = []
    reported = in_flight = in_flight_saved = 0
    for trial in range(TRIALS):
        out = tmp_path / f"trial-{trial}.out"
        command = editor_command("crash", db, rng.randrange(2**32), f"T{trial}")
        if rng.random() < 0.2:  # while starting: importing, opening, recovering the WAL
            _kill_after(command, out, rng.uniform(0.0, 0.15), once_editing=False)
        else:
            _kill_after(command, out, rng.uniform(0.0, 0.25), once_editing=True)

        checked = consultaid("check", "--db", db)
        assert checked.returncode == 0, (trial, checked.stdout, checked.stderr)

        saved, pending = state.parse_report(out.read_text(encoding="ascii"))
        mrns = state.mrns_of(saved + ([pending] if pending else []))
        with Store.open(db, create=False) as store:
            observed = state.observe(store, mrns)
        before = state.expected(saved)
        after = state.with_pending(before, pending, observed)
        assert observed in (before, after), (trial, state.difference(observed, before))
        verified.append((mrns, observed))
        reported += len(saved)
        in_flight += pending is not None
        in_flight_saved += observed == after and after != before

    with Store.open(db, create=False) as store:
        assert store.check().ok
        for trial, (mrns, observed) in enumerate(verified):
            assert state.observe(store, mrns) == observed, f"trial {trial} changed later"
    print(
        f"\n{TRIALS} SIGKILL trials, {reported} edits reported as saved and found; killed with an"
        f" edit in flight {in_flight} times ({in_flight_saved} of those had been committed)."
    )
    assert reported > 10 * TRIALS, "the kills came too early to test much"
    assert in_flight > TRIALS // 2, "too few kills landed mid-edit"


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_while_creating_the_database_leaves_none_or_a_sound_one(tmp_path: Path):
    """A new file is built under a temporary name and linked into place only when complete.

    The kills are spread around the moment a first run took to start editing (measured here, so
    a slow machine still kills during creation); each must leave no file or a sound one.
    """
    started = time.monotonic()
    _kill_after(
        editor_command("crash", tmp_path / "timing" / "consultaid.db", 0, "N"),
        tmp_path / "timing.out",
        0.0,
        once_editing=True,
    )
    ready = time.monotonic() - started
    rng = random.Random(SEED + 1)
    outcomes: list[str] = []
    litter = 0
    for trial in range(12):
        db = tmp_path / f"new-{trial}" / "consultaid.db"
        command = editor_command("crash", db, trial, f"N{trial}")
        delay = rng.uniform(0.5, 1.1) * ready
        _kill_after(command, tmp_path / f"new-{trial}.out", delay, once_editing=False)
        if db.exists():
            checked = consultaid("check", "--db", db)
            assert checked.returncode == 0, checked.stderr
            outcomes.append("sound")
        else:
            outcomes.append("absent")
        if db.parent.exists():
            litter += len(list(db.parent.glob(f".{db.name}.new-*")))
    print(
        f"\n12 kills around creation: {outcomes.count('absent')} left no file, "
        f"{outcomes.count('sound')} a sound one; {litter} half-built temporary file(s) left"
    )
