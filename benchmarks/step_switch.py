"""Step switch time, including the illustration render, with the window at 1600×1000.

Each switch goes to the next step (wrapping), regenerates the SVG, renders it and repaints the whole
window synchronously. The baseline is a repaint of the same window with nothing changed, measured in
the same run. Targets: median ≤ 8 ms, p95 ≤ 16 ms.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time

# The offscreen screen is 800×800 unless told otherwise; give it room for a 1600×1000 window.
_SCREEN = os.path.join(tempfile.mkdtemp(), "screen.json")
with open(_SCREEN, "w") as f:
    json.dump({"screens": [{"name": "bench", "x": 0, "y": 0, "width": 1920, "height": 1200}]}, f)
os.environ.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={_SCREEN}")

from PySide6.QtCore import QSettings  # noqa: E402

from consultaid.ui.app import application, build_main_window, load_pack  # noqa: E402
from consultaid.ui.prompts import QtPrompts  # noqa: E402

SWITCHES = int(os.environ.get("SWITCHES", "200"))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    app = application()
    prompts = QtPrompts()
    settings = QSettings(os.path.join(tempfile.mkdtemp(), "s.ini"), QSettings.Format.IniFormat)
    window = build_main_window(load_pack(None, prompts), settings, prompts)
    window.resize(1600, 1000)
    window.show()
    app.processEvents()
    w = window.walkthrough
    levels = [("C5-C6",), ("C3-C4",), ("C6-C7", "C7-T1")]

    def timed(action, *, cold: bool = False) -> float:
        app.processEvents()  # the idle time between two key presses: neighbours render ahead
        if cold:
            window.illustration.forget_rendered()
        start = time.perf_counter()
        action()
        window.repaint()
        return (time.perf_counter() - start) * 1000

    def next_step() -> None:
        w.go_to((w.index + 1) % w.count)

    baseline = [timed(lambda: None) for _ in range(SWITCHES)]
    warm = [timed(next_step) for _ in range(SWITCHES)]
    cold = [timed(next_step, cold=True) for _ in range(SWITCHES)]
    level_changes = [
        timed(lambda i=i: w.set_levels(levels[i % len(levels)]), cold=True)
        for i in range(SWITCHES // 4)
    ]
    base = statistics.median(baseline)
    print(f"illustration area: {window.illustration.width()}×{window.illustration.height()} px")
    print(f"repaint, nothing changed: median {base:.2f} ms")
    for name, values in (
        ("step switch (next step, rendered ahead)", warm),
        ("step switch (never rendered before)", cold),
    ):
        med, p95 = statistics.median(values), percentile(values, 95)
        print(
            f"{name}: median {med:.2f} ms (target ≤ 8), p95 {p95:.2f} ms (target ≤ 16), "
            f"ratio to bare repaint {med / base:.1f}"
        )
    print(f"level change (new render): median {statistics.median(level_changes):.2f} ms")
    window.close()
    window.deleteLater()
    app.processEvents()


if __name__ == "__main__":
    main()
