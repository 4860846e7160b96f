"""The walkthrough's shared state: which step, and the levels and drawing it shows.

The main window and the presenter view both watch this one object, so the patient-facing screen
follows the surgeon's navigation without the two windows knowing about each other. The levels and
the drawings belong to the consultation (`Consultations`); the walkthrough reads them there and
sends every change through the record controller, so they have one owner. A plate is drawn when
the open consultation records one (`plate_used`), never by a switch of its own, and the change
inside the cord unless its MRI finding says there is none (`cord_change_shown`).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Signal

from consultaid.changes import Changes, Part
from consultaid.content.model import Procedure, Step
from consultaid.content.selection import step_paragraphs
from consultaid.illustrations import illustration_svg
from consultaid.levels import format_levels
from consultaid.record_keys import cord_change_shown, plate_used
from consultaid.strokes import StepDrawings, Stroke
from consultaid.ui.record_controller import RecordController


class Walkthrough(QObject):
    stepChanged = Signal(int)
    levelsChanged = Signal(object)
    drawingChanged = Signal(str)
    factsChanged = Signal()  # a recorded fact the pictures draw: the plate, the cord's change
    textChanged = Signal()  # an answer that may choose other patient text (the MRI finding)

    def __init__(
        self, procedure: Procedure, controller: RecordController, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.procedure = procedure
        self.controller = controller
        self.consultations = controller.consultations
        self._index = 0
        self._facts = self._recorded_facts()
        self._entered = time.monotonic()
        controller.changed.connect(self._record_changed)

    @property
    def index(self) -> int:
        return self._index

    @property
    def step(self) -> Step:
        return self.procedure.steps[self._index]

    @property
    def count(self) -> int:
        return len(self.procedure.steps)

    @property
    def levels(self) -> tuple[str, ...]:
        return self.consultations.levels

    @property
    def drawings(self) -> StepDrawings:
        return self.consultations.drawings

    @property
    def levels_text(self) -> str:
        return format_levels(self.levels)

    @property
    def show_plate(self) -> bool:
        return self._facts[0]

    @property
    def cord_change(self) -> bool:
        return self._facts[1]

    def go_to(self, index: int) -> None:
        index = max(0, min(self.count - 1, index))
        if index != self._index:
            self.flush_visit()
            self._index = index
            self.stepChanged.emit(index)

    def next(self) -> None:
        self.go_to(self._index + 1)

    def previous(self) -> None:
        self.go_to(self._index - 1)

    def flush_visit(self) -> None:
        """Record the seconds spent on the step on screen (kept only for an editable draft)."""
        now = time.monotonic()
        seconds = round(now - self._entered, 1)
        self._entered = now
        self.controller.do(self.consultations.record_visit, self.step.id, seconds)

    def set_levels(self, levels: tuple[str, ...]) -> None:
        self.controller.do(self.consultations.set_levels, levels)

    def paragraphs(self) -> tuple[str, ...]:
        """The step's patient text for this consultation: levels and recorded findings in it."""
        return step_paragraphs(
            self.procedure,
            self.step.id,
            self.consultations.answers(),
            levels=self.levels,
            levels_text=self.levels_text,
        )

    def strokes(self) -> tuple[Stroke, ...]:
        return self.drawings.strokes(self.step.id)

    def add_stroke(self, stroke: Stroke) -> None:
        self.controller.do(self.consultations.add_stroke, self.step.id, stroke)

    def undo(self) -> bool:
        return bool(self.controller.do(self.consultations.undo_stroke, self.step.id).changes)

    def clear(self) -> bool:
        return bool(self.controller.do(self.consultations.clear_drawing, self.step.id).changes)

    def _record_changed(self, changes: Changes) -> None:
        if changes.touches(Part.RECORD):
            self._entered = time.monotonic()
        if changes.touches(Part.LEVELS):
            self.levelsChanged.emit(self.levels)
        if changes.touches(Part.ANSWERS, Part.RECORD):
            self.textChanged.emit()
        if changes.touches(Part.DRAWINGS):
            self.drawingChanged.emit(self.step.id)
        facts = self._recorded_facts()
        if facts != self._facts:
            self._facts = facts
            self.factsChanged.emit()

    def _recorded_facts(self) -> tuple[bool, bool]:
        record = self.consultations.record
        return plate_used(record), cord_change_shown(record)

    def svg(self, index: int | None = None, label_scale: float = 1.0) -> str:
        """A step's illustration (the current one by default) at the chosen level(s), drawn on.

        `label_scale` enlarges the picture's words (the presenter's larger text).
        """
        step = self.step if index is None else self.procedure.steps[index]
        return illustration_svg(
            self.procedure,
            step.id,
            self.levels,
            self.drawings.strokes(step.id),
            show_plate=self.show_plate,
            cord_change=self.cord_change,
            label_scale=label_scale,
        )

    def likely_next_svgs(self) -> list[str]:
        """The other steps' illustrations, the next and the previous first."""
        order = [self._index + 1, self._index - 1]
        order += [i for i in range(self.count) if i not in order and i != self._index]
        return [self.svg(i) for i in order if 0 <= i < self.count]
