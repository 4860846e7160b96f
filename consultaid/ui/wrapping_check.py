"""A tick box whose label wraps, for long names in a narrow side panel (QCheckBox never wraps)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QWidget


class ClickLabel(QLabel):
    clicked = Signal()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class WrappingCheck(QWidget):
    """`check` is the real QCheckBox (tests and screen readers use it); the label toggles it."""

    def __init__(self, text: str, accessible_name: str) -> None:
        super().__init__()
        self.check = QCheckBox()
        self.check.setAccessibleName(accessible_name)
        self.label = ClickLabel(text)
        self.label.setWordWrap(True)
        self.label.setCursor(Qt.CursorShape.PointingHandCursor)
        self.label.clicked.connect(self.check.click)
        self.side = QLabel()
        self.side.setStyleSheet("color: #2f6b3a;")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.check, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.label, 1)
        row.addWidget(self.side, 0, Qt.AlignmentFlag.AlignTop)
