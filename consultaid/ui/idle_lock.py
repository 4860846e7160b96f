"""The idle lock: after some minutes without input, patient details are hidden until unlocked.

A privacy screen for a consultation room where the screen may be left on: it hides the record and
the presenter view from a passer-by. It is not access control (ConsultAid has no user accounts);
the operating system's own screen lock does that.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QLabel,
    QMainWindow,
    QProgressDialog,
    QPushButton,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

DEFAULT_MINUTES = 10
# The lock screen's colours: white on dark blue is 11:1, the button's dark blue on cream 10:1,
# well above WCAG AA's 4.5:1 (tests/ui/test_idle_lock.py measures what is drawn).
LOCK_BACKGROUND = "#1d3b53"
LOCK_TEXT = "#ffffff"
BUTTON_BACKGROUND = "#f7f4ee"
BUTTON_TEXT = "#1d3b53"
LOCK_STYLE = (
    f"QWidget#lockScreen {{ background: {LOCK_BACKGROUND}; }}"
    f" QLabel {{ color: {LOCK_TEXT}; background: transparent; }}"
    f" QPushButton {{ background: {BUTTON_BACKGROUND}; color: {BUTTON_TEXT}; font-size: 17px;"
    " padding: 10px 22px; border-radius: 8px; border: none; min-width: 140px; }"
    " QPushButton:focus { outline: 2px solid #e0a030; }"
)
INPUT_EVENTS = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TabletPress,
    QEvent.Type.TabletMove,
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate,
}


class IdleWatch(QObject):
    """Emits `idle` once no input has reached the application for `interval_ms`."""

    idle = Signal()

    def __init__(self, interval_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.idle)

    def start(self) -> None:
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS and self.timer.isActive():
            self.timer.start()
        return False


class LockScreen(QWidget):
    """Covers the whole window; the window hides its contents while this shows."""

    unlocked = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.setAccessibleName("Locked")
        self.setAutoFillBackground(True)
        self.setStyleSheet(LOCK_STYLE)
        title = QLabel("ConsultAid is locked")
        font = title.font()
        font.setPixelSize(34)
        font.setBold(True)
        title.setFont(font)
        note = QLabel("Patient details are hidden because the computer was left idle.")
        note.setStyleSheet("font-size: 18px;")
        self.labels = (title, note)
        self.button = QPushButton("Unlock")
        self.button.setAccessibleName("Unlock")
        self.button.clicked.connect(self.unlock)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (title, note):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(20)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        parent.installEventFilter(self)
        self.hide()

    def lock(self) -> None:
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()
        self.button.setFocus()

    def unlock(self) -> None:
        self.hide()
        self.unlocked.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self.parentWidget().rect())
        return False


class WindowLock(QObject):
    """Hides every patient detail of the app after idle time, until unlocked: the presenter, the
    dialogs (consent preview, patients list, signing), any other window of the app, and the main
    window's contents behind the lock screen. A window that opens while locked is hidden too."""

    def __init__(
        self, window: QMainWindow, minutes: float, before_lock: Callable[[], None]
    ) -> None:
        super().__init__(window)
        self.window = window
        self.before_lock = before_lock
        self.screen = LockScreen(window)
        self.screen.unlocked.connect(self.unlock)
        self.idle = IdleWatch(round(minutes * 60_000), self)
        self.idle.idle.connect(self.lock)
        self.hidden: list[QWidget] = []  # windows to show again on unlock

    def start(self) -> None:
        """Watch for input from now on (the composition root calls this once the app runs)."""
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
        self.idle.start()

    def set_minutes(self, minutes: float) -> None:
        self.idle.timer.setInterval(round(minutes * 60_000))

    @property
    def locked(self) -> bool:
        return self.screen.isVisible()

    def lock(self) -> None:
        self.before_lock()
        for widget in QApplication.topLevelWidgets():
            self._hide_window(widget)
        self.window.centralWidget().hide()
        for dock in self.window.findChildren(QDockWidget):
            dock.setProperty("lockedVisible", dock.isVisible())
            dock.hide()
        self.window.menuBar().setEnabled(False)
        for toolbar in self.window.findChildren(QToolBar):
            toolbar.setEnabled(False)
        self.screen.lock()
        QApplication.instance().installEventFilter(self)

    def unlock(self) -> None:
        QApplication.instance().removeEventFilter(self)
        self.window.centralWidget().show()
        for dock in self.window.findChildren(QDockWidget):
            dock.setVisible(bool(dock.property("lockedVisible")))
        self.window.menuBar().setEnabled(True)
        for toolbar in self.window.findChildren(QToolBar):
            toolbar.setEnabled(True)
        hidden, self.hidden = self.hidden, []
        for widget in hidden:
            widget.show()
        self.idle.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """While locked, a window that opens (a message, a dialog a timer raised) is hidden."""
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget):
            # With `self` as context the call is dropped if the window (and this lock) goes first.
            QTimer.singleShot(0, self, lambda: self._hide_if_locked(watched))
        return False

    def _hide_if_locked(self, widget: QWidget) -> None:
        if shiboken6.isValid(self.screen) and self.locked and shiboken6.isValid(widget):
            self._hide_window(widget)

    def _hide_window(self, widget: QWidget) -> None:
        """Dialogs are closed (a modal one returns "cancelled"), except a print's progress,
        which is hidden so the print goes on; any other window is hidden until unlocked."""
        if widget is self.window or not widget.isWindow() or not widget.isVisible():
            return
        if isinstance(widget, QDialog) and not isinstance(widget, QProgressDialog):
            widget.reject()
        if widget.isVisible():
            widget.hide()
            if widget not in self.hidden:
                self.hidden.append(widget)
