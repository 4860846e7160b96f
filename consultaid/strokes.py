"""The surgeon's freehand drawing on an illustration, as plain data in the SVG's coordinate space.

Coordinates are in the illustration's viewBox, so a stroke lands on the same anatomy whatever the
window size, and the PDF draws it where the screen did.
"""

from __future__ import annotations

from dataclasses import dataclass

PEN_COLOURS: dict[str, str] = {"blue": "#1f5fbf", "red": "#c0392b", "black": "#1b1b1b"}
DEFAULT_WIDTH = 6.0


@dataclass(frozen=True)
class Stroke:
    colour: str
    points: tuple[tuple[float, float], ...]
    width: float = DEFAULT_WIDTH

    def __post_init__(self) -> None:
        if self.colour not in PEN_COLOURS:
            raise ValueError(f"unknown pen colour {self.colour!r}")

    @property
    def hex(self) -> str:
        return PEN_COLOURS[self.colour]

    def to_data(self) -> dict:
        """A JSON-ready form for the database."""
        return {
            "colour": self.colour,
            "width": self.width,
            "points": [list(p) for p in self.points],
        }

    @classmethod
    def from_data(cls, data: dict) -> Stroke:
        points = tuple((float(x), float(y)) for x, y in data["points"])
        return cls(
            colour=data["colour"], points=points, width=float(data.get("width", DEFAULT_WIDTH))
        )


class StepDrawings:
    """Each step's strokes with its own undo history; undo also brings back a cleared drawing."""

    def __init__(self, initial: dict[str, tuple[Stroke, ...]] | None = None) -> None:
        self._strokes: dict[str, tuple[Stroke, ...]] = dict(initial or {})
        self._history: dict[str, list[tuple[Stroke, ...]]] = {}

    def strokes(self, step_id: str) -> tuple[Stroke, ...]:
        return self._strokes.get(step_id, ())

    def all(self) -> dict[str, tuple[Stroke, ...]]:
        return {k: v for k, v in self._strokes.items() if v}

    def add(self, step_id: str, stroke: Stroke) -> None:
        self._push(step_id, (*self.strokes(step_id), stroke))

    def clear(self, step_id: str) -> bool:
        if not self.strokes(step_id):
            return False
        self._push(step_id, ())
        return True

    def undo(self, step_id: str) -> bool:
        history = self._history.get(step_id)
        if not history:
            return False
        self._strokes[step_id] = history.pop()
        return True

    def show_saved(self, step_id: str, saved: tuple[Stroke, ...]) -> None:
        """The drawing as stored after adding a stroke, with strokes another window added; undo
        then takes back only this window's stroke (appended last), not theirs."""
        if saved == self.strokes(step_id):
            return
        self._strokes[step_id] = saved
        history = self._history.get(step_id)
        if history:
            history[-1] = saved[:-1]

    def can_undo(self, step_id: str) -> bool:
        return bool(self._history.get(step_id))

    def _push(self, step_id: str, new: tuple[Stroke, ...]) -> None:
        self._history.setdefault(step_id, []).append(self.strokes(step_id))
        self._strokes[step_id] = new
