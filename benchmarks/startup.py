"""Cold start to the first painted main window, against a bare PySide6 window, in one run.

Each sample is a fresh process: the time from spawning it to its first paint event, and its peak
memory (ru_maxrss) once painted. ConsultAid opens its database too (created by the warm-up run),
as it does at every start. Python's bytecode cache is used as on a user's machine, so run it with
PYTHONDONTWRITEBYTECODE unset. Prints medians and the ratios the walkthrough issue sets
(time ≤ 1.5×, memory ≤ 1.6× the bare window).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = int(os.environ.get("RUNS", "7"))

PAINT_HOOK = """
import resource, sys
from PySide6.QtCore import QEvent, QObject
class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and obj is window:
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            print(f"painted {rss}", flush=True)
            app.removeEventFilter(self)
            from PySide6.QtCore import QTimer
            QTimer.singleShot(0, app.quit)
        return False
hook = FirstPaint()
app.installEventFilter(hook)
window.show()
app.exec()
"""

BARE = (
    """
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication([])
window = QMainWindow()
window.setCentralWidget(QLabel("Hello"))
window.resize(1600, 1000)
"""
    + PAINT_HOOK
)

APP = (
    """
import sys
from PySide6.QtCore import QSettings
from consultaid.ui.app import application, build_main_window, load_pack, open_store
from consultaid.ui.prompts import QtPrompts
app = application()
prompts = QtPrompts()
settings = QSettings(sys.argv[1], QSettings.Format.IniFormat)
store = open_store(sys.argv[2], prompts)
window = build_main_window(load_pack(None, prompts), settings, prompts, store)
window.resize(1600, 1000)
"""
    + PAINT_HOOK
)


def sample(code: str, settings: str) -> tuple[float, int]:
    db = os.path.join(os.path.dirname(settings), "records.db")
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code, settings, db], stdout=subprocess.PIPE, text=True
    )
    line = proc.stdout.readline() if proc.stdout else ""
    elapsed = time.perf_counter() - start
    proc.wait(timeout=60)
    if not line.startswith("painted"):
        raise SystemExit(f"the window never painted (exit {proc.returncode})")
    return elapsed, int(line.split()[1])


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    settings = os.path.join(tempfile.mkdtemp(), "settings.ini")
    bare_t, bare_m, app_t, app_m = [], [], [], []
    sample(BARE, settings)
    sample(APP, settings)
    for _ in range(RUNS):
        t, m = sample(BARE, settings)
        bare_t.append(t)
        bare_m.append(m)
        t, m = sample(APP, settings)
        app_t.append(t)
        app_m.append(m)
    bt, at = statistics.median(bare_t), statistics.median(app_t)
    bm, am = statistics.median(bare_m), statistics.median(app_m)
    print(f"platform: {os.environ['QT_QPA_PLATFORM']}, {RUNS} runs each")
    print(f"bare PySide6 window: {bt * 1000:.0f} ms to first paint, peak {bm / 1024:.0f} MiB")
    print(f"ConsultAid window:   {at * 1000:.0f} ms to first paint, peak {am / 1024:.0f} MiB")
    print(f"start-up ratio: {at / bt:.2f} (target ≤ 1.5)")
    print(f"memory ratio:   {am / bm:.2f} (target ≤ 1.6)")


if __name__ == "__main__":
    main()
