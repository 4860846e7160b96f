"""A list whose rows wrap onto as many lines as they need, at whatever width the list has.

QListWidget's own word wrap measures a row as if the stylesheet's padding were not there: a
title that needs two lines in the padded row gets the height of one and ends in "…" (seen at
1366×768 on "The cage and bone graft"), and a long row without wrap runs off to the side behind
a scroll bar. This list measures each row at its real text width and sets its height.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, QTimer
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QListView, QListWidget, QStyle, QWidget


class WrappingList(QListWidget):
    """`padding` is what the stylesheet adds around a row's text: (width, height) in total."""

    def __init__(self, padding: QSize, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._padding = padding
        self._width = -1
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.model().rowsInserted.connect(self._refit_soon)
        self.model().dataChanged.connect(self._refit_soon)

    def text_width(self) -> int:
        """The width a row's text wraps at: the viewport less the padding and the text margins."""
        margin = self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self) + 1
        return max(40, self.viewport().width() - self._padding.width() - 2 * margin)

    def fit_rows(self) -> None:
        """Give every row the height its wrapped text needs at the list's current width."""
        self.ensurePolished()
        width = self.text_width()
        self._width = width
        metrics = QFontMetrics(self.font())
        flags = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft
        for row in range(self.count()):
            item = self.item(row)
            text = metrics.boundingRect(QRect(0, 0, width, 100_000), flags, item.text())
            height = text.height() + self._padding.height()
            if item.sizeHint().height() != height:
                item.setSizeHint(QSize(width, height))

    def _refit_soon(self, *_: object) -> None:
        QTimer.singleShot(0, self, self.fit_rows)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.text_width() != self._width:
            self.fit_rows()
