"""Errors the user can act on. Each message is one sentence: what is wrong and what to do.

Bugs are not ConsultAidError: they propagate so they are seen and fixed, not hidden.
"""


class ConsultAidError(Exception):
    """An environment or input problem with a message fit to show the user as it is."""


class ContentError(ConsultAidError):
    """The content pack is missing, unreadable or inconsistent."""


class DatabaseError(ConsultAidError):
    """The database cannot be opened, read or written (corrupt, locked, full, read-only, newer)."""


class InputError(ConsultAidError):
    """A value typed by the user is not acceptable."""


class StaleEdit(InputError):
    """A save made against an older state of the consultation than the one now stored."""

    def __init__(self) -> None:
        super().__init__(STALE_MESSAGE)


STALE_MESSAGE = "This consultation was changed in another window — showing the latest."


class ConsultationNotFound(ConsultAidError):
    """An id names no consultation."""


class PackMismatch(ContentError):
    """A consultation is printed or sealed with a pack other than the one it was held with."""
