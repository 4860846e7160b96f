"""The wheel guard: a value box follows the mouse wheel only once the surgeon has focused it.

Without it, scrolling a panel with the wheel silently changes every combo box, spin box or slider
the pointer passes over (an mJOA item, the Nurick grade, the paper size). One application-wide
event filter, installed by the composition root, lets such widgets take focus by Tab or click only
(never by the wheel), and hands a wheel over an unfocused one to the scroll area it sits in.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QScrollBar,
    QWidget,
)

GUARDED = (QComboBox, QAbstractSpinBox, QAbstractSlider)


def guarded(widget: QObject) -> bool:
    """Whether the wheel would change this widget's value (a scroll bar only scrolls)."""
    return isinstance(widget, GUARDED) and not isinstance(widget, QScrollBar)


class WheelGuard(QObject):
    """Filters the whole application's events; see the module's docstring."""

    @classmethod
    def install(cls, app: QApplication) -> WheelGuard:
        """The application's guard, installed once however often this is called."""
        guard = app.findChild(WheelGuard)
        if guard is None:
            guard = cls(app)
            for widget in app.allWidgets():
                _no_wheel_focus(widget)
            app.installEventFilter(guard)
        return guard

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Polish:
            _no_wheel_focus(watched)
        elif kind == QEvent.Type.Wheel and guarded(watched) and not watched.hasFocus():
            # Accepted and filtered: the widget never sees it, and Qt does not offer it to
            # the parents as well (the scroll areas below have had it).
            _scroll_around(watched, event)
            event.accept()
            return True
        return False


def _no_wheel_focus(widget: QObject) -> None:
    """Combo and spin boxes default to WheelFocus, which would focus them before the filter runs."""
    if guarded(widget) and widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


def _scroll_around(widget: QWidget, event: QWheelEvent) -> None:
    """Offer the wheel to each enclosing scroll area, innermost first, until one scrolls."""
    parent = widget.parentWidget()
    while parent is not None:
        area = parent.parentWidget()
        if isinstance(area, QAbstractScrollArea) and parent is area.viewport():
            viewport = area.viewport()
            forwarded = QWheelEvent(
                viewport.mapFromGlobal(event.globalPosition()),
                event.globalPosition(),
                event.pixelDelta(),
                event.angleDelta(),
                event.buttons(),
                event.modifiers(),
                event.phase(),
                event.inverted(),
                event.source(),
                event.pointingDevice(),
            )
            forwarded.setAccepted(False)
            QApplication.sendEvent(viewport, forwarded)
            if forwarded.isAccepted():
                return
        if parent.isWindow():
            return
        parent = parent.parentWidget()
