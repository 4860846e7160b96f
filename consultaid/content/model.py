"""The content pack as frozen dataclasses: what the loader returns and everything else reads.

Plain data only, so the UI, the records and the PDF code can share one picture of the pack without
depending on TOML or on each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from consultaid.content.labels import IllustrationLabels

T = TypeVar("T")


SOURCE_KINDS = ("journal", "guideline", "statement", "law")


@dataclass(frozen=True)
class Source:
    """A structured citation (Vancouver parts), so the documents can print it in one style.

    `kind` is journal (a paper), guideline, statement (a society's or regulator's statement or
    standard) or law. `identifier_verified` is False when no PMID or DOI was seen on a page showing
    the record; `unverified` then says which other details were not seen either.
    """

    id: str
    title: str
    kind: str = "journal"
    authors: str = ""
    journal: str = ""
    year: int | None = None
    volume: str = ""
    issue: str = ""
    pages: str = ""
    pmid: str = ""
    doi: str = ""
    url: str = ""
    issuer: str = ""
    identifier: str = ""
    identifier_verified: bool = True
    unverified: str = ""

    def citation(self) -> str:
        """The reference in Vancouver style (content.citations.vancouver)."""
        from consultaid.content.citations import vancouver

        return vancouver(self)


CONDITION_OPERATORS = ("is", "over", "at-least", "under", "at-most")


@dataclass(frozen=True)
class Condition:
    """One test on what was recorded: `key` is an answer id or a derived fact (see selection).

    `op` "is" compares for equality (a missing answer never matches); the others compare numbers.
    """

    key: str
    op: str
    value: bool | str | float


@dataclass(frozen=True)
class Variant:
    """A sentence that fills the `{slot}` placeholder of a text when all its conditions hold.

    Every variant of a slot whose conditions hold is used, in pack order; a `fallback` variant is
    used only when none of the others holds (for example "no MRI finding was recorded").
    """

    slot: str
    text: str
    when: tuple[Condition, ...] = ()
    fallback: bool = False


@dataclass(frozen=True)
class MoreLikely:
    """What makes a risk more likely. With conditions, it is emphasised for a patient they fit."""

    text: str
    when: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class TimePoint:
    """How often a risk is seen at one moment after surgery (e.g. 15 in 100 at 12 months)."""

    when: str
    percent: float


@dataclass(frozen=True)
class Frequency:
    """A representative figure with the range the literature reports.

    `about` is per `per` people (100 for common risks, 1,000 for rare ones); the range is in percent
    so the pack states what the papers state, and the display converts it to the same denominator.
    """

    about: float
    per: int
    low_percent: float
    high_percent: float
    source: str
    time_frame: str = ""
    time_points: tuple[TimePoint, ...] = ()


@dataclass(frozen=True)
class Risk:
    id: str
    name: str
    explanation: str
    frequency: Frequency
    more_likely: tuple[MoreLikely, ...]
    sources: tuple[str, ...]
    category: str = "common"
    notes: str = ""


BENEFIT_KINDS = ("surgery", "no-surgery")


@dataclass(frozen=True)
class BenefitFigure:
    """How likely the benefit (or outcome) is: about N in `per`, the reported range, when.

    `about` is None when the sources give only a range ("20 to 62 in 100"): then no single
    figure may be quoted.
    """

    about: float | None
    per: int
    low_percent: float
    high_percent: float
    time_frame: str
    source: str


@dataclass(frozen=True)
class Benefit:
    """An expected outcome with its likelihood, for the patients `when` selects (empty: all).

    `kind` "surgery" is what the operation is likely to achieve; "no-surgery" is the course
    without it (natural history), shown beside it so the two can be weighed.
    """

    id: str
    title: str
    patient_text: str
    figure: BenefitFigure
    sources: tuple[str, ...]
    kind: str = "surgery"
    when: tuple[Condition, ...] = ()
    variants: tuple[Variant, ...] = ()


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    patient_text: str
    talking_points: tuple[str, ...]
    illustration: str
    risks: tuple[str, ...]
    variants: tuple[Variant, ...] = ()

    def paragraphs(self, levels: str = "") -> tuple[str, ...]:
        """The patient text as paragraphs, `{levels}` replaced, each `{slot}` by its fallback.

        For the text chosen from what was recorded, use `content.selection.step_text`.
        """
        from consultaid.content.selection import fill_slots

        text = fill_slots(self.patient_text, self.variants, None)
        text = text.replace("{levels}", levels) if levels else text
        return tuple(p.strip() for p in text.split("\n\n") if p.strip())


@dataclass(frozen=True)
class Alternative:
    id: str
    name: str
    plain_text: str
    when_used: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class CandidacyFactor:
    """A factor the surgeon records. `raises` names the risks it makes more likely (a prompt).

    For a number, `raises_above` is the value the risks are raised beyond (age over 65); a true
    boolean raises them.
    """

    id: str
    label: str
    kind: str
    help: str
    raises: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    raises_above: float | None = None
    # A choice is one value (a text) unless `multiple`, then a list of the values chosen.
    multiple: bool = False
    # Words shown for each choice, in the order of `choices` (empty: the choices themselves).
    choice_labels: tuple[str, ...] = ()
    # Where the form shows it: "factors" (risk and outcome factors), "operation" or "consent".
    section: str = "factors"

    def label_of(self, choice: str) -> str:
        """The words shown for a choice value."""
        if self.choice_labels and choice in self.choices:
            return self.choice_labels[self.choices.index(choice)]
        return choice


@dataclass(frozen=True)
class ScoreOption:
    points: int
    text: str


@dataclass(frozen=True)
class MjoaItem:
    id: str
    label: str
    options: tuple[ScoreOption, ...]

    @property
    def max_points(self) -> int:
        return max(o.points for o in self.options)


@dataclass(frozen=True)
class SeverityBand:
    """An mJOA band and the guideline's wording for it, quoted with its source."""

    id: str
    name: str
    low: int
    high: int
    guidance: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Mjoa:
    items: tuple[MjoaItem, ...]
    bands: tuple[SeverityBand, ...]
    sources: tuple[str, ...]
    note: str = ""

    @property
    def max_total(self) -> int:
        return sum(i.max_points for i in self.items)


