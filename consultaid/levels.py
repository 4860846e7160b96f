"""Spinal levels: the disc spaces this procedure treats, written `C3-C4` … `C7-T1`.

One or two contiguous levels; everything that takes a level (illustrations, records, the summary)
goes through `parse_levels` so a bad value fails the same way everywhere.
"""

from __future__ import annotations

from consultaid.errors import InputError

VERTEBRAE: tuple[str, ...] = ("C2", "C3", "C4", "C5", "C6", "C7", "T1")
LEVELS: tuple[str, ...] = ("C3-C4", "C4-C5", "C5-C6", "C6-C7", "C7-T1")
DEFAULT_LEVELS: tuple[str, ...] = ("C5-C6",)
MAX_LEVELS = 2


def parse_levels(value: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Levels in cranial-to-caudal order; raises InputError for unknown or non-contiguous ones."""
    if isinstance(value, str):
        raw: list[object] = list(value.replace("+", ",").split(","))
    else:
        raw = list(value) if isinstance(value, list | tuple) else [value]
    if not all(isinstance(v, str) for v in raw):
        raise InputError(f"Levels are written as text. Use one of {', '.join(LEVELS)}.")
    names = [_normalise(v) for v in raw if isinstance(v, str) and v.strip()]
    if not names:
        raise InputError("No spinal level was given. Choose one level, for example C5-C6.")
    for name in names:
        if name not in LEVELS:
            raise InputError(
                f"{name!r} is not a level this procedure treats. Use one of {', '.join(LEVELS)}."
            )
    ordered = tuple(sorted(set(names), key=LEVELS.index))
    if len(ordered) > MAX_LEVELS:
        raise InputError("Choose one level or two neighbouring levels, not more.")
    if len(ordered) == 2 and LEVELS.index(ordered[1]) - LEVELS.index(ordered[0]) != 1:
        raise InputError(
            f"{ordered[0]} and {ordered[1]} are not neighbours. Choose levels that touch."
        )
    return ordered


def format_levels(levels: tuple[str, ...]) -> str:
    """`C5-C6` or `C5-C6 and C6-C7`, as patient text names them."""
    return " and ".join(levels)


def level_options() -> tuple[tuple[str, ...], ...]:
    """Every single level and every pair of neighbours, for a level selector."""
    singles = tuple((lv,) for lv in LEVELS)
    pairs = tuple((LEVELS[i], LEVELS[i + 1]) for i in range(len(LEVELS) - 1))
    return singles + pairs


def vertebrae_of(levels: tuple[str, ...]) -> tuple[str, ...]:
    """The vertebrae a fusion joins: C5-C6 → (C5, C6); C5-C6 and C6-C7 → (C5, C6, C7)."""
    out: list[str] = []
    for level in levels:
        for v in level.split("-"):
            if v not in out:
                out.append(v)
    return tuple(out)


def _normalise(text: str) -> str:
    t = text.strip().upper().replace("–", "-").replace("/", "-").replace(" ", "")
    if "-" not in t and len(t) == 4:
        t = f"{t[:2]}-{t[2:]}"
    top, _, bottom = t.partition("-")
    if bottom and bottom[0].isdigit():
        bottom = f"{top[0]}{bottom}"
    if top == "C7" and bottom in ("C8", "T1"):
        bottom = "T1"
    return f"{top}-{bottom}" if bottom else top
