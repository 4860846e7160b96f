"""Risk figures in words: "about 5 in 100", with the same denominator inside a category.

Risk-communication guidance asks for natural frequencies with a constant denominator and a range,
never "1 in X" alone; this is the one place that wording is built, so screen and paper agree.
"""

from __future__ import annotations

from consultaid.content.model import Frequency

ICON_ARRAY_SIZE = 100


def format_count(value: float) -> str:
    """A count for text: whole numbers when ≥ 10, one decimal below, two significant below 1."""
    if value >= 10:
        return f"{round(value):,}"
    if value >= 1:
        return f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{value:.2g}"


def format_per(per: int) -> str:
    return f"{per:,}"


def format_frequency(f: Frequency) -> str:
    """The representative figure: "about 5 in 100", or "fewer than 1 in 1,000"."""
    if f.about < 1:
        return f"fewer than 1 in {format_per(f.per)}"
    return f"about {round(f.about):,} in {format_per(f.per)}"


def format_range(f: Frequency) -> str:
    """The reported range on the same denominator: "reported 1.7 to 9.5 in 100"."""
    low = f.low_percent * f.per / 100
    high = f.high_percent * f.per / 100
    if low == high:
        return f"reported {format_count(low)} in {format_per(f.per)}"
    return f"reported {format_count(low)} to {format_count(high)} in {format_per(f.per)}"


def icon_count(f: Frequency) -> int | None:
    """How many of 100 icons to colour, or None when the risk is too rare for a 100-person array."""
    per_hundred = f.about * ICON_ARRAY_SIZE / f.per
    if per_hundred < 1:
        return None
    return min(ICON_ARRAY_SIZE, round(per_hundred))


def format_time_points(f: Frequency) -> tuple[str, ...]:
    """How the figure changes over time, one phrase each: "12 months: about 15 in 100"."""
    phrases = []
    for tp in f.time_points:
        count = tp.percent * f.per / 100
        said = (
            f"fewer than 1 in {format_per(f.per)}"
            if count < 1
            else f"about {round(count):,} in {format_per(f.per)}"
        )
        phrases.append(f"{tp.when}: {said}")
    return tuple(phrases)
