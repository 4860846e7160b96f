"""`consultaid check` and the start-up chain check on the 100,000-patient benchmark database.

Builds the file of benchmarks/records.py (100,000 patients, 250,000 consultations, 80% final),
then gives it an audit chain as the app would have written it: a start row per consultation and,
for each final one, a finalize row holding its snapshot. Times, in one process run:
- `check` (read-only, every hash), against a bare `PRAGMA integrity_check` of the same file;
- how long autosaved edits wait while `check` runs in another process, against the same edits
  with nothing else running (the ratio is what a surgeon would feel);
- the start-up check (`Store.quick_check`), against `Store.open` of the same file.

    python benchmarks/check.py [--patients N] [--consultations N]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from records import build

from consultaid.records import Store, chain, snapshot
from consultaid.records.checks import check_file


def add_chain(path: Path) -> int:
    """A chain as the app writes it: start rows, then finalize rows with their snapshots."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN")
    rows = conn.execute("SELECT id, status, started_at FROM consultations ORDER BY id").fetchall()
    for cid, _, at in rows:
        chain.append(
            conn, at=at, actor="Dr Bench", login="bench", action="start_consultation",
            table="consultations", row_id=cid, consultation_id=cid,
        )  # fmt: skip
    for cid, status, at in rows:
        if status == "final":
            chain.append(
                conn, at=at, actor="Dr Bench", login="bench", action="finalize",
                table="consultations", row_id=cid, consultation_id=cid,
                detail=snapshot.snapshot(conn, cid),
            )  # fmt: skip
    conn.execute("COMMIT")
    count = conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    conn.close()
    return count


CHECKER = """
import sys
from pathlib import Path
from consultaid.records.checks import check_file
print(check_file(Path(sys.argv[1])).ok)
"""


def save_latencies(store: Store, cid: int, seconds: float) -> list[float]:
    out: list[float] = []
    flips = 0
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        t0 = time.perf_counter()
        store.set_risk_discussed(cid, "infection", flips % 2 == 0)
        out.append((time.perf_counter() - t0) * 1000)
        flips += 1
        time.sleep(0.02)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--consultations", type=int, default=250_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "consultaid.db"
        t0 = time.perf_counter()
        build(path, args.patients, args.consultations, random.Random(20250615))
        rows = add_chain(path)
        print(f"built {args.patients:,} patients, {args.consultations:,} consultations, "
              f"{rows:,} audit rows, {path.stat().st_size / 1e6:.0f} MB "
              f"in {time.perf_counter() - t0:.0f} s")  # fmt: skip

        t0 = time.perf_counter()
        report = check_file(path)
        full = time.perf_counter() - t0
        assert report.ok, report.problems[:3]
        bare = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        t0 = time.perf_counter()
        bare.execute("PRAGMA integrity_check").fetchall()
        integrity = time.perf_counter() - t0
        bare.close()
        print(f"check: {full:.2f} s; bare integrity_check {integrity:.2f} s; "
              f"ratio {full / integrity:.1f}×")  # fmt: skip

        with Store.open(path, actor="bench") as store:
            cid = store.start_consultation(1, "Dr Bench", "C5-C6", "pack", "0" * 64).id
            alone = save_latencies(store, cid, 3.0)
            checker = subprocess.Popen([sys.executable, "-c", CHECKER, str(path)])
            during = save_latencies(store, cid, min(full, 20.0))
            checker.wait()
            print(
                f"autosaved edit alone: median {statistics.median(alone):.2f} ms, max "
                f"{max(alone):.2f} ms; while check runs: median {statistics.median(during):.2f} "
                f"ms, max {max(during):.2f} ms ({len(during)} saves); ratio of medians "
                f"{statistics.median(during) / statistics.median(alone):.1f}×"
            )

        t0 = time.perf_counter()
        store = Store.open(path, actor="bench")
        opened = time.perf_counter() - t0
        quick = []
        for _ in range(5):
            t0 = time.perf_counter()
            assert store.quick_check() == ()
            quick.append(time.perf_counter() - t0)
        store.close()
        quick_ms = statistics.median(quick) * 1000
        print(
            f"start-up check: median {quick_ms:.0f} ms; Store.open {opened * 1000:.0f} ms; "
            f"ratio {quick_ms / (opened * 1000):.1f}×"
        )


if __name__ == "__main__":
    main()
