"""The mouse wheel changes an input only when the surgeon has focused it; otherwise it scrolls."""

import sqlite3
from datetime import date

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QScrollBar,
    QWidget,
)

NOTCH = 120


@pytest.fixture
def record_window(open_window, store, qtbot):
    patient = store.add_patient(
        mrn="MRN-W",
        family_name="Wheeler",
        given_names="Ada",
        date_of_birth=date(1956, 3, 9),
        sex="female",
    )
    win = open_window(store)
    win.start_consultation(patient.id)
    assert win.consultations.record is not None
    panel = win.candidacy_panel
    choose(panel.nurick, "2")
    for item in win.walkthrough.procedure.mjoa.items[:3]:
        choose(panel.mjoa_boxes[item.id], 1)
    win.activateWindow()
    qtbot.waitActive(win)
    return win


def choose(combo: QComboBox, value) -> None:
    assert combo.findData(value) > 0
    combo.setCurrentIndex(combo.findData(value))
    combo.activated.emit(combo.currentIndex())


def dump(store) -> str:
    """Every table, as another program would read the file."""
    conn = sqlite3.connect(store.path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def wheel(widget: QWidget, notches: int) -> None:
    """Wheel events over the middle of `widget`, one per notch (negative: towards the user)."""
    centre = QPointF(widget.rect().center())
    step = QPoint(0, NOTCH if notches > 0 else -NOTCH)
    for _ in range(abs(notches)):
        event = QWheelEvent(
            centre,
            QPointF(widget.mapToGlobal(centre)),
            QPoint(),
            step,
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(widget, event)


def value(widget: QWidget):
    if isinstance(widget, QComboBox):
        return widget.currentIndex(), widget.currentText()
    if isinstance(widget, QAbstractSlider):
        return widget.value()
    return widget.text()


def inputs(*roots: QWidget) -> list[QWidget]:
    """Every widget under `roots` (and the roots) whose value a wheel could change."""
    found: list[QWidget] = []
    for root in roots:
        for widget in [root, *root.findChildren(QWidget)]:
            kinds = (QComboBox, QAbstractSpinBox, QAbstractSlider)
            if isinstance(widget, kinds) and not isinstance(widget, QScrollBar):
                found.append(widget)
    return found


def assert_wheel_changes_nothing(widgets: list[QWidget], store) -> None:
    before = dump(store)
    for widget in widgets:
        assert widget.isEnabled(), widget.accessibleName()
        assert not widget.hasFocus(), widget.accessibleName()
        shown = value(widget)
        for notches in (3, -6, 4, -1):
            wheel(widget, notches)
            assert value(widget) == shown, widget.accessibleName()
            assert dump(store) == before, widget.accessibleName()


def test_the_wheel_over_unfocused_inputs_changes_neither_screen_nor_record(record_window, store):
    win = record_window
    panels = (win.risk_panel, win.candidacy_panel, win.discussion_panel)
    widgets = [*inputs(*panels), win.levels]
    assert win.candidacy_panel.nurick in widgets
    assert all(box in widgets for box in win.candidacy_panel.mjoa_boxes.values())
    win.levels.clearFocus()
    assert_wheel_changes_nothing(widgets, store)
    assert win.candidacy_panel.nurick.currentData() == "2"


def test_the_wheel_over_an_unfocused_combo_scrolls_the_panel(record_window, qtbot):
    win = record_window
    win.resize(1100, 420)
    dock = next(d for d in win.record_docks if d.widget() is win.candidacy_panel)
    dock.raise_()
    panel = win.candidacy_panel
    bar = panel.verticalScrollBar()
    qtbot.waitUntil(lambda: panel.isVisible() and bar.maximum() > 0, timeout=5000)
    bar.setValue(0)
    combo = panel.nurick
    shown = value(combo)
    wheel(combo, -2)
    down = bar.value()
    assert down > 0
    wheel(combo, 1)
    assert 0 <= bar.value() < down
    assert value(combo) == shown


def test_a_focused_combo_still_follows_the_wheel(record_window, store, qtbot):
    combo = record_window.candidacy_panel.nurick
    combo.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(combo.hasFocus, timeout=5000)
    before = dump(store)
    with qtbot.waitSignal(combo.activated, timeout=5000):
        wheel(combo, -1)
    assert combo.currentData() == "3"
    assert dump(store) != before


def test_no_input_takes_focus_from_the_wheel(record_window):
    win = record_window
    for widget in inputs(win):
        policy = widget.focusPolicy()
        assert policy != Qt.FocusPolicy.WheelFocus, widget.accessibleName()


def test_the_wheel_over_the_settings_dialog_changes_nothing(record_window, store, qtbot):
    win = record_window
    win.settings_action.trigger()
    dialog = win.commands.settings_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert {dialog.paper, dialog.idle} <= set(inputs(dialog))
    shown = dialog.values()
    assert_wheel_changes_nothing([dialog.paper, dialog.idle], store)
    assert dialog.values() == shown
    assert dialog.idle.focusPolicy() != Qt.FocusPolicy.WheelFocus
    dialog.reject()


def test_every_window_shares_one_guard(open_window, qtbot):
    from consultaid.ui.wheel_guard import WheelGuard

    open_window()
    open_window()
    app = QApplication.instance()
    guard = WheelGuard.install(app)
    assert WheelGuard.install(app) is guard
    assert app.findChildren(WheelGuard) == [guard]
