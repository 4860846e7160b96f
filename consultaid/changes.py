"""What an operation on the open consultation did, and which parts of the record it changed.

Every use-case returns an `Outcome`: the saved object, whether it was done, queued (the database
is failing and it will be retried) or refused (and why), and the `Changes` it made, so each view
refreshes only its own part (Anki's `OpChanges` is the model).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Generic, TypeVar

T = TypeVar("T")


class Part(Enum):
    """A part of the consultation a view may show."""

    RECORD = "record"  # another consultation (or none) is open: every view starts afresh
    PATIENT = "patient"
    LEVELS = "levels"
    DRAWINGS = "drawings"
    VISITS = "visits"
    RISKS = "risks"
    ANSWERS = "answers"
    ALTERNATIVES = "alternatives"
    QUESTIONS = "questions"
    TEACH_BACK = "teach_back"
    SIGNATURES = "signatures"
    STATUS = "status"  # finalized, amended, or the draft became read only
    DOCUMENTS = "documents"
    SETTINGS = "settings"
    PENDING = "pending"  # the queue of edits not saved yet grew or shrank


@dataclass(frozen=True)
class Changes:
    parts: frozenset[Part] = frozenset()

    @classmethod
    def of(cls, *parts: Part) -> Changes:
        return cls(frozenset(parts))

    @classmethod
    def record(cls) -> Changes:
        """Another consultation is open: everything on screen must be shown afresh."""
        return cls(frozenset(Part))

    def touches(self, *parts: Part) -> bool:
        """True if any of `parts` changed (a new record changes them all)."""
        return Part.RECORD in self.parts or any(p in self.parts for p in parts)

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.parts | other.parts)

    def __bool__(self) -> bool:
        return bool(self.parts)


NO_CHANGES = Changes()


class Status(Enum):
    DONE = "done"  # saved (or, with no consultation open, kept on screen only)
    QUEUED = "queued"  # the database failed; kept in order and retried until it is saved
    REFUSED = "refused"  # not saved and never will be: `message` says why


@dataclass(frozen=True)
class Outcome(Generic[T]):
    status: Status
    changes: Changes = NO_CHANGES
    value: T | None = None
    message: str = ""

    @property
    def done(self) -> bool:
        return self.status is Status.DONE

    @property
    def queued(self) -> bool:
        return self.status is Status.QUEUED

    @property
    def refused(self) -> bool:
        return self.status is Status.REFUSED


def refused(message: str, changes: Changes = NO_CHANGES) -> Outcome:
    return Outcome(Status.REFUSED, changes, None, message)
