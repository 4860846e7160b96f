"""Readers for the pack's structured parts: sources, benefits, conditions, variants, "more likely".

Split from the loader so each module holds one idea: these turn the newer, nested tables into the
model, each fault a ContentError naming the entry and the fix.
"""

from __future__ import annotations

from typing import Any

from consultaid.content.model import (
    BENEFIT_KINDS,
    CONDITION_OPERATORS,
    SOURCE_KINDS,
    Benefit,
    BenefitFigure,
    Condition,
    MoreLikely,
    Source,
    Variant,
)
from consultaid.content.required import FACT_SECTIONS
from consultaid.content.toml_reader import TomlReader


class PartsReader(TomlReader):
    """The structured parts of a pack, read with the typed helpers of TomlReader."""

    def source(self, d: dict[str, Any], where: str) -> Source:
        year = d.get("year")
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            raise self.fail(where, "'year' must be a year without quotes, like 2017.")
        kind = self.text(d, "kind", where, required=False) or "journal"
        if kind not in SOURCE_KINDS:
            raise self.fail(where, f"'kind' must be one of {', '.join(SOURCE_KINDS)}.")
        return Source(
            id=self.entry_id(d, where),
            title=self.text(d, "title", where),
            kind=kind,
            authors=self.text(d, "authors", where, required=False),
            journal=self.text(d, "journal", where, required=False),
            year=year,
            volume=self.code(d, "volume", where),
            issue=self.code(d, "issue", where),
            pages=self.code(d, "pages", where),
            pmid=self.code(d, "pmid", where),
            doi=self.text(d, "doi", where, required=False),
            url=self.text(d, "url", where, required=False),
            issuer=self.text(d, "issuer", where, required=False),
            identifier=self.text(d, "identifier", where, required=False),
            identifier_verified=self.flag(d, "identifier_verified", where, default=True),
            unverified=self.text(d, "unverified", where, required=False),
        )

    def code(self, d: dict[str, Any], key: str, where: str) -> str:
        """A short code written as text or as a number (a PMID, a volume, pages)."""
        value = d.get(key, "")
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise self.fail(where, f"'{key}' must be text in quotes, like {key} = \"12\".")
        return str(value).strip()

    def flag(self, d: dict[str, Any], key: str, where: str, *, default: bool = False) -> bool:
        value = d.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(where, f"'{key}' must be true or false, without quotes.")
        return value

    def section(self, d: dict[str, Any], where: str) -> str:
        section = self.text(d, "section", where, required=False) or "factors"
        if section not in FACT_SECTIONS:
            raise self.fail(where, f"'section' must be one of {', '.join(FACT_SECTIONS)}.")
        return section

    def conditions(self, d: dict[str, Any], where: str) -> tuple[Condition, ...]:
        """`when = { smoking = true, levels = { at-least = 2 } }`: every test must hold."""
        raw = d.get("when", {})
        table = self.table(raw, f"{where} when")
        found: list[Condition] = []
        for key, value in table.items():
            if isinstance(value, dict):
                if len(value) != 1 or next(iter(value)) not in CONDITION_OPERATORS[1:]:
                    raise self.fail(
                        where,
                        f"'when' {key} must be a value or one comparison like {{ over = 4 }} "
                        f"({', '.join(CONDITION_OPERATORS[1:])}).",
                    )
                op, number = next(iter(value.items()))
                if isinstance(number, bool) or not isinstance(number, int | float):
                    raise self.fail(where, f"'when' {key} {op} must be a number.")
                found.append(Condition(key=key, op=op, value=float(number)))
            elif isinstance(value, bool | str | int | float):
                found.append(Condition(key=key, op="is", value=value))
            else:
                raise self.fail(where, f"'when' {key} must be true, false, text or a number.")
        return tuple(found)

    def variants(self, d: dict[str, Any], where: str) -> tuple[Variant, ...]:
        raw = d.get("variants", [])
        if not isinstance(raw, list):
            raise self.fail(where, "'variants' must be a list of [[…variants]] entries.")
        found = []
        for n, v in enumerate(raw, 1):
            vw = f"{where} variant #{n}"
            v = self.table(v, vw)
            found.append(
                Variant(
                    slot=self.text(v, "slot", vw),
                    text=self.text(v, "text", vw, required=False),
                    when=self.conditions(v, vw),
                    fallback=self.flag(v, "fallback", vw),
                )
            )
        return tuple(found)

    def more_likely(self, d: dict[str, Any], where: str) -> tuple[MoreLikely, ...]:
        raw = d.get("more_likely")
        if not isinstance(raw, list) or not raw:
            raise self.fail(
                where,
                "'more_likely' must list [[risks.more_likely]] entries with text (and 'when' "
                "for the patients it applies to).",
            )
        entries = []
        for n, m in enumerate(raw, 1):
            mw = f"{where} more_likely #{n}"
            m = self.table(m, mw)
            entries.append(MoreLikely(text=self.text(m, "text", mw), when=self.conditions(m, mw)))
        return tuple(entries)

    def benefit(self, d: dict[str, Any], where: str) -> Benefit:
        kind = self.text(d, "kind", where, required=False) or "surgery"
        if kind not in BENEFIT_KINDS:
            raise self.fail(where, f"'kind' must be one of {', '.join(BENEFIT_KINDS)}.")
        raw = d.get("figure")
        if raw is None:
            raise self.fail(
                where,
                "has no figure. Add [benefits.figure] with about, per, low_percent, "
                "high_percent, time_frame and source.",
            )
        f = self.table(raw, f"{where} figure")
        fw = f"{where} figure"
        return Benefit(
            id=self.entry_id(d, where),
            title=self.text(d, "title", where),
            patient_text=self.text(d, "patient_text", where),
            figure=BenefitFigure(
                about=self.number(f, "about", fw, required=False),
                per=self.integer(f, "per", fw),
                low_percent=self.number(f, "low_percent", fw),
                high_percent=self.number(f, "high_percent", fw),
                time_frame=self.text(f, "time_frame", fw),
                source=self.text(f, "source", fw),
            ),
            sources=self.ids(d, "sources", where),
            kind=kind,
            when=self.conditions(d, where),
            variants=self.variants(d, where),
        )
