"""The words drawn in the step pictures, as frozen dataclasses read from [illustration_labels].

Kept apart from the rest of the model because they are the pictures' words, not clinical content.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The words drawn in the step illustrations. Every field is required in the pack's
# [illustration_labels] table (the loader reads them by these names; `toml` in a field's metadata
# gives the table's key where it differs). A tuple is a label's lines, top to bottom.


@dataclass(frozen=True)
class ConditionLabels:
    spinal_cord: tuple[str, ...]
    bone_spur: tuple[str, ...]
    pressure: tuple[str, ...]
    softened_cord: tuple[str, ...]
    worn_disc: tuple[str, ...]


@dataclass(frozen=True)
class IncisionLabels:
    cut: tuple[str, ...]
    spine: tuple[str, ...]


@dataclass(frozen=True)
class DecompressionLabels:
    before: str
    before_caption: tuple[str, ...]
    after: str
    after_caption: tuple[str, ...]


@dataclass(frozen=True)
class ImplantGraftLabels:
    cage: tuple[str, ...]
    plate: tuple[str, ...]
    fusion: tuple[str, ...]


@dataclass(frozen=True)
class RecoveryLabels:
    title: str
    axis: str
    later: str


@dataclass(frozen=True)
class IllustrationLabels:
    """`level` and `levels` are headings with `{levels}`, for one level and for two."""

    level: str
    levels: str
    front_of_neck: str
    back_of_neck: str
    condition: ConditionLabels
    incision: IncisionLabels
    decompression: DecompressionLabels
    implant_graft: ImplantGraftLabels = field(metadata={"toml": "implant-graft"})
    recovery: RecoveryLabels

    def heading(self, levels: str, count: int) -> str:
        return (self.levels if count > 1 else self.level).replace("{levels}", levels)
