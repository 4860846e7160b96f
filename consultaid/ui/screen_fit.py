"""Every window fits the screen it is on: the main window, each dialog, each message box.

A window asks for the size its layout likes (a 900 px preview, a 1000 px main window); on a
1366×768 laptop, or a 1920×1080 screen at 150 % (1280×720 device-independent pixels), that size
puts the title bar, the buttons or the record docks' tabs off the screen. One application-wide
event filter, installed by the composition root, shrinks a window (title bar and frame included)
to its screen's available geometry when it is shown, resized or moved to another screen, and
moves it back inside. The window's own layout then decides what scrolls: tall dialogs put their
body in a scroll area (`scrolling_body`) so their minimum height stays small.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMargins, QObject, QPoint, QSize, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QMainWindow,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

# A title bar and thin borders, assumed until the window manager has framed the window.
FRAME_ESTIMATE = QMargins(4, 34, 4, 4)


def frame_margins(window: QWidget) -> QMargins:
    """The frame around the window's contents, or an estimate before it is known."""
    frame, inner = window.frameGeometry(), window.geometry()
    margins = QMargins(
        inner.left() - frame.left(),
        inner.top() - frame.top(),
        frame.right() - inner.right(),
        frame.bottom() - inner.bottom(),
    )
    return margins if not margins.isNull() else FRAME_ESTIMATE


def fitted_size(wanted: QSize, room: QSize) -> QSize:
    """The wanted size, no larger than the room in either direction."""
    return QSize(min(wanted.width(), room.width()), min(wanted.height(), room.height()))


def fit_to_screen(window: QWidget) -> None:
    """Shrink the window to its screen's available geometry and move its frame inside it."""
    if window.windowState() & (Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen):
        return
    screen = window.screen() or QApplication.primaryScreen()
    available = screen.availableGeometry()
    margins = frame_margins(window)
    size = fitted_size(window.size(), available.marginsRemoved(margins).size())
    # pos() is where the frame starts; the frame is the contents plus the margins.
    where = window.pos()
    if size != window.size():
        window.resize(size)
        # Shrunk: centred again over what it belongs to (Qt centred it at its old size).
        parent = window.parentWidget()
        over = parent.window().frameGeometry() if parent is not None else available
        outer = window.size().grownBy(margins)
        where = over.center() - QPoint(outer.width() // 2, outer.height() // 2)
    outer = window.size().grownBy(margins)
    x = max(available.left(), min(where.x(), available.right() + 1 - outer.width()))
    y = max(available.top(), min(where.y(), available.bottom() + 1 - outer.height()))
    if QPoint(x, y) != window.pos():
        window.move(x, y)


def fits(window: QWidget) -> bool:
    """Whether the window, frame included, lies within its screen's available geometry."""
    screen = window.screen() or QApplication.primaryScreen()
    return screen.availableGeometry().contains(window.frameGeometry())


def needed_width(panel: QWidget) -> int:
    """The width a scrolling panel needs so that none of its rows is cut at the side.

    A scroll area that scrolls only down cuts whatever is wider than its viewport. Each row of
    its contents counts, shown or not (a panel shows other rows on another step), and the
    vertical scroll bar beside them.
    """
    panel.ensurePolished()
    widths = [panel.minimumSizeHint().width()]
    areas = [panel] if isinstance(panel, QScrollArea) else []
    for area in [*areas, *panel.findChildren(QScrollArea)]:
        body = area.widget()
        if body is None:
            continue
        layout = body.layout()
        sides = layout.contentsMargins() if layout is not None else QMargins()
        rows = body.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        inner = max(
            [body.minimumSizeHint().width()]
            + [row.minimumSizeHint().width() + sides.left() + sides.right() for row in rows]
        )
        bar = area.verticalScrollBar().sizeHint().width()
        widths.append(inner + bar + 2 * area.frameWidth())
    return max(widths)


def scrolling_body(body: QWidget) -> QScrollArea:
    """The body of a tall dialog in a frameless scroll area, so the buttons below stay in view."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(body)
    return area


def body_widget(layout: QVBoxLayout) -> QWidget:
    """A plain widget holding this layout, to go into `scrolling_body`."""
    body = QWidget()
    body.setObjectName("dialogBody")
    layout.setContentsMargins(0, 0, 0, 0)
    body.setLayout(layout)
    return body


class ScreenFit(QObject):
    """Filters the application's events; see the module's docstring."""

    @classmethod
    def install(cls, app: QApplication) -> ScreenFit:
        """The application's filter, installed once however often this is called."""
        fitter = app.findChild(ScreenFit)
        if fitter is None:
            fitter = cls(app)
            app.installEventFilter(fitter)
        return fitter

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.Show, QEvent.Type.Resize) and _fitted_kind(watched):
            if kind == QEvent.Type.Show:
                self._follow_screen(watched)
            if kind == QEvent.Type.Show or watched.isVisible():
                fit_to_screen(watched)
        return False

    def _follow_screen(self, window: QWidget) -> None:
        """Fit again when the window is moved to another screen (once per window)."""
        handle = window.windowHandle()
        if handle is not None and not handle.property("consultaidScreenFit"):
            handle.setProperty("consultaidScreenFit", True)
            handle.screenChanged.connect(lambda _screen, w=window: fit_to_screen(w))


def _fitted_kind(watched: QObject) -> bool:
    """Main windows and dialogs (message boxes included); not menus, pop-ups or tool tips."""
    return isinstance(watched, QMainWindow | QDialog) and watched.isWindow()
