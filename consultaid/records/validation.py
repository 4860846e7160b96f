"""Checks on what a user typed, each failing with one sentence the dialog can show beside the field.

Text is stored exactly as typed (no trimming, no normalisation: any Unicode, NUL included), so a
check looks at the text without changing it. The exceptions are the MRN, an identifier where a
stray space is a typing slip, and the levels, which have one spelling.
"""

from __future__ import annotations

from datetime import date

from consultaid.errors import InputError
from consultaid.records.codec import to_json
from consultaid.records.rows import SEXES, SIGNER_ROLES, TEACH_BACK_RESULTS

MAX_NAME_CHARS = 200
MAX_MRN_CHARS = 64
MAX_ID_CHARS = 200
MAX_NOTE_BYTES = 100 * 1024
MAX_AGE_YEARS = 120


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
    """The JSON text for a recorded value, within the note limit."""
    return note(to_json(value), label)


def _storable(value: str, label: str) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{label} must be text, not {type(value).__name__}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(
            f"The {label} holds characters that cannot be stored; retype it."
        ) from None
