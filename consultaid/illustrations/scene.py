"""What a step's drawing is made from: the validated levels, the parts files and the options."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from consultaid.content.model import RecoveryPhase
from consultaid.illustrations.parts import Parts, load_parts


@dataclass(frozen=True)
class Scene:
    step: str
    levels: tuple[str, ...]
    parts_dir: Path
    recovery: tuple[RecoveryPhase, ...] = ()
    show_plate: bool = False

    @property
    def parts(self) -> Parts:
        """This step's own parts file."""
        return load_parts(self.parts_dir, self.step)

    def parts_of(self, step: str) -> Parts:
        """Another step's parts, for a drawing that shows that step's art again."""
        return load_parts(self.parts_dir, step)


@dataclass(frozen=True)
class Drawing:
    """A step's contribution to the document: gradient definitions and the picture itself."""

    defs: str
    body: str
