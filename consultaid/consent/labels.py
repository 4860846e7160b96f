"""The consent form's and the leaflet's own words, read from resources/documents/wording.toml.

Clinical sentences come from the content pack; the documents' frame (headings, labels, captions,
consent statements) is data too, so it can be reviewed for plain language (and one day translated)
without reading layout code. `labels.SECTION_RISKS` reads the key `section_risks`.
Dates are spelled out here rather than with strftime("%B"), which follows the process locale.
"""

from __future__ import annotations

import tomllib
from datetime import date, datetime
from functools import cache
from typing import Any

from consultaid.errors import ContentError
from consultaid.paths import resources_dir

WORDING_FILE = ("documents", "wording.toml")

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@cache
def wording() -> dict[str, Any]:
    """Every key of the wording file; a missing or broken file is a ContentError in a sentence."""
    path = resources_dir().joinpath(*WORDING_FILE)
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ContentError(
            f"The documents' wording file {path} cannot be read ({exc}); reinstall ConsultAid."
        ) from exc


def __getattr__(name: str) -> Any:
    if not name.isupper():
        raise AttributeError(name)
    try:
        return wording()[name.lower()]
    except KeyError:
        raise AttributeError(f"{WORDING_FILE[-1]} has no key {name.lower()!r}") from None


def format_date(value: date) -> str:
    """`3 February 1956`: no day/month order to misread, whatever the locale."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def format_time(value: datetime) -> str:
    """Local 24-hour time with the zone's abbreviation, e.g. `14:05 CET`."""
    local = value.astimezone()
    zone = local.tzname() or ""
    return f"{local:%H:%M} {zone}".strip()


def format_local_datetime(value: datetime) -> str:
    """A stored UTC time shown in local time: `12 March 2025, 14:05 CET`."""
    return f"{format_date(value.astimezone().date())}, {format_time(value)}"


def answer_texts(value: object) -> tuple[str, ...]:
    """A recorded answer as texts: one per item of a list, none for an empty answer."""
    if value is None or value == "":
        return ()
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value if str(v))
    return (str(value),)


def format_answer(value: object, unit: str = "") -> str:
    """A recorded answer in words: Yes or No, a number with its unit, or the texts joined."""
    w = wording()
    if isinstance(value, bool):
        return w["yes"] if value else w["no"]
    if isinstance(value, int | float):
        number = f"{value:g}"
        return f"{number} {unit}".strip()
    if isinstance(value, dict):
        return ", ".join(str(v).strip() for v in value.values() if str(v).strip())
    return ", ".join(answer_texts(value))


def format_months(months: float) -> str:
    w = wording()
    whole = round(months)
    if abs(months - whole) < 0.05:
        return (
            w["nonsurgical_one_month"] if whole == 1 else w["nonsurgical_for"].format(months=whole)
        )
    return w["nonsurgical_for"].format(months=f"{months:.1f}")
