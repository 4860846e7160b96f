"""What the code relies on in a pack: the candidacy factors it computes with and the keys it keeps.

The rest of a pack is free, but these ids are read by name (assessment, the candidacy panel, the
consent summary), so the loader checks them here and the code imports the names from here: the
check and the code cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from consultaid.record_keys import INTERPRETER, REPRESENTATIVE

AGE = "age"
HEIGHT = "height"
WEIGHT = "weight"
MULTI_LEVEL = "multi-level"
NONSURGICAL_MONTHS = "nonsurgical-months"
NONSURGICAL_KINDS = "nonsurgical-kinds"

# Answers are kept under one name each: the factor ids, `mjoa.<item id>`, the two scales and the
# record keys. A factor may not take a name another answer uses.
MJOA_PREFIX = "mjoa."
NURICK = "nurick"
ASA = "asa"
RESERVED_ANSWER_KEYS = (NURICK, ASA, INTERPRETER, REPRESENTATIVE)

MJOA_TOTAL = 18  # the 18-point modified JOA: the bands and the summary's "of 18" assume it


@dataclass(frozen=True)
class FactorSpec:
    """A candidacy factor the code reads by id: its kind, its unit ("" for any) and what for."""

    id: str
    kind: str
    unit: str
    use: str

    def toml(self) -> str:
        """The lines an editor adds to define it, for the error message."""
        unit = f', unit = "{self.unit}"' if self.unit else ""
        return f'id = "{self.id}", kind = "{self.kind}"{unit}'


REQUIRED_FACTORS: tuple[FactorSpec, ...] = (
    FactorSpec(AGE, "number", "years", "the age it works out from the date of birth"),
    FactorSpec(HEIGHT, "number", "cm", "the BMI"),
    FactorSpec(WEIGHT, "number", "kg", "the BMI"),
    FactorSpec(MULTI_LEVEL, "boolean", "", "the flag it sets when more than one level is planned"),
    FactorSpec(NONSURGICAL_MONTHS, "number", "months", "the nonsurgical care note and summary"),
    FactorSpec(NONSURGICAL_KINDS, "choice", "", "the nonsurgical care note and summary"),
)
