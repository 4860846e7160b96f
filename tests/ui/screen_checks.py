"""What "fits the screen" means, checked on a shown window: used by tests/ui/screen_probe.py.

A window fits when its frame lies within its screen's available geometry, every visible control
lies within every widget that contains it (a scroll area's content may run off below, since it
scrolls, but not off to the side), and no text that should be whole is cut or elided.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDockWidget,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QStyle,
    QStyleOptionViewItem,
    QTabBar,
    QTextEdit,
    QWidget,
)

CONTROLS = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QPlainTextEdit,
    QTextEdit,
    QLabel,
    QTabBar,
)


# Every window title checked in this process, so a report shows nothing was skipped.
LOOKED_AT: list[str] = []


def name_of(widget: QWidget) -> str:
    label = widget.accessibleName() or widget.objectName()
    if not label and isinstance(widget, QLabel | QAbstractButton):
        label = widget.text()[:40]
    return f"{type(widget).__name__}({label!r})"


def settle() -> None:
    for _ in range(4):
        QApplication.processEvents()


def window_problems(window: QWidget, title: str) -> list[str]:
    """Everything about a shown top-level window that does not fit (empty if it all fits)."""
    settle()
    LOOKED_AT.append(title)
    problems: list[str] = []
    available = window.screen().availableGeometry()
    frame = window.frameGeometry()
    if not available.contains(frame):
        problems.append(f"{title}: window frame {rect_text(frame)} exceeds {rect_text(available)}")
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or not widget.isVisible() or widget.isWindow():
            continue
        if widget.window() is not window or behind_a_tab(widget):
            continue
        problems += clipping(widget, title)
        problems += cut_text(widget, title)
    for view in window.findChildren(QListWidget):
        if view.isVisible() and view.window() is window and not behind_a_tab(view):
            problems += cut_rows(view, title)
    return problems


def cut_rows(view: QListWidget, title: str) -> list[str]:
    """A list's rows, measured as the style lays them out: whole, and not off to the side."""
    if view.horizontalScrollBar().isVisible():
        return [f"{title}: the rows of {name_of(view)} run off to the side"]
    out = []
    style = view.style()
    for row in range(view.count()):
        item = view.item(row)
        option = QStyleOptionViewItem()
        view.initViewItemOption(option)
        option.rect = view.visualItemRect(item)
        option.text = item.text()
        option.features |= QStyleOptionViewItem.ViewItemFeature.HasDisplay
        if view.wordWrap():
            option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
        room = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, view)
        flags = Qt.TextFlag.TextWordWrap if view.wordWrap() else Qt.TextFlag.TextSingleLine
        # The style draws the text inside `room` less a small margin on each side.
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
        width = room.width() - 2 * margin
        needed = view.fontMetrics().boundingRect(QRect(0, 0, width, 100_000), flags, item.text())
        if needed.height() > room.height() or needed.width() > width:
            out.append(f"{title}: row {item.text()!r} of {name_of(view)} is cut")
    return out


def behind_a_tab(widget: QWidget) -> bool:
    """In a dock that another dock's tab covers (Qt moves it out of sight, title bar and all)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QDockWidget) and not parent.isFloating():
            return parent.visibleRegion().isEmpty()
        parent = parent.parentWidget()
    return False


def clipping(widget: QWidget, title: str) -> list[str]:
    """The widget's rectangle against each ancestor's, up to its window."""
    rect = QRect(QPoint(0, 0), widget.size())
    child = widget
    parent = widget.parentWidget()
    while parent is not None and not child.isWindow():
        rect = rect.translated(child.pos())
        bounds = QRect(QPoint(0, 0), parent.size())
        scrolling = isinstance(parent.parentWidget(), QAbstractScrollArea) and (
            parent is parent.parentWidget().viewport()
        )
        if scrolling:
            # Content may run off below (it scrolls), never off to the side.
            inside = rect.left() >= bounds.left() and rect.right() <= bounds.right()
        else:
            inside = bounds.contains(rect)
        if not inside:
            return [
                f"{title}: {name_of(widget)} at {rect_text(rect)} is cut by "
                f"{name_of(parent)} {rect_text(bounds)}"
            ]
        if scrolling:
            # What scrolls is checked against the scroll area itself from here on.
            rect = QRect(QPoint(0, 0), parent.size())
        child = parent
        parent = parent.parentWidget()
    return []


def cut_text(widget: QWidget, title: str) -> list[str]:
    """Text narrower or shorter than it needs: a cut label, a squeezed button, an elided tab."""
    if isinstance(widget, QTabBar):
        out = []
        metrics = widget.fontMetrics()
        for i in range(widget.count()):
            needed = metrics.horizontalAdvance(widget.tabText(i))
            tab = widget.tabRect(i)
            if tab.width() < needed or not widget.rect().contains(tab):
                out.append(f"{title}: tab {widget.tabText(i)!r} is cut ({tab.width()} < {needed})")
        return out
    if isinstance(widget, QLabel):
        if not widget.text() or (widget.pixmap() is not None and not widget.pixmap().isNull()):
            return []
        if widget.wordWrap():
            needed_h = widget.heightForWidth(widget.width())
            if needed_h > widget.height() + 1:
                return [
                    f"{title}: {name_of(widget)} needs {needed_h} px of height, "
                    f"has {widget.height()}"
                ]
            return []
        needed = widget.minimumSizeHint().width()
        if needed > widget.width() + 1:
            return [f"{title}: {name_of(widget)} needs {needed} px, has {widget.width()}"]
        return []
    if isinstance(widget, QAbstractButton) and widget.text():
        needed = widget.minimumSizeHint().width()
        if needed > widget.width() + 1:
            return [f"{title}: {name_of(widget)} needs {needed} px, has {widget.width()}"]
    return []


def rect_text(rect: QRect) -> str:
    return f"({rect.x()},{rect.y()} {rect.width()}x{rect.height()})"


def dialog_problems(make: Callable[[], QDialog], title: str) -> list[str]:
    dialog = make()
    dialog.show()
    settle()
    problems = window_problems(dialog, title)
    dialog.close()
    dialog.deleteLater()
    settle()
    return problems
