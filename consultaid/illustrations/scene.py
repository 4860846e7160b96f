"""What a step's drawing is made from: the levels, the pack's words and parts files, the options."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from consultaid.content.model import IllustrationLabels, RecoveryPhase
from consultaid.errors import ContentError
from consultaid.illustrations.parts import Parts, load_parts
from consultaid.levels import format_levels


@dataclass(frozen=True)
class Scene:
    """Everything a builder reads, hashable so the same scene is drawn once.

    `files` maps each step id of the pack to its parts file; `labels` are the pack's words.
    """

    step: str
    levels: tuple[str, ...]
    labels: IllustrationLabels
    files: tuple[tuple[str, Path], ...]
    recovery: tuple[RecoveryPhase, ...] = ()
    show_plate: bool = False
    cord_change: bool = True
    label_scale: float = 1.0

    def size(self, base: float) -> float:
        """A label's text size at this scene's label scale (the presenter's larger text)."""
        return base * self.label_scale

    @property
    def parts(self) -> Parts:
        """This step's own parts file."""
        return self.parts_of(self.step)

    def parts_of(self, step: str) -> Parts:
        """A step's parts (another step's too, for a drawing that shows that step's art again)."""
        for step_id, path in self.files:
            if step_id == step:
                return load_parts(path)
        raise ContentError(
            f"The content pack has no step '{step}', whose picture the '{self.step}' step draws "
            f'on. Add a [[steps]] entry with id = "{step}" and its illustration file.'
        )

    @property
    def heading(self) -> str:
        """The picture's heading naming the level(s), in the pack's words."""
        return self.labels.heading(format_levels(self.levels), len(self.levels))


@dataclass(frozen=True)
class Drawing:
    """A step's contribution to the document: gradient definitions and the picture itself."""

    defs: str
    body: str
