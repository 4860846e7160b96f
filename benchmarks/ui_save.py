"""How long the UI thread waits on one autosaved edit, on a large database.

Each sample is one tick of a risk in the running window (a click on the check box): the Store
write (its own transaction, fsync'd), and the refresh of the panels the tick changed (only the risk
panel; the record in memory is patched with the saved row instead of being read back). The
baseline, measured in the same run, is a repaint of the same panel with nothing saved. Target: the
UI thread never waits more than 16 ms (reported as the maximum and p99).

    python benchmarks/ui_save.py [--patients N] [--consultations N] [--samples N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

_SCREEN = os.path.join(tempfile.mkdtemp(), "screen.json")
with open(_SCREEN, "w") as f:
    json.dump({"screens": [{"name": "bench", "x": 0, "y": 0, "width": 1920, "height": 1200}]}, f)
os.environ.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={_SCREEN}")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import QSettings  # noqa: E402
from records import build  # noqa: E402

from consultaid.records import Store  # noqa: E402
from consultaid.ui.app import application, build_main_window, load_pack  # noqa: E402
from consultaid.ui.prompts import QtPrompts  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--consultations", type=int, default=250_000)
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    build(folder / "big.db", args.patients, args.consultations, random.Random(7))
    app = application()
    prompts = QtPrompts()
    store = Store.open(folder / "big.db")
    procedure = load_pack(None, prompts)
    settings = QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue("clinician", "Dr Bench")  # no first-run question in a benchmark
    window = build_main_window(procedure, settings, prompts, store)
    window.resize(1600, 1000)
    window.show()
    patient = store.search_patients("")[0]
    window.start_consultation(patient.id)
    window.walkthrough.go_to(1)
    app.processEvents()
    rows = list(window.risk_panel.visible_rows().values())

    def tick(n: int) -> float:
        row = rows[n % len(rows)]
        start = time.perf_counter()
        row.check.click()
        window.risk_panel.repaint()
        return (time.perf_counter() - start) * 1000

    def repaint(_: int) -> float:
        start = time.perf_counter()
        window.risk_panel.repaint()
        return (time.perf_counter() - start) * 1000

    baseline = [repaint(n) for n in range(args.samples)]
    saves = [tick(n) for n in range(args.samples)]
    ordered = sorted(saves)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    base = statistics.median(baseline)
    print(f"database: {args.patients:,} patients, {args.consultations:,} consultations")
    print(f"panel repaint, nothing saved: median {base:.2f} ms")
    print(
        f"autosaved tick on the UI thread: median {statistics.median(saves):.2f} ms, "
        f"p99 {p99:.2f} ms, max {ordered[-1]:.2f} ms (target: never over 16 ms)"
    )
    print(f"ratio median tick / bare repaint: {statistics.median(saves) / base:.1f}")
    window.close()
    store.close()


if __name__ == "__main__":
    main()
