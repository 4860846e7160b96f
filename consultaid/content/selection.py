"""Choosing the pack's text for one patient from what was recorded: pure functions, no Qt.

The condition text depends on the MRI finding, a risk's "more likely" sentences on the recorded
factors, the benefits on the mJOA band and the symptom duration. The walkthrough, the presenter
and the documents all call these functions, so screen and paper say the same thing.

A condition's key is an answer id (a candidacy factor, `mjoa.<item>`, `nurick`, `asa`) or one of
the derived facts below, which the caller passes because they do not live in the answers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from consultaid.content.model import (
        Benefit,
        Condition,
        Mjoa,
        MoreLikely,
        Procedure,
        Risk,
        Variant,
    )

# Facts a condition may test that are not answers: the number of levels planned, one level code
# among them, the patient's age and sex (from the patient record) and the mJOA band's id.
LEVELS = "levels"
LEVEL = "level"
AGE = "age"
SEX = "sex"
MJOA_BAND = "mjoa-band"
DERIVED_KEYS = (LEVELS, LEVEL, AGE, SEX, MJOA_BAND)

_SLOT = re.compile(r"\{([a-z][a-z0-9-]*)\}")


def facts(
    procedure: Procedure | None,
    answers: Mapping[str, Any],
    *,
    levels: tuple[str, ...] = (),
    age: int | None = None,
    sex: str | None = None,
    band: str | None = None,
) -> dict[str, Any]:
    """The answers with the derived facts added: what every condition is tested against."""
    known: dict[str, Any] = dict(answers)
    if levels:
        known[LEVELS] = len(levels)
        known[LEVEL] = tuple(levels)
    if age is not None:
        known[AGE] = age
    if sex:
        known[SEX] = sex
    if band is None and procedure is not None:
        band = mjoa_band_id(procedure.mjoa, answers)
    if band:
        known[MJOA_BAND] = band
    return known


def mjoa_band_id(mjoa: Mjoa, answers: Mapping[str, Any]) -> str | None:
    """The id of the mJOA band once every item is scored; None while any is missing."""
    total = 0
    for item in mjoa.items:
        value = answers.get("mjoa." + item.id)
        if isinstance(value, bool) or not isinstance(value, int):
            return None
        total += value
    for band in mjoa.bands:
        if band.low <= total <= band.high:
            return band.id
    return None


def holds(condition: Condition, known: Mapping[str, Any]) -> bool:
    """Whether one condition holds; a fact not recorded never satisfies a condition."""
    value = known.get(condition.key)
    if value is None or value == "" or value == []:
        return False
    want = condition.value
    if condition.op == "is":
        if isinstance(value, list | tuple):
            return want in value
        if isinstance(want, bool) or isinstance(value, bool):
            return value is want
        if isinstance(want, str):
            return str(value).casefold() == want.casefold()
        return value == want
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    number = float(want)
    return {
        "over": value > number,
        "at-least": value >= number,
        "under": value < number,
        "at-most": value <= number,
    }[condition.op]


def all_hold(conditions: tuple[Condition, ...], known: Mapping[str, Any]) -> bool:
    return all(holds(c, known) for c in conditions)


def fill_slots(text: str, variants: tuple[Variant, ...], known: Mapping[str, Any] | None) -> str:
    """`text` with each `{slot}` replaced by its variants that hold (or its fallback).

    With `known` None nothing is recorded, so every slot takes its fallback. `{levels}` is not a
    slot and is left for the caller.
    """
    facts_known: Mapping[str, Any] = known or {}

    def replace(match: re.Match[str]) -> str:
        slot = match.group(1)
        mine = [v for v in variants if v.slot == slot]
        if not mine:
            return match.group(0)
        chosen = [v.text for v in mine if not v.fallback and all_hold(v.when, facts_known)]
        if not chosen:
            chosen = [v.text for v in mine if v.fallback]
        return " ".join(chosen)

    return _SLOT.sub(replace, text)


def step_text(
    procedure: Procedure,
    step_id: str,
    answers: Mapping[str, Any],
    *,
    levels: tuple[str, ...] = (),
    levels_text: str = "",
) -> str:
    """A step's patient text for this consultation: the MRI (or other) variants chosen, levels in.

    `levels_text` is how the levels read in a sentence ("C5-C6 and C6-C7"); `levels` the codes.
    """
    step = procedure.step(step_id)
    known = facts(procedure, answers, levels=levels)
    text = fill_slots(step.patient_text, step.variants, known)
    return text.replace("{levels}", levels_text) if levels_text else text


def step_paragraphs(
    procedure: Procedure,
    step_id: str,
    answers: Mapping[str, Any],
    *,
    levels: tuple[str, ...] = (),
    levels_text: str = "",
) -> tuple[str, ...]:
    """`step_text` split into its paragraphs (a blank line between them in the pack)."""
    text = step_text(procedure, step_id, answers, levels=levels, levels_text=levels_text)
    return tuple(p.strip() for p in text.split("\n\n") if p.strip())


def more_likely_for(
    risk: Risk,
    answers: Mapping[str, Any],
    *,
    levels: tuple[str, ...] = (),
    age: int | None = None,
    sex: str | None = None,
) -> tuple[MoreLikely, ...]:
    """The risk's "more likely" entries that apply to this patient (their conditions all hold).

    Entries without conditions are general (shown to everyone) and are never returned here.
    """
    known = facts(None, answers, levels=levels, age=age, sex=sex)
    return tuple(m for m in risk.more_likely if m.when and all_hold(m.when, known))


def benefits_for(
    procedure: Procedure,
    answers: Mapping[str, Any],
    *,
    band: str | None = None,
    levels: tuple[str, ...] = (),
    age: int | None = None,
    sex: str | None = None,
) -> tuple[Benefit, ...]:
    """The benefits (and no-surgery outcomes) that apply to this consultation, in pack order.

    `band` is the mJOA band's id; without it the band is worked out from the mJOA answers. A
    benefit for one band is left out until the band is known.
    """
    known = facts(procedure, answers, levels=levels, age=age, sex=sex, band=band)
    return tuple(b for b in procedure.benefits if all_hold(b.when, known))


def benefit_text(
    procedure: Procedure,
    benefit: Benefit,
    answers: Mapping[str, Any],
    *,
    band: str | None = None,
) -> str:
    """A benefit's patient text with its variants chosen (symptom duration, for example)."""
    known = facts(procedure, answers, band=band)
    return " ".join(fill_slots(benefit.patient_text, benefit.variants, known).split())