@dataclass(frozen=True)
class Grade:
    """One grade of a graded scale (Nurick 0–5, ASA I–VI)."""

    grade: str
    definition: str
    examples: str = ""


@dataclass(frozen=True)
class Scale:
    id: str
    name: str
    grades: tuple[Grade, ...]
    sources: tuple[str, ...]
    note: str = ""
    raises: tuple[str, ...] = ()
    raises_from: str = ""

    def at_or_beyond(self, grade: str, threshold: str) -> bool:
        order = [g.grade for g in self.grades]
        return (
            grade in order and threshold in order and order.index(grade) >= order.index(threshold)
        )


@dataclass(frozen=True)
class RecoveryPhase:
    id: str
    title: str
    start_day: int
    end_day: int
    patient_text: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class RecoveryDefault:
    """A piece of recovery advice the clinic can change in its settings (lifting, driving …)."""

    id: str
    label: str
    default: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Procedure:
    id: str
    version: str
    title: str
    plain_title: str
    summary: str
    steps: tuple[Step, ...]
    risks: tuple[Risk, ...]
    alternatives: tuple[Alternative, ...]
    candidacy: tuple[CandidacyFactor, ...]
    mjoa: Mjoa
    nurick: Scale
    asa: Scale
    recovery: tuple[RecoveryPhase, ...]
    recovery_defaults: tuple[RecoveryDefault, ...]
    sources: tuple[Source, ...]
    root: Path = field(compare=False)
    content_version: str = ""
    # Always set by the loader; optional only so a hand-built Procedure (in tests) needs no words.
    illustration_labels: IllustrationLabels | None = None
    benefits: tuple[Benefit, ...] = ()

    def step(self, step_id: str) -> Step:
        return _by_id(self.steps, step_id, "step")

    def risk(self, risk_id: str) -> Risk:
        return _by_id(self.risks, risk_id, "risk")

    def source(self, source_id: str) -> Source:
        return _by_id(self.sources, source_id, "source")

    def factor(self, factor_id: str) -> CandidacyFactor:
        return _by_id(self.candidacy, factor_id, "candidacy factor")

    def benefit(self, benefit_id: str) -> Benefit:
        return _by_id(self.benefits, benefit_id, "benefit")

    def illustration_path(self, step_id: str) -> Path:
        return self.root / self.step(step_id).illustration

    def summary_text(self, levels: str) -> str:
        return self.summary.replace("{levels}", levels)


def _by_id(items: tuple[T, ...], item_id: str, kind: str) -> T:
    for item in items:
        if item.id == item_id:
            return item
    raise KeyError(f"no {kind} with id {item_id!r}")
