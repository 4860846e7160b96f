"""Draws a step's SVG illustration scaled to fit, and lets the surgeon draw on it.

The SVG is rendered into a pixmap at the screen's pixel density and painting just blits it. The last
few pixmaps are kept, and the neighbouring steps can be rendered ahead while the app is idle, so
going back and forth between steps costs a blit. Strokes are captured in viewBox coordinates.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QWidget

from consultaid.illustrations import VIEWBOX
from consultaid.strokes import DEFAULT_WIDTH, PEN_COLOURS, Stroke

BACKGROUND = QColor("#f7f4ee")
CACHED_PIXMAPS = 8


class IllustrationView(QWidget):
    strokeFinished = Signal(object)

    def __init__(self, *, drawing_enabled: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 220)
        self.setAutoFillBackground(False)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._renderer = QSvgRenderer(self)
        self._loaded = ""
        self._cache: OrderedDict[tuple[str, int, int, float], QPixmap] = OrderedDict()
        self._svg = ""
        self._ahead: list[str] = []
        self.drawing_enabled = drawing_enabled
        self.pen_colour = next(iter(PEN_COLOURS))
        self._current: list[tuple[float, float]] = []
        if drawing_enabled:
            self.setCursor(Qt.CursorShape.CrossCursor)

    def sizeHint(self) -> QSize:
        return QSize(900, 600)

    def set_svg(self, svg: str) -> None:
        if svg != self._svg:
            self._svg = svg
            self.update()

    def svg(self) -> str:
        return self._svg

    def target_rect(self) -> QRectF:
        """Where the viewBox lands in the widget: scaled to fit, centred, aspect kept."""
        _, _, vw, vh = VIEWBOX
        scale = min(self.width() / vw, self.height() / vh)
        w, h = vw * scale, vh * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def to_viewbox(self, point: QPointF) -> tuple[float, float]:
        rect = self.target_rect()
        x0, y0, vw, vh = VIEWBOX
        x = x0 + (point.x() - rect.x()) / rect.width() * vw
        y = y0 + (point.y() - rect.y()) / rect.height() * vh
        return (round(min(max(x, x0), x0 + vw), 1), round(min(max(y, y0), y0 + vh), 1))

    def from_viewbox(self, x: float, y: float) -> QPointF:
        rect = self.target_rect()
        x0, y0, vw, vh = VIEWBOX
        return QPointF(
            rect.x() + (x - x0) / vw * rect.width(), rect.y() + (y - y0) / vh * rect.height()
        )

    def render_pixmap(self, svg: str | None = None) -> QPixmap:
        """The illustration at the widget's size and pixel density, from the cache if it can."""
        svg = self._svg if svg is None else svg
        ratio = self.devicePixelRatioF()
        key = (svg, self.width(), self.height(), ratio)
        pixmap = self._cache.get(key)
        if pixmap is not None:
            self._cache.move_to_end(key)
            return pixmap
        if svg != self._loaded:
            self._renderer.load(svg.encode("utf-8"))
            self._loaded = svg
        pixmap = QPixmap(self.size() * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(BACKGROUND)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if svg and self._renderer.isValid():
            self._renderer.render(painter, self.target_rect())
        painter.end()
        self._cache[key] = pixmap
        while len(self._cache) > CACHED_PIXMAPS:
            self._cache.popitem(last=False)
        return pixmap

    def is_rendered(self, svg: str) -> bool:
        return (svg, self.width(), self.height(), self.devicePixelRatioF()) in self._cache

    def forget_rendered(self) -> None:
        self._cache.clear()

    def prefetch(self, svgs: list[str]) -> None:
        """Render these ahead, one per turn of the event loop so input is never kept waiting."""
        self._ahead = list(svgs)
        QTimer.singleShot(0, self, self._render_ahead)

    def _render_ahead(self) -> None:
        if self._ahead and self.isVisible():
            self.render_pixmap(self._ahead.pop(0))
            if self._ahead:
                QTimer.singleShot(0, self, self._render_ahead)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self.render_pixmap())
        if len(self._current) > 1:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            scale = self.target_rect().width() / VIEWBOX[2]
            pen = QPen(QColor(PEN_COLOURS[self.pen_colour]), DEFAULT_WIDTH * scale)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            path = QPainterPath(self.from_viewbox(*self._current[0]))
            for x, y in self._current[1:]:
                path.lineTo(self.from_viewbox(x, y))
            painter.drawPath(path)
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.drawing_enabled and event.button() == Qt.MouseButton.LeftButton:
            self._current = [self.to_viewbox(event.position())]
            event.accept()
        else:
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._current:
            point = self.to_viewbox(event.position())
            if point != self._current[-1]:
                self._current.append(point)
                self.update()
            event.accept()
        else:
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._current:
            points = self._current
            self._current = []
            if len(points) == 1:
                points = [points[0], (points[0][0] + 0.5, points[0][1] + 0.5)]
            self.strokeFinished.emit(Stroke(colour=self.pen_colour, points=tuple(points)))
            self.update()
            event.accept()
        else:
            super().mouseReleaseEvent(event)
