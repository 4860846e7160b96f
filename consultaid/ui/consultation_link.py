"""Keeps the walkthrough and the open consultation in step, and saves what the walkthrough does.

Opening a consultation sets the planned levels and the saved drawings; a level change, a stroke and
the time spent on each step are written to the record as they happen. Switching consultation (or
patient) closes the presenter view first, so the patient's screen never shows another record.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject

from consultaid.strokes import StepDrawings
from consultaid.ui.session import Session
from consultaid.ui.walkthrough import Walkthrough


class ConsultationLink(QObject):
    def __init__(
        self, session: Session, walkthrough: Walkthrough, close_presenter: Callable[[], None]
    ) -> None:
        super().__init__(session)
        self.session = session
        self.walkthrough = walkthrough
        self.close_presenter = close_presenter
        self._entered = time.monotonic()
        self._step_id = walkthrough.step.id
        self._loading = False
        session.consultationChanged.connect(self.load)
        walkthrough.levelsChanged.connect(self.save_levels)
        walkthrough.drawingChanged.connect(self.save_drawing)
        walkthrough.stepChanged.connect(self.step_changed)

    def load(self) -> None:
        self.close_presenter()
        record = self.session.record
        self._loading = True
        try:
            if record is None:
                self.walkthrough.drawings = StepDrawings()
                self.walkthrough.drawingChanged.emit(self.walkthrough.step.id)
                return
            drawings = {a.step_id: a.strokes for a in record.annotations}
            self.walkthrough.drawings = StepDrawings(drawings)
            self.walkthrough.set_levels(record.consultation.levels)
            self.walkthrough.drawingChanged.emit(self.walkthrough.step.id)
        finally:
            self._loading = False
        self._entered = time.monotonic()
        self._step_id = self.walkthrough.step.id

    def save_levels(self, levels: tuple[str, ...]) -> None:
        record = self.session.record
        if self._loading or record is None or record.consultation.levels == levels:
            return
        if self.session.save(self.session.store.set_levels, levels) is None:
            self._loading = True
            try:
                self.walkthrough.set_levels(self.session.record.consultation.levels)
            finally:
                self._loading = False

    def save_drawing(self, step_id: str) -> None:
        if self._loading or not self.session.editable:
            return
        strokes = self.walkthrough.drawings.strokes(step_id)
        if self.session.record and self.session.record.annotation(step_id) == strokes:
            return
        self.session.save(self.session.store.save_annotation, step_id, strokes)

    def step_changed(self, _index: int) -> None:
        self.flush_visit()
        self._step_id = self.walkthrough.step.id

    def flush_visit(self) -> None:
        """Record the seconds spent on the step being left (not for a final consultation)."""
        now = time.monotonic()
        seconds = round(now - self._entered, 1)
        self._entered = now
        if self.session.editable and seconds >= 1:
            self.session.save(self.session.store.record_step_visit, self._step_id, seconds)
