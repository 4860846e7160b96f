"""Step switch time, including the illustration render, with the window at 1600×1000.

Each switch goes to the next step (wrapping), regenerates the SVG, renders it and repaints the whole
window synchronously. The baseline is a repaint of the same window with nothing changed, measured in
the same run. Targets: median ≤ 8 ms, p95 ≤ 16 ms.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings

from consultaid.ui.app import application, build_main_window, load_pack
from consultaid.ui.prompts import QtPrompts

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

    def timed(action) -> float:
        start = time.perf_counter()
        action()
        window.repaint()
        return (time.perf_counter() - start) * 1000

    baseline = [timed(lambda: None) for _ in range(SWITCHES)]
    switches = [timed(lambda: w.go_to((w.index + 1) % w.count)) for _ in range(SWITCHES)]
    level_changes = [
        timed(lambda i=i: w.set_levels(levels[i % len(levels)])) for i in range(SWITCHES // 4)
    ]
    print(f"illustration area: {window.illustration.width()}×{window.illustration.height()} px")
    print(f"repaint, nothing changed: median {statistics.median(baseline):.2f} ms")
    med, p95 = statistics.median(switches), percentile(switches, 95)
    print(f"step switch: median {med:.2f} ms (target ≤ 8), p95 {p95:.2f} ms (target ≤ 16)")
    print(f"level change: median {statistics.median(level_changes):.2f} ms")
    print(f"ratio step switch / bare repaint: {med / statistics.median(baseline):.1f}")
    window.close()
    sys.exit(0)


if __name__ == "__main__":
    main()
