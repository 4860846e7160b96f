"""Cross-reference checks of a loaded pack: ids unique and defined, figures sane, mJOA adds up.

Each failure is a ContentError naming the file, the entry and what to fix.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from xml.etree import ElementTree

from consultaid.content.model import CandidacyFactor, Procedure, Risk, Step
from consultaid.content.policy import PolicyChecker
from consultaid.content.required import (
    MJOA_PREFIX,
    MJOA_TOTAL,
    REQUIRED_FACTORS,
    RESERVED_ANSWER_KEYS,
    FactorSpec,
)
from consultaid.errors import ContentError

RISK_CATEGORIES = {"common": 100, "rare": 1000}


class PackChecker:
    """Cross-reference checks: ids unique and defined, figures sane, mJOA adds up, files exist."""

    def __init__(self, file: Path, procedure: Procedure) -> None:
        self.file = file
        self.p = procedure

    def fail(self, where: str, problem: str) -> ContentError:
        return ContentError(f"{self.file}: {where}: {problem}")

    def check(self) -> None:
        p = self.p
        for kind, items in (
            ("steps", p.steps),
            ("risks", p.risks),
            ("alternatives", p.alternatives),
            ("candidacy", p.candidacy),
            ("recovery", p.recovery),
            ("recovery_defaults", p.recovery_defaults),
            ("sources", p.sources),
            ("benefits", p.benefits),
            ("mjoa.items", p.mjoa.items),
            ("mjoa.bands", p.mjoa.bands),
        ):
            self.unique(kind, [i.id for i in items])
        risk_ids = {r.id for r in p.risks}
        for step in p.steps:
            self.defined(f"steps '{step.id}'", "risk", step.risks, risk_ids, "[[risks]]")
            self.illustration(step)
        for risk in p.risks:
            self.risk(risk)
        for factor in p.candidacy:
            self.defined(f"candidacy '{factor.id}'", "risk", factor.raises, risk_ids, "[[risks]]")
            self.factor(factor)
        for spec in REQUIRED_FACTORS:
            self.required_factor(spec)
        self.mjoa()
        for scale in (p.nurick, p.asa):
            self.defined(f"[{scale.id}]", "risk", scale.raises, risk_ids, "[[risks]]")
            grades = [g.grade for g in scale.grades]
            if scale.raises and scale.raises_from not in grades:
                raise self.fail(
                    f"[{scale.id}]",
                    f"raises_from must name one of its grades ({', '.join(grades)}).",
                )
        for phase in p.recovery:
            if not 0 <= phase.start_day < phase.end_day:
                raise self.fail(
                    f"recovery '{phase.id}'",
                    "start_day must be 0 or more and before end_day. Fix the day numbers.",
                )
        self.sources_defined()
        self.headings()
        PolicyChecker(self.fail, p).check()

    def unique(self, kind: str, ids: Iterable[str]) -> None:
        seen: set[str] = set()
        for ident in ids:
            if ident in seen:
                raise self.fail(
                    f"{kind} '{ident}'",
                    "this id is used twice. Give each entry its own id.",
                )
            seen.add(ident)

    def defined(
        self, where: str, kind: str, ids: Iterable[str], known: set[str], table: str
    ) -> None:
        for ident in ids:
            if ident not in known:
                raise self.fail(
                    where,
                    f"names {kind} '{ident}', which no {table} entry defines. "
                    f"Add it or correct the id.",
                )

    def illustration(self, step: Step) -> None:
        where = f"steps '{step.id}'"
        path = self.p.root / step.illustration
        if not path.is_file():
            raise self.fail(
                where,
                f"illustration file '{step.illustration}' does not exist in {self.p.root}. "
                "Add the file or correct the path.",
            )
        try:
            ElementTree.parse(path)
        except ElementTree.ParseError as exc:
            raise self.fail(
                where, f"illustration file '{step.illustration}' is not valid SVG ({exc})."
            ) from None

    def risk(self, risk: Risk) -> None:
        where = f"risks '{risk.id}'"
        f = risk.frequency
        if not risk.sources:
            raise self.fail(where, 'has no source. Add sources = ["…"] naming [[sources]] ids.')
        if f.source not in risk.sources:
            raise self.fail(
                where, f"the figure's source '{f.source}' is not in the risk's sources list."
            )
        expected = RISK_CATEGORIES[risk.category]
        if f.per != expected:
            raise self.fail(
                where, f"a {risk.category} risk is given per {expected}; set per = {expected}."
            )
        if not 0 < f.about <= f.per:
            raise self.fail(where, f"'about' must be more than 0 and at most {f.per}.")
        if not 0 <= f.low_percent <= f.high_percent <= 100:
            raise self.fail(
                where, "the range needs 0 ≤ low_percent ≤ high_percent ≤ 100. Fix the range."
            )
        for tp in f.time_points:
            if not 0 <= tp.percent <= 100:
                raise self.fail(where, f"time point '{tp.when}' must be a percent from 0 to 100.")

    def factor(self, factor: CandidacyFactor) -> None:
        where = f"candidacy '{factor.id}'"
        if factor.id in RESERVED_ANSWER_KEYS or factor.id.startswith(MJOA_PREFIX):
            raise self.fail(
                where,
                f"this id names another answer of the consultation (reserved: "
                f"{', '.join(RESERVED_ANSWER_KEYS)} and ids starting with '{MJOA_PREFIX}'). "
                "Choose another id.",
            )
        if factor.kind == "choice" and not factor.choices:
            raise self.fail(where, 'a choice needs choices = ["…", "…"].')
        if factor.choice_labels and len(factor.choice_labels) != len(factor.choices):
            raise self.fail(
                where, "choice_labels needs one label per choice, in the order of choices."
            )
        if (
            factor.minimum is not None
            and factor.maximum is not None
            and factor.minimum > factor.maximum
        ):
            raise self.fail(where, "minimum is larger than maximum. Swap or correct them.")

    def required_factor(self, spec: FactorSpec) -> None:
        """A factor the code reads by id exists, with the kind and unit the code computes with."""
        where = f"candidacy '{spec.id}'"
        found = [f for f in self.p.candidacy if f.id == spec.id]
        if not found:
            raise self.fail(
                where,
                f"the factor is missing, and the app needs it for {spec.use}. "
                f"Add a [[candidacy]] entry with {spec.toml()}.",
            )
        factor = found[0]
        if factor.kind != spec.kind:
            raise self.fail(
                where,
                f'kind is "{factor.kind}", but the app needs a {spec.kind} for {spec.use}. '
                f'Set kind = "{spec.kind}".',
            )
        missing = [c for c in spec.choices if c not in factor.choices]
        if missing or (spec.choices and factor.multiple):
            raise self.fail(
                where,
                f"the app needs one of exactly these choices for {spec.use}: {spec.toml()} "
                "(not multiple). Add the missing choices; words to show go in choice_labels.",
            )
        if spec.unit and factor.unit != spec.unit:
            raise self.fail(
                where,
                f'unit is "{factor.unit}", but the app needs it in {spec.unit} for {spec.use}. '
                f'Set unit = "{spec.unit}" and give minimum and maximum in {spec.unit}.',
            )

    def mjoa(self) -> None:
        m = self.p.mjoa
        for item in m.items:
            points = sorted(o.points for o in item.options)
            if points != list(range(len(points))):
                raise self.fail(
                    f"mjoa.items '{item.id}'",
                    "points must run 0, 1, 2 … without gaps or repeats. Fix the options.",
                )
        if m.max_total != MJOA_TOTAL:
            detail = ", ".join(f"{i.id} {i.max_points}" for i in m.items)
            raise self.fail(
                "[mjoa]",
                f"the items' top points add up to {m.max_total}, not {MJOA_TOTAL} ({detail}). "
                "Correct the options so the total is 18.",
            )
        covered = sorted(n for b in m.bands for n in range(b.low, b.high + 1))
        if covered != list(range(MJOA_TOTAL + 1)):
            raise self.fail(
                "mjoa.bands",
                "the bands must cover every score from 0 to 18 exactly once. Fix low and high.",
            )

    def headings(self) -> None:
        labels = self.p.illustration_labels
        if labels is None:
            return
        for key, template in (("level", labels.level), ("levels", labels.levels)):
            if "{levels}" not in template:
                raise self.fail(
                    "[illustration_labels]",
                    f"'{key}' must contain {{levels}} where the picture names the level(s), "
                    'like "Level {levels}".',
                )

    def sources_defined(self) -> None:
        known = {s.id for s in self.p.sources}
        p = self.p
        cited: list[tuple[str, tuple[str, ...]]] = [(f"risks '{r.id}'", r.sources) for r in p.risks]
        cited += [(f"alternatives '{a.id}'", a.sources) for a in p.alternatives]
        cited += [(f"candidacy '{c.id}'", c.sources) for c in p.candidacy]
        cited += [(f"mjoa.bands '{b.id}'", b.sources) for b in p.mjoa.bands]
        cited += [("[mjoa]", p.mjoa.sources), ("[nurick]", p.nurick.sources)]
        cited += [("[asa]", p.asa.sources)]
        cited += [(f"recovery '{r.id}'", r.sources) for r in p.recovery]
        cited += [(f"recovery_defaults '{r.id}'", r.sources) for r in p.recovery_defaults]
        cited += [(f"benefits '{b.id}'", b.sources) for b in p.benefits]
        for where, ids in cited:
            self.defined(where, "source", ids, known, "[[sources]]")
