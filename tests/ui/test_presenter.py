"""The presenter view: opens with F5, follows navigation, shows strokes, closes with Esc."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QDockWidget, QListWidget

from tests.ui.test_main_window import draw_line, pixels


def open_presenter(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_F5)
    presenter = window.presenter
    assert presenter is not None
    qtbot.waitExposed(presenter)
    return presenter


def test_f5_opens_the_presenter_full_screen(qtbot, window):
    presenter = open_presenter(qtbot, window)
    assert presenter.isFullScreen()
    assert window.present_action.isChecked()
    assert presenter.title.text() == window.walkthrough.step.title


def test_presenter_follows_navigation_and_levels(qtbot, window):
    presenter = open_presenter(qtbot, window)
    window.activateWindow()
    window.next_action.trigger()
    assert presenter.title.text() == window.walkthrough.step.title
    assert presenter.illustration.svg() == window.illustration.svg()
    window.levels.setCurrentIndex(window.levels.findText("C7-T1"))
    assert presenter.illustration.svg() == window.walkthrough.svg()


def test_presenter_shows_the_surgeons_strokes(qtbot, window):
    presenter = open_presenter(qtbot, window)
    before = pixels(presenter.illustration)
    centre = window.illustration.rect().center()
    draw_line(qtbot, window.illustration, centre, centre + QPoint(120, 20))
    assert presenter.illustration.svg() == window.walkthrough.svg()
    assert pixels(presenter.illustration) != before


def test_presenter_shows_only_the_illustration_and_patient_text(qtbot, window):
    presenter = open_presenter(qtbot, window)
    assert not presenter.findChildren(QListWidget)
    assert not presenter.findChildren(QComboBox)
    assert not presenter.findChildren(QAbstractButton)
    assert not presenter.findChildren(QDockWidget)
    shown = presenter.title.text() + presenter.text.text()
    for point in window.walkthrough.step.talking_points:
        assert point not in shown


def test_esc_closes_the_presenter(qtbot, window):
    presenter = open_presenter(qtbot, window)
    with qtbot.waitSignal(presenter.closed, timeout=5000):
        qtbot.keyClick(presenter, Qt.Key.Key_Escape)
    assert window.presenter is None
    assert not window.present_action.isChecked()


def test_keys_in_the_presenter_navigate(qtbot, window):
    presenter = open_presenter(qtbot, window)
    qtbot.keyClick(presenter, Qt.Key.Key_Right)
    assert window.walkthrough.index == 1
    assert window.steps.currentRow() == 1


def test_presenter_text_is_never_cut_off_and_the_picture_stays_large(qtbot, window):
    presenter = open_presenter(qtbot, window)
    presenter.set_text_size(48)
    for index in range(window.walkthrough.count):
        window.walkthrough.go_to(index)
        qtbot.wait(10)
        label = presenter.text
        step = window.walkthrough.step.id
        assert label.height() >= label.heightForWidth(label.width()) - 2, step
        assert presenter.illustration.height() >= presenter.height() * 0.4, step


SECOND_SCREEN = """
import json, os, sys, tempfile
config = os.path.join(tempfile.mkdtemp(), "screens.json")
json.dump({"screens": [
    {"name": "surgeon", "x": 0, "y": 0, "width": 1600, "height": 1000},
    {"name": "patient", "x": 1600, "y": 0, "width": 1920, "height": 1080},
]}, open(config, "w"))
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
from PySide6.QtCore import QSettings
from consultaid.content import load_procedure
from consultaid.ui.app import application, build_main_window
app = application()
class P:
    def error(self, *a): raise SystemExit(a)
    def info(self, *a): pass
s = QSettings(os.path.join(tempfile.mkdtemp(), "s.ini"), QSettings.Format.IniFormat)
w = build_main_window(load_procedure(), s, P())
w.show(); app.processEvents()
w.toggle_presenter(); app.processEvents()
print(w.screen().name(), w.presenter.screen().name(), w.presenter.isFullScreen())
"""


def test_with_a_second_screen_the_presenter_fills_that_screen(tmp_path):
    env = {**os.environ, "CONSULTAID_CACHE_DIR": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", SECOND_SCREEN], capture_output=True, text=True, env=env, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["surgeon", "patient", "True"]


NO_SYSTEM_FONTS = """
import os, sys, tempfile
from PySide6.QtCore import QSettings
from PySide6.QtGui import QFontDatabase, QFontInfo
from consultaid.content import load_procedure
from consultaid.ui.app import application, build_main_window
app = application()
class P:
    def error(self, *a): raise SystemExit(a)
    def info(self, *a): pass
s = QSettings(os.path.join(tempfile.mkdtemp(), "s.ini"), QSettings.Format.IniFormat)
w = build_main_window(load_procedure(), s, P())
w.resize(1500, 950); w.show(); app.processEvents()
w.toggle_presenter(); app.processEvents()
p = w.presenter
p.set_text_size(48)
for index in range(w.walkthrough.count):
    w.walkthrough.go_to(index); app.processEvents()
    label = p.text
    assert label.height() >= label.heightForWidth(label.width()) - 2, (index, "text cut off")
    assert p.illustration.height() >= p.height() * 0.4, (index, p.illustration.height())
print(QFontInfo(label.font()).family(), "|", ",".join(QFontDatabase.families()))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fontconfig is Linux's")
def test_the_presenter_fits_on_a_machine_without_fonts_of_its_own(tmp_path: Path):
    """A fresh machine may have no fonts, or others than the developer's: the app brings its own.

    fontconfig is told to see no folders at all (and Qt's own font folder is empty), so the only
    fonts are the ones the app loads from resources/fonts.
    """
    (tmp_path / "fonts").mkdir()
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><fontconfig>'
        f"<cachedir>{tmp_path / 'fontcache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "CONSULTAID_CACHE_DIR": str(tmp_path / "cache"),
        "FONTCONFIG_FILE": str(config),
        "QT_QPA_FONTDIR": str(tmp_path / "fonts"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    out = subprocess.run(
        [sys.executable, "-c", NO_SYSTEM_FONTS],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    family, _, families = out.stdout.strip().partition(" | ")
    assert family == "DejaVu Sans"
    generic = {"Monospace", "Sans Serif", "Serif"}  # fontconfig's aliases, not fonts
    assert set(families.split(",")) - generic == {"DejaVu Sans"}, "the system's fonts were seen"
