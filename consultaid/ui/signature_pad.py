"""Signing on screen: a pad for mouse, pen or finger, captured as vector strokes with the time.

The strokes are kept in the pad's own 600×200 box, so the PDF draws the signature at any size
without blur. Nothing is saved until the signer presses Save; then it is stored at once.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from consultaid.errors import ConsultAidError
from consultaid.strokes import Stroke
from consultaid.ui.style import save_cancel_buttons

PAD_WIDTH, PAD_HEIGHT = 600.0, 200.0
ROLE_LABELS = {
    "patient": "Patient",
    "representative": "Patient's representative",
    "surgeon": "Surgeon who held the discussion",
    "witness": "Witness",
    "interpreter": "Interpreter",
}


class SignaturePad(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Signature pad: sign with the mouse, a pen or a finger")
        self.setMinimumSize(480, 160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.strokes: list[Stroke] = []
        self._current: list[tuple[float, float]] = []

    def sizeHint(self) -> QSize:
        return QSize(720, 240)

    def box(self) -> QRectF:
        scale = min(self.width() / PAD_WIDTH, self.height() / PAD_HEIGHT)
        w, h = PAD_WIDTH * scale, PAD_HEIGHT * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def to_pad(self, point: QPointF) -> tuple[float, float]:
        box = self.box()
        x = (point.x() - box.x()) / box.width() * PAD_WIDTH
        y = (point.y() - box.y()) / box.height() * PAD_HEIGHT
        return (round(min(max(x, 0), PAD_WIDTH), 1), round(min(max(y, 0), PAD_HEIGHT), 1))

    def clear(self) -> None:
        self.strokes = []
        self.update()
        self.changed.emit()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = self.box()
        painter.fillRect(box, QColor("#ffffff"))
        painter.setPen(QPen(QColor("#9aa5ad"), 1, Qt.PenStyle.DashLine))
        base = box.y() + box.height() * 0.78
        painter.drawLine(QPointF(box.x() + 20, base), QPointF(box.right() - 20, base))
        scale = box.width() / PAD_WIDTH
        pen = QPen(QColor("#14243a"), 3.0 * scale)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        for points in [s.points for s in self.strokes] + [tuple(self._current)]:
            if len(points) < 2:
                continue
            path = QPainterPath(self._from_pad(points[0]))
            for p in points[1:]:
                path.lineTo(self._from_pad(p))
            painter.drawPath(path)
        painter.end()

    def _from_pad(self, point: tuple[float, float]) -> QPointF:
        box = self.box()
        return QPointF(
            box.x() + point[0] / PAD_WIDTH * box.width(),
            box.y() + point[1] / PAD_HEIGHT * box.height(),
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._current = [self.to_pad(event.position())]

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._current:
            point = self.to_pad(event.position())
            if point != self._current[-1]:
                self._current.append(point)
                self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._current:
            points = self._current
            self._current = []
            if len(points) == 1:
                points.append((points[0][0] + 0.5, points[0][1] + 0.5))
            self.strokes.append(Stroke(colour="black", points=tuple(points), width=3.0))
            self.update()
            self.changed.emit()


class SignatureDialog(QDialog):
    """Choose who signs, type the printed name, sign, save. Calls `save(role, name, strokes, …)`."""

    def __init__(self, save, default_names: dict[str, str], parent=None) -> None:
        super().__init__(parent)
        self._save = save
        self.default_names = default_names
        self.saved = None
        self.setWindowTitle("Sign on screen")
        self.setAccessibleName("Sign on screen")
        self.role = QComboBox()
        self.role.setAccessibleName("Who is signing")
        for role, label in ROLE_LABELS.items():
            self.role.addItem(label, role)
        self.role.currentIndexChanged.connect(self._role_changed)
        self.name = QLineEdit()
        self.name.setAccessibleName("Printed name")
        self.relationship = QLineEdit()
        self.relationship.setAccessibleName("Relationship to the patient")
        self.language = QLineEdit()
        self.language.setAccessibleName("Language interpreted")
        form = QFormLayout()
        form.addRow("Who is signing", self.role)
        form.addRow("Printed name", self.name)
        form.addRow("Relationship to the patient", self.relationship)
        form.addRow("Language", self.language)
        self.form = form
        self.pad = SignaturePad()
        clear = QPushButton("Clear signature")
        clear.setAccessibleName("Clear signature")
        clear.clicked.connect(self.pad.clear)
        self.message = QLabel()
        self.message.setStyleSheet("color: #a12622; font-weight: bold;")
        self.message.setWordWrap(True)
        self.message.hide()
        buttons = save_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Sign in the box:"))
        layout.addWidget(self.pad, 1)
        layout.addWidget(clear, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self._role_changed()

    def _role_changed(self, *_: object) -> None:
        role = self.role.currentData()
        self.name.setText(self.default_names.get(role, ""))
        self.form.setRowVisible(self.relationship, role == "representative")
        self.form.setRowVisible(self.language, role == "interpreter")

    def accept(self) -> None:
        role = self.role.currentData()
        if not self.pad.strokes:
            self.message.setText("Sign in the box first, or press Cancel.")
            self.message.show()
            return
        try:
            self.saved = self._save(
                role,
                self.name.text(),
                tuple(self.pad.strokes),
                relationship=self.relationship.text() if role == "representative" else "",
                language=self.language.text() if role == "interpreter" else "",
            )
        except ConsultAidError as exc:
            self.message.setText(str(exc))
            self.message.show()
            return
        if self.saved is None:
            return
        super().accept()
