"""Names under which a consultation keeps facts that are not candidacy factors.

They are stored with the answers (one value each, saved at once like everything else) and read by
the consent summary, which prints an interpreter's and a representative's signature blocks, and by
the pictures, which draw a plate only when the consultation records one and a change inside the
cord unless the MRI finding recorded says there is none.
"""

from collections.abc import Mapping
from typing import Any, Protocol

INTERPRETER = "interpreter"  # {"name": …, "language": …} when an interpreter was used
REPRESENTATIVE = "representative"  # {"name": …, "relationship": …} when one consents
PLATE_USED = "plate-used"  # True when a plate will be fixed to the front of the spine
MRI_SIGNAL = "mri-signal"  # "none" | "t2-only" | "t2-t1": what the MRI shows inside the cord


class Answers(Protocol):
    """Anything that reads a recorded answer by id (a ConsultationRecord does)."""

    def answer(self, factor_id: str, default: Any = None) -> Any: ...


Recorded = Answers | Mapping[str, Any] | None  # a record, or its answers by id


def _answer(record: Recorded, key: str) -> Any:
    if record is None:
        return None
    return record.get(key) if isinstance(record, Mapping) else record.answer(key)


def plate_used(record: Recorded) -> bool:
    """Whether the record says a plate is used; no record, or no answer yet, means no plate.

    The screen and the leaflet both ask this, so a plate is drawn exactly when one is recorded.
    """
    return _answer(record, PLATE_USED) is True


def cord_change_shown(record: Recorded) -> bool:
    """Whether the pictures draw a change inside the cord: yes, unless the MRI shows none.

    Most scans of this condition show one; a patient whose scan shows none must not see one.
    """
    return _answer(record, MRI_SIGNAL) != "none"
