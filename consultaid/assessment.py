"""Scores and candidacy prompts: pure functions over the pack and the recorded answers.

They prompt, never decide: the guideline's wording for the mJOA band, a note when no nonsurgical
care is recorded, and the risks a recorded factor raises. Thresholds and wording come from the pack.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from consultaid.content.model import CandidacyFactor, Mjoa, Procedure, SeverityBand
from consultaid.content.required import (  # the ids the loader checks every pack for
    AGE,
    ASA,
    HEIGHT,
    MJOA_PREFIX,
    MULTI_LEVEL,
    NONSURGICAL_KINDS,
    NONSURGICAL_MONTHS,
    NURICK,
    WEIGHT,
)
from consultaid.errors import InputError

__all__ = [
    "AGE",
    "ASA",
    "HEIGHT",
    "MJOA_PREFIX",
    "MULTI_LEVEL",
    "NONSURGICAL_KINDS",
    "NONSURGICAL_MONTHS",
    "NURICK",
    "WEIGHT",
    "MjoaResult",
    "Prompt",
    "accepted_range",
    "age_on",
    "bmi",
    "candidacy_prompts",
    "check_number",
    "mjoa_band",
    "mjoa_key",
    "mjoa_result",
    "raised_risks",
]

NO_NONSURGICAL_CARE = (
    "No nonsurgical care is recorded yet. Record the kinds tried and for how many months, or "
    "record none."
)


@dataclass(frozen=True)
class MjoaResult:
    total: int
    band: SeverityBand


@dataclass(frozen=True)
class Prompt:
    """Something for the surgeon to consider; `kind` is guideline, nonsurgical or raised."""

    kind: str
    text: str
    sources: tuple[str, ...] = ()
    risk_ids: tuple[str, ...] = ()


def mjoa_key(item_id: str) -> str:
    return MJOA_PREFIX + item_id


def mjoa_band(mjoa: Mjoa, total: int) -> SeverityBand:
    for band in mjoa.bands:
        if band.low <= total <= band.high:
            return band
    raise ValueError(f"mJOA total {total} is outside 0–{mjoa.max_total}")


def mjoa_result(mjoa: Mjoa, answers: Mapping[str, Any]) -> MjoaResult | None:
    """The total and band once every item is answered; None while any is missing."""
    total = 0
    for item in mjoa.items:
        value = answers.get(mjoa_key(item.id))
        if value is None:
            return None
        if value not in {o.points for o in item.options}:
            raise InputError(f"{value!r} is not a score of the mJOA item {item.label!r}.")
        total += int(value)
    return MjoaResult(total=total, band=mjoa_band(mjoa, total))


def age_on(date_of_birth: date, on: date) -> int:
    """Age in whole years on a date (the consultation's), as a clinician counts it."""
    if date_of_birth > on:
        raise InputError("The date of birth is after the consultation date. Check the date.")
    years = on.year - date_of_birth.year
    if (on.month, on.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


def bmi(height_cm: float | None, weight_kg: float | None) -> float | None:
    """Body-mass index, rounded to one decimal; None until both are recorded."""
    if not height_cm or not weight_kg:
        return None
    metres = height_cm / 100
    return round(weight_kg / (metres * metres), 1)


def check_number(factor: CandidacyFactor, value: float) -> float:
    """The value if it lies in the factor's human range, else an InputError saying the range.

    A factor may give both bounds, only one, or none (then every finite number passes).
    """
    if not math.isfinite(value):  # "nan", "inf" and 1e999 all parse as floats
        raise InputError(f"{factor.label}: {value:g} is not a number. Type digits only.")
    low, high = factor.minimum, factor.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        unit = f" {factor.unit}" if factor.unit else ""
        raise InputError(
            f"{factor.label}: {value:g}{unit} is outside the range this form accepts "
            f"({accepted_range(factor)}). Check the number."
        )
    return value


def accepted_range(factor: CandidacyFactor) -> str:
    """The factor's range in words: "25–350 kg", "0 months or more", "120 years or less", or ""."""
    low, high = factor.minimum, factor.maximum
    unit = f" {factor.unit}" if factor.unit else ""
    if low is not None and high is not None:
        return f"{low:g}–{high:g}{unit}"
    if low is not None:
        return f"{low:g}{unit} or more"
    if high is not None:
        return f"{high:g}{unit} or less"
    return ""


def raised_risks(
    procedure: Procedure,
    answers: Mapping[str, Any],
    *,
    levels: tuple[str, ...] = (),
    age: int | None = None,
) -> dict[str, tuple[str, ...]]:
    """Risk id → labels of the recorded factors that raise it (the pack's "raises" links)."""
    reasons: dict[str, list[str]] = {}

    def add(risk_ids: tuple[str, ...], label: str) -> None:
        for risk_id in risk_ids:
            reasons.setdefault(risk_id, []).append(label)

    for factor in procedure.candidacy:
        if not factor.raises:
            continue
        if factor.id == AGE:
            value: Any = age
        elif factor.id == MULTI_LEVEL:
            value = len(levels) > 1 or bool(answers.get(MULTI_LEVEL))
        else:
            value = answers.get(factor.id)
        if _raises(factor, value):
            add(factor.raises, factor.label)
    for scale, key in ((procedure.nurick, NURICK), (procedure.asa, ASA)):
        grade = answers.get(key)
        if scale.raises and grade and scale.at_or_beyond(str(grade), scale.raises_from):
            add(scale.raises, f"{scale.name} {grade}")
    return {risk_id: tuple(labels) for risk_id, labels in reasons.items()}


def _raises(factor: CandidacyFactor, value: Any) -> bool:
    if value is None:
        return False
    if factor.kind == "boolean":
        return value is True
    if factor.kind == "number" and factor.raises_above is not None:
        return isinstance(value, int | float) and value > factor.raises_above
    return False


def candidacy_prompts(
    procedure: Procedure,
    answers: Mapping[str, Any],
    *,
    levels: tuple[str, ...] = (),
    age: int | None = None,
) -> tuple[Prompt, ...]:
    """What the candidacy panel shows beside the answers, in a stable order."""
    prompts: list[Prompt] = []
    result = mjoa_result(procedure.mjoa, answers)
    if result is not None:
        band = result.band
        prompts.append(
            Prompt(
                kind="guideline",
                text=f"mJOA {result.total} ({band.name}): {band.guidance}",
                sources=band.sources,
            )
        )
    if not answers.get(NONSURGICAL_KINDS) and answers.get(NONSURGICAL_MONTHS) in (None, ""):
        prompts.append(Prompt(kind="nonsurgical", text=NO_NONSURGICAL_CARE))
    raised = raised_risks(procedure, answers, levels=levels, age=age)
    for risk in procedure.risks:
        if risk.id in raised:
            prompts.append(
                Prompt(
                    kind="raised",
                    text=f"{risk.name}: more likely because of {', '.join(raised[risk.id])}.",
                    sources=risk.sources,
                    risk_ids=(risk.id,),
                )
            )
    return tuple(prompts)
