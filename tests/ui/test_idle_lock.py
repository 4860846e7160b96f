"""The idle lock hides every window of the app, and its text is readable (WCAG AA, 4.5:1).

The contrast is measured on what is drawn: the lock screen is rendered, and each text's colour
(its pixel farthest from the background) is compared with the background it sits on.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QLabel, QWidget

WCAG_AA = 4.5
NAME = ("Nakamura-Oduya", "Hikari")
MRN = "MRN-LOCK-51"


@pytest.fixture
def window(open_window, store):
    win = open_window(store)
    patient = store.add_patient(
        mrn=MRN, family_name=NAME[0], given_names=NAME[1], date_of_birth=date(1957, 3, 1),
        sex="female",
    )  # fmt: skip
    win.start_consultation(patient.id)
    return win


@pytest.fixture
def other_window(qtbot) -> QWidget:
    """A window of the app the lock does not know by name (a message, a tool window)."""
    widget = QWidget(None, Qt.WindowType.Window)
    widget.setWindowTitle(f"Notes for {NAME[0]}")
    widget.resize(300, 200)
    qtbot.addWidget(widget)
    return widget


def shown_windows(main) -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not main]


def test_the_lock_hides_the_presenter_preview_patients_list_and_any_window(
    qtbot, window, other_window
):
    open_when_locked: list[str] = []

    def open_everything_then_lock() -> None:
        # Runs while the Patients list (a modal dialog) waits for an answer.
        window.toggle_presenter()
        window.summary_action.trigger()
        other_window.show()
        open_when_locked.extend(w.windowTitle() for w in shown_windows(window))
        window.window_lock.lock()

    QTimer.singleShot(0, open_everything_then_lock)
    window.patients_action.trigger()  # returns once the lock has closed the list
    assert len(open_when_locked) == 4, open_when_locked  # patients, presenter, preview, other
    assert window.locked
    assert shown_windows(window) == []
    visible = " ".join(w.text() for w in window.findChildren(QLabel) if w.isVisible())
    for detail in (*NAME, MRN):
        assert detail not in visible
    window.window_lock.screen.button.click()
    assert not window.locked
    assert other_window.isVisible() and window.centralWidget().isVisible()


def test_a_window_that_opens_while_locked_is_hidden_until_unlocked(qtbot, window, other_window):
    window.window_lock.lock()
    other_window.show()
    qtbot.waitUntil(lambda: not other_window.isVisible())
    assert window.locked
    window.window_lock.screen.button.click()
    assert other_window.isVisible()


def luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.red())
        + 0.7152 * channel(colour.green())
        + 0.0722 * channel(colour.blue())
    )


def contrast(a: QColor, b: QColor) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def drawn_contrast(image: QImage, background: QColor, margin: int = 0) -> float:
    """The contrast of the drawn pixel farthest from `background` (a glyph's solid middle)."""
    pixels = (
        image.pixelColor(x, y)
        for y in range(margin, image.height() - margin)
        for x in range(margin, image.width() - margin)
    )
    return max(contrast(background, pixel) for pixel in pixels)


@pytest.fixture
def app_style(qapp):
    """The app's own stylesheet, as the composition root sets it, for this test only."""
    from consultaid.ui.style import STYLESHEET

    before = qapp.styleSheet()
    qapp.setStyleSheet(STYLESHEET)
    yield
    qapp.setStyleSheet(before)


def test_the_lock_screen_text_meets_wcag_aa(qtbot, app_style, window):
    window.window_lock.lock()
    screen = window.window_lock.screen
    shot = screen.grab().toImage()
    background = shot.pixelColor(2, 2)
    for label in screen.labels:
        assert label.isVisible() and label.text()
        box = label.geometry()
        ratio = drawn_contrast(shot.copy(box), background)
        assert ratio >= WCAG_AA, (label.text(), round(ratio, 2))
    button = screen.button.grab().toImage()
    button_background = button.pixelColor(button.width() // 2, 4)
    assert contrast(button_background, background) > 1  # a visible button, not a hole
    ratio = drawn_contrast(button, button_background, margin=4)
    assert ratio >= WCAG_AA, ("Unlock", round(ratio, 2))
