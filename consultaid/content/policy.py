"""The content policy a consent committee asks for, checked when a pack loads.

Figures: each representative figure lies inside its reported range and says when it applies.
Sources: structured citations with a PMID or DOI, or a complete journal citation that says what was
not verified, or a guideline, statement or law with its issuing body; never a clinic, wiki,
document-sharing or preprint page, and never an id the content guide retired. Benefits carry a
figure and a source. The text chosen from answers tests only facts the pack records. Each fault is
one ContentError naming the file, the entry and the fix.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlparse

from consultaid.content.model import (
    BenefitFigure,
    Condition,
    Frequency,
    Procedure,
    Source,
    Variant,
)
from consultaid.content.selection import DERIVED_KEYS, LEVEL, LEVELS, MJOA_BAND, SEX
from consultaid.errors import ContentError

# Ids the content guide (CONTENT.md §11) retired: their sources were clinic or consumer pages,
# preprints, copies, or could not be found; `smoking-fusion` double-counted non-union.
RETIRED_SOURCE_IDS = frozenset(
    [
        "AD1",
        "AL1",
        "AMA1",
        "AH1",
        "ASA2",
        "ASA3",
        "BM1",
        "CB1",
        "CF1",
        "CF2",
        "CH1",
        "CMS1",
        "CMS2",
        "CX1",
        "DVA1",
        "G2",
        "GM2",
        "HH1",
        "HL1",
        "HO1",
        "HO2",
        "IC1",
        "IC2",
        "IC3",
        "IC4",
        "IC5",
        "IC6",
        "IC7",
        "IJ1",
        "IJ2",
        "J1",
        "JLA1",
        "JO1",
        "JP1",
        "JS1",
        "LA1",
        "LS1",
        "MA1",
        "MA2",
        "MG2",
        "MK1",
        "ML1",
        "MN1",
        "MO1",
        "MS1",
        "MY1",
        "N1",
        "NO1",
        "NO2",
        "NS1",
        "NW1",
        "NW2",
        "O2",
        "OB1",
        "PC1",
        "PL1",
        "PP1",
        "RM1",
        "RS1",
        "SD1",
        "SN1",
        "SN2",
        "SOP1",
        "SP1",
        "TB1",
        "TB2",
        "TB3",
        "VA1",
        "VA4",
        "VD1",
        "WE1",
    ]
)
RETIRED_RISK_IDS = frozenset({"smoking-fusion"})
# Hosts that are not sources: clinic and consumer pages, wikis, document-sharing copies,
# aggregators and preprint servers. A domain matches itself and its subdomains.
FORBIDDEN_HOSTS = (
    "scribd.com",
    "docksci.com",
    "sciencegate.app",
    "healthline.com",
    "wikipedia.org",
    "neurosurgerywiki.com",
    "operativeneurosurgery.com",
    "physio-pedia.com",
    "researchgate.net",
    "researchsquare.com",
    "medrxiv.org",
    "biorxiv.org",
    "preprints.org",
    "ssrn.com",
    "studylib.net",
    "paperzz.com",
    "moam.info",
    "researcher.life",
    "academia.edu",
    "orthobullets.com",
    "myelopathy.org",
    "cliniborg.com",
)
_CITED = re.compile(r"\[([A-Z][A-Za-z0-9]*\d(?:, ?[A-Z][A-Za-z0-9]*\d)*)\]")
_SLOT = re.compile(r"\{([a-z][a-z0-9-]*)\}")
RANGE_KEYS = ("over", "at-least", "under", "at-most")


class PolicyChecker:
    """Checks a loaded pack against the content policy; the first fault raises."""

    def __init__(self, fail: Callable[[str, str], ContentError], procedure: Procedure) -> None:
        self.fail = fail
        self.p = procedure

    def check(self) -> None:
        p = self.p
        for risk in p.risks:
            where = f"risks '{risk.id}'"
            if risk.id in RETIRED_RISK_IDS:
                raise self.fail(
                    where,
                    "this risk id was retired (CONTENT.md §11): it double-counted non-union. "
                    "Remove it and put smoking in non-union's more_likely.",
                )
            self.figure(where, risk.frequency, "risk")
            for entry in risk.more_likely:
                self.conditions(where, entry.when)
        for source in p.sources:
            self.source(source)
        for benefit in p.benefits:
            where = f"benefits '{benefit.id}'"
            if benefit.figure.source not in benefit.sources:
                raise self.fail(
                    where,
                    f"the figure's source '{benefit.figure.source}' is not in the benefit's "
                    "sources list. Add it to sources.",
                )
            self.figure(where, benefit.figure, "benefit")
            self.conditions(where, benefit.when)
            self.variants(where, benefit.patient_text, benefit.variants)
        for step in p.steps:
            self.variants(f"steps '{step.id}'", step.patient_text, step.variants)
        self.cited_in_text()

    def figure(self, where: str, f: Frequency | BenefitFigure, kind: str) -> None:
        if not f.time_frame.strip():
            raise self.fail(
                where,
                f'the {kind} figure has no time frame. Add time_frame = "…" saying when it '
                'applies, like "1 year after surgery".',
            )
        if f.per not in (100, 1000):
            raise self.fail(where, "per must be 100 or 1000.")
        if not 0 <= f.low_percent <= f.high_percent <= 100:
            raise self.fail(
                where, "the range needs 0 ≤ low_percent ≤ high_percent ≤ 100. Fix the range."
            )
        if f.about is None:
            return
        percent = f.about * 100 / f.per
        if not f.low_percent - 1e-9 <= percent <= f.high_percent + 1e-9:
            raise self.fail(
                where,
                f"the figure, about {f.about:g} in {f.per:,} ({percent:g}%), lies outside its "
                f"reported range {f.low_percent:g}-{f.high_percent:g}%. Use a figure inside the "
                "range, or correct the range from the same kind of measure.",
            )

    def source(self, s: Source) -> None:
        where = f"sources '{s.id}'"
        if s.id in RETIRED_SOURCE_IDS:
            raise self.fail(
                where,
                "this source id was retired (CONTENT.md §11). Remove it and cite the "
                "replacement the guide names.",
            )
        if s.url:
            host = (urlparse(s.url).hostname or "").lower()
            bad = next((h for h in FORBIDDEN_HOSTS if host == h or host.endswith("." + h)), "")
            if bad or not host:
                raise self.fail(
                    where,
                    f"the url points at {host or 'no host'}, which is not a source (clinic, wiki, "
                    "document-sharing or preprint site). Cite the paper by PMID or DOI, or the "
                    "issuing body's own page.",
                )
        if s.kind != "journal":
            if not s.issuer:
                raise self.fail(
                    where,
                    f'a {s.kind} needs its issuing body. Add issuer = "…" (for example the '
                    "society, regulator or court).",
                )
            return
        if s.pmid or s.doi:
            if not s.identifier_verified:
                raise self.fail(
                    where,
                    "gives a PMID or DOI but says identifier_verified = false. Remove the "
                    "identifier that was not seen, or the flag.",
                )
            if s.pmid and not s.pmid.isdigit():
                raise self.fail(where, "the pmid must be digits only.")
            return
        if s.identifier_verified:
            raise self.fail(
                where,
                "has no PMID or DOI. Add the one the content guide gives, or set "
                'identifier_verified = false and unverified = "identifier".',
            )
        missing = [
            name
            for name, value in (
                ("journal", s.journal),
                ("year", s.year),
                ("volume or pages", s.volume or s.pages),
            )
            if not value and not _declared(name, s.unverified)
        ]
        if missing:
            raise self.fail(
                where,
                f"a citation without PMID or DOI must be complete: {', '.join(missing)} "
                'missing. Add them, or name each in unverified = "…" if the guide could not '
                "verify it.",
            )

    def conditions(self, where: str, conditions: tuple[Condition, ...]) -> None:
        factors = {f.id: f for f in self.p.candidacy}
        bands = {b.id for b in self.p.mjoa.bands}
        for c in conditions:
            factor = factors.get(c.key)
            problem = ""
            if factor is None and c.key not in DERIVED_KEYS:
                if c.key.startswith("mjoa.") or c.key in ("nurick", "asa"):
                    continue
                problem = (
                    f"'when' tests {c.key!r}, which the consultation does not record. Use a "
                    f"[[candidacy]] id or one of {', '.join(DERIVED_KEYS)}."
                )
            elif c.key == MJOA_BAND and c.value not in bands:
                problem = f"'when' mjoa-band must be one of {', '.join(sorted(bands))}."
            elif c.key in (SEX, LEVEL) and not isinstance(c.value, str):
                problem = f"'when' {c.key} must be text in quotes."
            elif c.key == LEVELS and isinstance(c.value, bool | str):
                problem = "'when' levels must be a number, or a comparison like { at-least = 2 }."
            elif factor is not None:
                problem = _factor_problem(factor.kind, factor.choices, c)
            if problem:
                raise self.fail(where, problem)

    def variants(self, where: str, text: str, variants: tuple[Variant, ...]) -> None:
        slots = set(_SLOT.findall(text)) - {"levels"}
        for v in variants:
            if v.slot not in slots:
                raise self.fail(
                    where,
                    f"a variant fills {{{v.slot}}}, which its text does not contain. Add "
                    f"{{{v.slot}}} where the sentence goes, or correct the slot.",
                )
            self.conditions(where, v.when)
        for slot in sorted(slots):
            if not any(v.slot == slot and v.fallback for v in variants):
                raise self.fail(
                    where,
                    f"{{{slot}}} has no fallback variant for when nothing is recorded. Add one "
                    f'with slot = "{slot}" and fallback = true (its text may be empty).',
                )

    def cited_in_text(self) -> None:
        """Every [ID] in the surgeon's notes and talking points names a defined source."""
        known = {s.id for s in self.p.sources}
        texts = [(f"steps '{s.id}'", t) for s in self.p.steps for t in s.talking_points]
        texts += [(f"risks '{r.id}'", r.notes) for r in self.p.risks]
        texts += [(f"alternatives '{a.id}'", a.when_used) for a in self.p.alternatives]
        texts += [(f"candidacy '{c.id}'", c.help) for c in self.p.candidacy]
        texts += [(f"mjoa.bands '{b.id}'", b.guidance) for b in self.p.mjoa.bands]
        texts += [("[mjoa]", self.p.mjoa.note), ("[asa]", self.p.asa.note)]
        for where, text in texts:
            for match in _CITED.finditer(text):
                for ident in (i.strip() for i in match.group(1).split(",")):
                    if ident in RETIRED_SOURCE_IDS:
                        why = "was retired (CONTENT.md §11)"
                    elif ident not in known:
                        why = "no [[sources]] entry defines"
                    else:
                        continue
                    raise self.fail(
                        where,
                        f"the text cites [{ident}], which {why}. Cite a defined source or "
                        "remove the claim.",
                    )


def _declared(name: str, unverified: str) -> bool:
    """Whether `unverified` names the missing part ("volume or pages" is declared by either)."""
    text = unverified.casefold()
    return any(part in text for part in name.split(" or "))


def _factor_problem(kind: str, choices: tuple[str, ...], c: Condition) -> str:
    if kind == "boolean" and (c.op != "is" or not isinstance(c.value, bool)):
        return f"'when' {c.key} is a yes/no factor: write {c.key} = true or false."
    if kind == "choice" and (c.op != "is" or c.value not in choices):
        return f"'when' {c.key} must be one of its choices: {', '.join(choices)}."
    if kind == "number" and isinstance(c.value, bool | str):
        ops = ", ".join(RANGE_KEYS)
        return f"'when' {c.key} is a number: write a number or {{ over = N }} ({ops})."
    if kind == "text":
        return f"'when' cannot test {c.key}: it is free text."
    return ""
