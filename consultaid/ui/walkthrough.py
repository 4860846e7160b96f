"""The walkthrough's shared state: which step, which level(s), what the surgeon drew.

The main window and the presenter view both watch this one object, so the patient-facing screen
follows the surgeon's navigation without the two windows knowing about each other.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from consultaid.content.model import Procedure, Step
from consultaid.illustrations import illustration_svg
from consultaid.levels import DEFAULT_LEVELS, format_levels, parse_levels
from consultaid.strokes import StepDrawings, Stroke


class Walkthrough(QObject):
    stepChanged = Signal(int)
    levelsChanged = Signal(object)
    drawingChanged = Signal(str)
    plateChanged = Signal(bool)

    def __init__(
        self,
        procedure: Procedure,
        levels: tuple[str, ...] = DEFAULT_LEVELS,
        drawings: StepDrawings | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.procedure = procedure
        self._index = 0
        self._levels = parse_levels(levels)
        self.drawings = drawings or StepDrawings()
        self._show_plate = False

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
        return self._levels

    @property
    def levels_text(self) -> str:
        return format_levels(self._levels)

    @property
    def show_plate(self) -> bool:
        return self._show_plate

    def go_to(self, index: int) -> None:
        index = max(0, min(self.count - 1, index))
        if index != self._index:
            self._index = index
            self.stepChanged.emit(index)

    def next(self) -> None:
        self.go_to(self._index + 1)

    def previous(self) -> None:
        self.go_to(self._index - 1)

    def set_levels(self, levels: tuple[str, ...]) -> None:
        levels = parse_levels(levels)
        if levels != self._levels:
            self._levels = levels
            self.levelsChanged.emit(levels)

    def set_show_plate(self, show: bool) -> None:
        if show != self._show_plate:
            self._show_plate = show
            self.plateChanged.emit(show)

    def paragraphs(self) -> tuple[str, ...]:
        return self.step.paragraphs(self.levels_text)

    def strokes(self) -> tuple[Stroke, ...]:
        return self.drawings.strokes(self.step.id)

    def add_stroke(self, stroke: Stroke) -> None:
        self.drawings.add(self.step.id, stroke)
        self.drawingChanged.emit(self.step.id)

    def undo(self) -> bool:
        done = self.drawings.undo(self.step.id)
        if done:
            self.drawingChanged.emit(self.step.id)
        return done

    def clear(self) -> bool:
        done = self.drawings.clear(self.step.id)
        if done:
            self.drawingChanged.emit(self.step.id)
        return done

    def svg(self, index: int | None = None) -> str:
        """A step's illustration (the current one by default) at the chosen level(s), drawn on."""
        step = self.step if index is None else self.procedure.steps[index]
        return illustration_svg(
            step.id,
            self._levels,
            self.drawings.strokes(step.id),
            recovery=self.procedure.recovery,
            show_plate=self._show_plate,
            parts_dir=self.procedure.illustration_path(step.id).parent,
        )

    def likely_next_svgs(self) -> list[str]:
        """The other steps' illustrations, the next and the previous first."""
        order = [self._index + 1, self._index - 1]
        order += [i for i in range(self.count) if i not in order and i != self._index]
        return [self.svg(i) for i in order if 0 <= i < self.count]
