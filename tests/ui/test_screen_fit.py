"""Issue 12, item 1: every window fits the screen it is on.

The whole app is opened on virtual screens of clinic sizes (one child process per screen, since
Qt makes its screens once per process); the rest checks the pieces in this process.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QCheckBox, QDialog, QLabel, QVBoxLayout

from consultaid.ui.screen_fit import ScreenFit, fits, fitted_size, needed_width
from tests.ui.screen_checks import window_problems

ROOT = Path(__file__).resolve().parents[2]
SCREENS = [
    (1366, 768),  # the clinic laptop
    (1280, 800),
    (1920, 1080),
    (1280, 720),  # a 1920×1080 screen at 150 % scaling, in device-independent pixels
]
EVERY_WINDOW = {
    "main window",
    "main window, Risks tab",
    "main window, Candidacy tab",
    "main window, Discussion tab",
    "main window, last step",
    "presenter view",
    "Patients",
    "Edit patient",
    "Welcome",
    "Settings",
    "Sign on screen",
    "Consent summary",
    "Amendment",
    "Message",
}


@pytest.mark.slow
@pytest.mark.parametrize(("width", "height"), SCREENS, ids=[f"{w}x{h}" for w, h in SCREENS])
def test_every_window_fits_the_screen(width: int, height: int) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tests.ui.screen_probe", str(width), str(height), "1.5"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout)
    assert report["screen"] == [width, height, 1.5]
    assert set(report["windows"]) >= EVERY_WINDOW
    assert report["problems"] == []


def test_a_dialog_larger_than_its_screen_is_shrunk_into_it(qtbot) -> None:
    ScreenFit.install(QApplication.instance())
    dialog = QDialog()
    qtbot.addWidget(dialog)
    room = dialog.screen().availableGeometry()
    dialog.resize(room.width() + 400, room.height() + 300)
    dialog.move(room.right() - 50, room.bottom() - 50)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert fits(dialog)
    assert window_problems(dialog, "dialog") == []


def test_a_shrunk_dialog_is_centred_over_its_window(qtbot) -> None:
    from PySide6.QtWidgets import QWidget

    ScreenFit.install(QApplication.instance())
    owner = QWidget()
    qtbot.addWidget(owner)
    room = owner.screen().availableGeometry()
    owner.setGeometry(room.adjusted(40, 40, -40, -40))
    owner.show()
    qtbot.waitExposed(owner)
    dialog = QDialog(owner)
    dialog.resize(room.width() // 2, room.height() + 300)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert fits(dialog)
    centre = dialog.frameGeometry().center()
    assert abs(centre.x() - owner.frameGeometry().center().x()) <= 2


def test_a_dialog_that_fits_keeps_its_size(qtbot) -> None:
    ScreenFit.install(QApplication.instance())
    dialog = QDialog()
    qtbot.addWidget(dialog)
    dialog.resize(300, 200)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.size() == QSize(300, 200)


def test_fitted_size_keeps_what_fits_and_cuts_what_does_not() -> None:
    assert fitted_size(QSize(1600, 1000), QSize(1358, 728)) == QSize(1358, 728)
    assert fitted_size(QSize(600, 400), QSize(1358, 728)) == QSize(600, 400)


def test_a_scrolling_panel_is_as_wide_as_its_widest_row_even_a_hidden_one(qtbot) -> None:
    from consultaid.ui.style import vertical_scroll

    body = QLabel()
    layout = QVBoxLayout(body)
    short, long = QCheckBox("Short"), QCheckBox("A much longer risk name that does not wrap " * 2)
    layout.addWidget(short)
    layout.addWidget(long)
    long.hide()
    area = vertical_scroll(body)
    qtbot.addWidget(area)
    margins = layout.contentsMargins()
    assert needed_width(area) >= long.minimumSizeHint().width() + margins.left() + margins.right()


def test_tab_from_the_last_risk_stays_out_of_the_docks_behind_tabs(open_window, store) -> None:
    from consultaid.records.demo import add_demo_data

    window = open_window(store)
    add_demo_data(store, window.walkthrough.procedure)
    window.open_consultation(2)
    window.record_docks[0].raise_()
    QApplication.processEvents()
    ticks = [c for c in window.risk_panel.findChildren(QCheckBox) if c.isVisible()]
    ticks[-1].setFocus()
    for dock in (window.notes_dock, *window.record_docks[1:]):
        assert not dock.widget().isVisible()
    for _ in range(3):
        window.focusNextChild()
        focused = QApplication.focusWidget()
        assert focused is not None and not focused.visibleRegion().isEmpty(), focused


def test_a_dock_brought_to_the_front_shows_its_contents(open_window, store) -> None:
    window = open_window(store)
    candidacy = window.record_docks[1]
    candidacy.raise_()
    QApplication.processEvents()
    assert candidacy.widget().isVisible()
    assert not window.record_docks[0].widget().isVisible()


def test_icon_arrays_shrink_to_fit_a_narrow_row(qtbot) -> None:
    from PySide6.QtWidgets import QHBoxLayout, QWidget

    from consultaid.ui.risk_panel import ARRAY_SIZE, IconArray

    row = QWidget()
    qtbot.addWidget(row)
    layout = QHBoxLayout(row)
    text = QLabel("x")
    text.setMinimumWidth(200)
    array = IconArray(15)
    layout.addWidget(text, 1)
    layout.addWidget(array)
    row.resize(300, 200)
    row.show()
    qtbot.waitExposed(row)
    assert row.width() == 300
    assert ARRAY_SIZE[0] // 2 <= array.width() < ARRAY_SIZE[0]
    assert array.geometry().right() <= row.contentsRect().right()
    assert array.heightForWidth(55) == 65


ROW_STYLE = "QListWidget::item { padding: 12px 10px; margin: 2px 4px; }"
LONG_TITLE = "4   The cage and bone graft that joins the two bones for good"


def _list_of(view, qtbot):
    view.setStyleSheet(ROW_STYLE)
    view.setWordWrap(True)
    view.addItem(LONG_TITLE)
    view.addItem("5   After the operation")
    qtbot.addWidget(view)
    view.resize(230, 400)
    view.show()
    qtbot.waitExposed(view)
    QApplication.processEvents()
    return view


def test_a_wrapping_list_gives_each_row_the_lines_it_needs(qtbot) -> None:
    from consultaid.ui.wrapping_list import WrappingList
    from tests.ui.screen_checks import cut_rows

    view = _list_of(WrappingList(QSize(28, 28)), qtbot)
    assert cut_rows(view, "steps") == []
    one_line = view.visualItemRect(view.item(1)).height()
    assert view.visualItemRect(view.item(0)).height() > 2 * one_line - 28


def test_a_plain_list_cuts_a_wrapped_row_under_the_stylesheet_padding(qtbot) -> None:
    """Why WrappingList exists; if Qt fixes this, WrappingList can go."""
    from PySide6.QtWidgets import QListWidget

    from tests.ui.screen_checks import cut_rows

    view = _list_of(QListWidget(), qtbot)
    assert cut_rows(view, "steps")
