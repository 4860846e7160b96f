"""Open the main window and every dialog on one virtual screen and list what does not fit.

Run as a script in its own process (the QApplication, and so the screen, is made once per
process): `python -m tests.ui.screen_probe 1366 768 1.5` prints a JSON report: the screen Qt
made, the windows looked at, and the problems found (none when every window, button, field and
tab lies within the screen and no text is cut).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path


def use_screen(width: int, height: int, ratio: float) -> None:
    """Qt's offscreen platform with one screen of this size (in device-independent pixels)."""
    folder = Path(tempfile.mkdtemp(prefix="consultaid-screen-"))
    config = folder / "screen.json"
    screen = {
        "name": f"probe-{width}x{height}",
        "x": 0,
        "y": 0,
        "width": width,
        "height": height,
        "logicalDpi": 96,
        "logicalBaseDpi": 96,
        "dpr": ratio,
    }
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    os.environ["CONSULTAID_CACHE_DIR"] = str(folder / "cache")
    os.environ["XDG_CONFIG_HOME"] = str(folder / "config")


def main(argv: list[str]) -> int:
    width, height, ratio = int(argv[0]), int(argv[1]), float(argv[2])
    use_screen(width, height, ratio)
    from tests.ui.screen_windows import all_windows

    report = all_windows(Path(os.environ["CONSULTAID_CACHE_DIR"]).parent)
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
