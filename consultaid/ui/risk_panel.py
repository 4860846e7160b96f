"""The risk checklist of the step on screen: figure, range, source, a 100-person icon array, a tick.

A tick is saved with its time before it shows as ticked; risks this patient's recorded factors make
more likely are marked; the count of risks not yet discussed stays in view.
"""

from __future__ import annotations

import html
from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from consultaid import assessment as a
from consultaid.changes import Changes, Part
from consultaid.content.figures import (
    format_frequency,
    format_range,
    format_time_points,
    icon_count,
)
from consultaid.content.model import MoreLikely, Risk
from consultaid.content.selection import more_likely_for
from consultaid.ui.record_controller import RecordController
from consultaid.ui.style import vertical_scroll
from consultaid.ui.walkthrough import Walkthrough

AFFECTED = QColor("#c0562b")
UNAFFECTED = QColor("#c9d3da")
ARRAY_SIZE = (10 * 11, 10 * 13)


class IconArray(QWidget):
    """100 small people, `count` of them coloured: how many in 100 this happens to.

    It shrinks to half its size (keeping its shape) when the panel is narrow, so it is never cut
    at the panel's right edge.
    """

    def __init__(self, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.count = count
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setAccessibleName(f"{count} in 100 people")

    def sizeHint(self) -> QSize:
        return QSize(*ARRAY_SIZE)

    def minimumSizeHint(self) -> QSize:
        return QSize(*ARRAY_SIZE) / 2

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return round(width * ARRAY_SIZE[1] / ARRAY_SIZE[0])

    def paintEvent(self, event: QPaintEvent) -> None:
        scale = min(self.width() / ARRAY_SIZE[0], self.height() / ARRAY_SIZE[1], 1.0)
        painter = QPainter(self)
        painter.drawPixmap(
            0, 0, _icon_array_pixmap(self.count, round(scale * 100), self.devicePixelRatioF())
        )
        painter.end()


@lru_cache(maxsize=256)
def _icon_array_pixmap(count: int, percent: int, ratio: float) -> QPixmap:
    """The array drawn once per count, scale and pixel density; painting a row is then a blit."""
    scale = percent / 100
    pixmap = QPixmap(QSize(*ARRAY_SIZE) * scale * ratio)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.scale(scale, scale)
    for n in range(100):
        row, col = divmod(n, 10)
        painter.setBrush(AFFECTED if n < count else UNAFFECTED)
        x, y = col * 11 + 5.5, row * 13 + 3
        painter.drawEllipse(QPointF(x, y), 2.4, 2.4)
        painter.drawRoundedRect(QRectF(x - 3.2, y + 3, 6.4, 6.5), 2.5, 2.5)
    painter.end()
    return pixmap


class RiskRow(QFrame):
    def __init__(self, risk: Risk, panel: RiskPanel) -> None:
        super().__init__()
        self.risk = risk
        self.setObjectName("riskRow")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.check = QCheckBox(f"{risk.name}")
        self.check.setAccessibleName(f"Discussed: {risk.name}")
        self.check.clicked.connect(lambda on: panel.tick(risk.id, bool(on)))
        font = self.check.font()
        font.setBold(True)
        self.check.setFont(font)
        self.raised = QLabel()
        self.raised.setStyleSheet("color: #a1421b; font-weight: bold;")
        self.raised.setWordWrap(True)
        self.when = QLabel()
        self.when.setStyleSheet("color: #2f6b3a;")
        f = risk.frequency
        sources = ", ".join(risk.sources)
        over_time = format_time_points(f)
        detail = (
            f"<b>{html.escape(format_frequency(f))}</b>"
            + (f" ({html.escape(f.time_frame)})" if f.time_frame else "")
            + f"<br>{html.escape(format_range(f))} · source {html.escape(f.source)}"
            + ("<br>Over time: " + html.escape(" · ".join(over_time)) if over_time else "")
            + f"<br><span style='color:#5b6770'>{html.escape(risk.explanation)}</span>"
        )
        self.detail = QLabel(detail)
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.over_time = over_time
        self.more_likely = QLabel()
        self.more_likely.setObjectName("moreLikely")
        self.more_likely.setAccessibleName(f"More likely: {risk.name}")
        self.more_likely.setWordWrap(True)
        self.more_likely.setTextFormat(Qt.TextFormat.RichText)
        self.references = QLabel(
            f"<span style='color:#8a949b'>References: {html.escape(sources)}</span>"
        )
        self.references.setWordWrap(True)
        self.applying: tuple[MoreLikely, ...] = ()
        self.show_more_likely(())
        text = QVBoxLayout()
        text.addWidget(self.check)
        text.addWidget(self.raised)
        text.addWidget(self.detail)
        text.addWidget(self.more_likely)
        text.addWidget(self.references)
        text.addWidget(self.when)
        row = QHBoxLayout(self)
        row.addLayout(text, 1)
        count = icon_count(f)
        self.icons = IconArray(count) if count is not None else None
        if self.icons is not None:
            row.addWidget(self.icons, 0, Qt.AlignmentFlag.AlignTop)

    def show_more_likely(self, applying: tuple[MoreLikely, ...]) -> None:
        """Every "more likely" sentence; those that fit this patient first, marked and bold."""
        self.applying = applying
        rest = [m for m in self.risk.more_likely if m not in applying]
        items = [f"<li><b>▲ {html.escape(m.text)}</b></li>" for m in applying]
        items += [f"<li>{html.escape(m.text)}</li>" for m in rest]
        self.more_likely.setText(
            "What makes it more likely:"
            f"<ul style='margin-left:-18px; margin-top:2px'>{''.join(items)}</ul>"
        )

    def show_state(self, discussed_at: str | None, raised_by: tuple[str, ...]) -> None:
        self.check.setChecked(discussed_at is not None)
        self.when.setText(f"Discussed at {discussed_at}" if discussed_at else "")
        self.when.setVisible(discussed_at is not None)
        self.raised.setText(
            f"▲ More likely for this patient: {', '.join(raised_by)}" if raised_by else ""
        )
        self.raised.setVisible(bool(raised_by))


class RiskPanel(QWidget):
    def __init__(self, controller: RecordController, walkthrough: Walkthrough) -> None:
        super().__init__()
        self.controller = controller
        self.consultations = controller.consultations
        self.walkthrough = walkthrough
        self.setAccessibleName("Risks")
        self.remaining = QLabel()
        self.remaining.setObjectName("risksRemaining")
        self.remaining.setAccessibleName("Risks not yet discussed")
        self.remaining.setStyleSheet("font-weight: bold; padding: 6px;")
        self.rows_box = QWidget()
        self.rows_layout = QVBoxLayout(self.rows_box)
        self.rows_layout.setSpacing(8)
        scroll = vertical_scroll(self.rows_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.remaining)
        layout.addWidget(scroll, 1)
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 15px; font-weight: bold; color: #1d3b53;")
        self.title.setWordWrap(True)
        self.rows_layout.addWidget(self.title)
        self.empty = QLabel("No risks belong to this step.")
        self.rows_layout.addWidget(self.empty)
        self.rows: dict[str, RiskRow] = {}
        for risk in walkthrough.procedure.risks:
            row = RiskRow(risk, self)
            self.rows[risk.id] = row
            self.rows_layout.addWidget(row)
        self.rows_layout.addStretch(1)
        walkthrough.stepChanged.connect(self.show_step)
        controller.changed.connect(self.record_changed)
        self.show_step()

    def record_changed(self, changes: Changes) -> None:
        if changes.touches(Part.RISKS, Part.ANSWERS, Part.LEVELS, Part.STATUS):
            self.refresh()

    def show_step(self, *_: object) -> None:
        """Show the rows of the step on screen; all rows exist once, so a switch is cheap."""
        step = self.walkthrough.step
        self.title.setText(f"Risks on this step: {step.title}")
        self.empty.setVisible(not step.risks)
        for risk_id, row in self.rows.items():
            row.setVisible(risk_id in step.risks)
        self.refresh()

    def visible_rows(self) -> dict[str, RiskRow]:
        step = self.walkthrough.step
        return {risk_id: self.rows[risk_id] for risk_id in step.risks}

    def tick(self, risk_id: str, discussed: bool) -> None:
        self.controller.do(self.consultations.tick_risk, risk_id, discussed)

    def refresh(self, *_: object) -> None:
        record = self.consultations.record
        self.setEnabled(self.consultations.editable)
        procedure = self.walkthrough.procedure
        if record is None:
            self.remaining.setText("Open a consultation to record which risks were discussed.")
            for row in self.rows.values():
                row.show_state(None, ())
                row.show_more_likely(())
            return
        answers = {x.factor_id: x.value for x in record.answers}
        age = self.consultations.patient_age()
        levels = self.walkthrough.levels
        raised = a.raised_risks(procedure, answers, levels=levels, age=age)
        ticked = {r.risk_id: r for r in record.risks if r.discussed}
        sex = record.patient.sex
        for risk_id, row in self.visible_rows().items():
            discussion = ticked.get(risk_id)
            at = discussion.at.astimezone().strftime("%H:%M") if discussion else None
            row.show_state(at, raised.get(risk_id, ()))
            row.show_more_likely(
                more_likely_for(row.risk, answers, levels=levels, age=age, sex=sex)
            )
        left = len(procedure.risks) - len(ticked)
        self.remaining.setText(
            f"{left} of {len(procedure.risks)} risks not yet discussed"
            if left
            else f"All {len(procedure.risks)} risks discussed"
        )
        self.remaining.setStyleSheet(
            "font-weight: bold; padding: 6px; color: " + ("#a1421b;" if left else "#2f6b3a;")
        )
