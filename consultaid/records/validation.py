"""Checks on what a user typed, each failing with one sentence the dialog can show beside the field.

Text is stored exactly as typed (no trimming, no normalisation: any Unicode, NUL included), so a
check looks at the text without changing it. The exceptions are the MRN, an identifier where a
stray space is a typing slip, and the levels, which have one spelling.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from consultaid.errors import InputError
from consultaid.records.codec import to_json
from consultaid.records.rows import SEXES, SIGNER_ROLES, TEACH_BACK_RESULTS
from consultaid.strokes import Stroke

MAX_NAME_CHARS = 200
MAX_MRN_CHARS = 64
MAX_ID_CHARS = 200
MAX_NOTE_BYTES = 100 * 1024
MAX_AGE_YEARS = 120
# SQLite stores whole numbers in 64 bits; a larger one could not be stored or looked up.
MAX_INTEGER = 2**63 - 1
MAX_STEP_SECONDS = 366 * 24 * 3600


def name(value: str, label: str, *, required: bool) -> str:
    """A person's name or similar short text: any script, up to 200 characters."""
    _storable(value, label)
    if required and not value.strip():
        raise InputError(f"The {label} is empty; type the {label}.")
    if len(value) > MAX_NAME_CHARS:
        raise InputError(f"The {label} is longer than {MAX_NAME_CHARS} characters; shorten it.")
    return value


def note(value: str, label: str) -> str:
    """Free text (a question, an answer, a note): any Unicode up to 100 KB as UTF-8."""
    _storable(value, label)
    if len(value.encode("utf-8")) > MAX_NOTE_BYTES:
        raise InputError(f"The {label} is longer than 100 KB; shorten it.")
    return value


def mrn(value: str) -> str:
    _storable(value, "MRN")
    cleaned = value.strip()
    if not cleaned:
        raise InputError("The MRN is empty; type the patient's medical record number.")
    if len(cleaned) > MAX_MRN_CHARS:
        raise InputError(f"The MRN is longer than {MAX_MRN_CHARS} characters; check it.")
    return cleaned


def date_of_birth(value: date, today: date) -> date:
    if not isinstance(value, date):
        raise TypeError(f"date_of_birth must be a date, not {type(value).__name__}")
    if value > today:
        raise InputError("The date of birth is in the future; check the year.")
    try:
        oldest = today.replace(year=today.year - MAX_AGE_YEARS)
    except ValueError:  # 29 February
        oldest = today.replace(year=today.year - MAX_AGE_YEARS, day=28)
    if value < oldest:
        raise InputError(
            f"The date of birth is more than {MAX_AGE_YEARS} years ago; check the year."
        )
    return value


def sex(value: str) -> str:
    if value not in SEXES:
        raise InputError(f"Choose the sex from {', '.join(SEXES)}.")
    return value


def teach_back_result(value: str) -> str:
    if value not in TEACH_BACK_RESULTS:
        raise InputError(f"Choose the teach-back result from {', '.join(TEACH_BACK_RESULTS)}.")
    return value


def role(value: str) -> str:
    if value not in SIGNER_ROLES:
        raise InputError(f"Choose who signs from {', '.join(SIGNER_ROLES)}.")
    return value


def identifier(value: str, label: str) -> str:
    """An id from the content pack or the code (step, risk, factor): never empty."""
    if not isinstance(value, str) or not value or len(value) > MAX_ID_CHARS:
        raise ValueError(f"{label} must be a non-empty string of at most {MAX_ID_CHARS} characters")
    return value


def json_value(value: object, label: str) -> str:
    """The JSON text for a recorded value, within the note limit: every number in it finite and
    within what SQLite and other readers of the record hold exactly."""
    _numbers_fit(value, label)
    try:
        text = to_json(value)
    except RecursionError:
        raise InputError(f"The {label} is nested too deeply to be stored; simplify it.") from None
    return note(text, label)


def strokes_json(strokes: Sequence[Stroke]) -> str:
    """A drawing or signature as JSON, every point a finite number SQLite could hold."""
    data = [s.to_data() for s in strokes]
    try:
        _numbers_fit(data, "drawing")
    except InputError:
        raise InputError(
            "The drawing holds a point off the picture, so it was not saved; draw it again."
        ) from None
    return to_json(data)


def seconds(value: float) -> float:
    """The time spent on a step: a finite number of seconds, 0 up to a year."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"seconds must be a number, not {type(value).__name__}")
    if not 0 <= value <= MAX_STEP_SECONDS:  # False for NaN too
        raise InputError(
            "The time spent on a step is not a number of seconds from 0 to a year; "
            "it was not saved."
        )
    return float(value)


def in_id_range(value: int) -> bool:
    """Could `value` be the id of a stored row? (Outside SQLite's 64 bits it cannot.)"""
    return isinstance(value, int) and -MAX_INTEGER - 1 <= value <= MAX_INTEGER


def _numbers_fit(value: object, label: str) -> None:
    todo = [value]
    while todo:
        item = todo.pop()
        if isinstance(item, float) and not math.isfinite(item):
            raise InputError(f"The {label} is not a finite number; type a number.")
        if isinstance(item, int) and not isinstance(item, bool) and abs(item) > MAX_INTEGER:
            raise InputError(f"The {label} is too large a number; check it.")
        if isinstance(item, dict):
            todo.extend(item.values())
        elif isinstance(item, list | tuple):
            todo.extend(item)


def _storable(value: str, label: str) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{label} must be text, not {type(value).__name__}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(
            f"The {label} holds characters that cannot be stored; retype it."
        ) from None
