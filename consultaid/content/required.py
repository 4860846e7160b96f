"""What the code relies on in a pack: the candidacy factors it computes with and the keys it keeps.

The rest of a pack is free, but these ids are read by name (assessment, the candidacy panel, the
consent summary), so the loader checks them here and the code imports the names from here: the
check and the code cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from consultaid.record_keys import (  # the pictures read these two too, from the lowest layer
    INTERPRETER,
    MRI_SIGNAL,
    PLATE_USED,
    REPRESENTATIVE,
)

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
    choices: tuple[str, ...] = ()

    def toml(self) -> str:
        """The lines an editor adds to define it, for the error message."""
        unit = f', unit = "{self.unit}"' if self.unit else ""
        choices = ", ".join(f'"{c}"' for c in self.choices)
        listed = f", choices = [{choices}]" if self.choices else ""
        return f'id = "{self.id}", kind = "{self.kind}"{unit}{listed}'


# Facts recorded per consultation that other code reads by id (the consent form, the leaflet,
# the condition text, completeness). Each is a [[candidacy]] entry of the kind given here; the
# `section` says where the form shows it.
FACT_SECTIONS = ("factors", "operation", "consent")
T2_MULTISEGMENTAL = "t2-multisegmental"  # boolean
GRAFT_SOURCE = "graft-source"  # choice: local-bone | iliac-crest | allograft | substitute
APPROACH_SIDE = "approach-side"  # choice: left | right
OPERATING_SURGEON = "operating-surgeon"  # text
TRAINEES_MAY_TAKE_PART = "trainees-may-take-part"  # boolean
PREFERRED_LANGUAGE = "preferred-language"  # text
INTERPRETER_USED = "interpreter-used"  # choice: yes | no | declined
INTERPRETER_NAME = "interpreter-name"  # text
CAPACITY = "capacity"  # choice: presumed | assessed-has-capacity | assessed-lacks-capacity
WHAT_MATTERS = "what-matters"  # text
# The choice values the code compares with (the words shown come from the pack's choice_labels).
MRI_SIGNAL_CHOICES = ("none", "t2-only", "t2-t1")
GRAFT_SOURCE_CHOICES = ("local-bone", "iliac-crest", "allograft", "substitute")
APPROACH_SIDE_CHOICES = ("left", "right")
INTERPRETER_USED_CHOICES = ("yes", "no", "declined")
CAPACITY_CHOICES = ("presumed", "assessed-has-capacity", "assessed-lacks-capacity")
DOCUMENT_LANGUAGE = "English"  # the language the pack's text and the documents are written in

REQUIRED_FACTORS: tuple[FactorSpec, ...] = (
    FactorSpec(AGE, "number", "years", "the age it works out from the date of birth"),
    FactorSpec(HEIGHT, "number", "cm", "the BMI"),
    FactorSpec(WEIGHT, "number", "kg", "the BMI"),
    FactorSpec(MULTI_LEVEL, "boolean", "", "the flag it sets when more than one level is planned"),
    FactorSpec(NONSURGICAL_MONTHS, "number", "months", "the nonsurgical care note and summary"),
    FactorSpec(NONSURGICAL_KINDS, "choice", "", "the nonsurgical care note and summary"),
    FactorSpec(MRI_SIGNAL, "choice", "", "the condition text", MRI_SIGNAL_CHOICES),
    FactorSpec(T2_MULTISEGMENTAL, "boolean", "", "the condition text"),
    FactorSpec(PLATE_USED, "boolean", "", "the consent form and the risks' emphasis"),
    FactorSpec(GRAFT_SOURCE, "choice", "", "the consent form", GRAFT_SOURCE_CHOICES),
    FactorSpec(APPROACH_SIDE, "choice", "", "the consent form", APPROACH_SIDE_CHOICES),
    FactorSpec(OPERATING_SURGEON, "text", "", "the consent form"),
    FactorSpec(TRAINEES_MAY_TAKE_PART, "boolean", "", "the consent form"),
    FactorSpec(PREFERRED_LANGUAGE, "text", "", "the interpreter check at Finalize"),
    FactorSpec(INTERPRETER_USED, "choice", "", "the interpreter check", INTERPRETER_USED_CHOICES),
    FactorSpec(INTERPRETER_NAME, "text", "", "the consent form"),
    FactorSpec(CAPACITY, "choice", "", "the consent form", CAPACITY_CHOICES),
    FactorSpec(WHAT_MATTERS, "text", "", "the consent form"),
)
