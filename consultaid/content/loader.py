"""Loads a content pack from TOML into frozen dataclasses, and says exactly what is wrong if not.

A clinic edits packs by hand, so every failure is a ContentError naming the file, the entry and the
fix (with the line number when TOML gives one), never a traceback.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from consultaid.content.checks import RISK_CATEGORIES, PackChecker
from consultaid.content.model import (
    Alternative,
    CandidacyFactor,
    Frequency,
    Grade,
    IllustrationLabels,
    Mjoa,
    MjoaItem,
    Procedure,
    RecoveryDefault,
    RecoveryPhase,
    Risk,
    Scale,
    ScoreOption,
    SeverityBand,
    Step,
    TimePoint,
)
from consultaid.content.part_readers import PartsReader
from consultaid.errors import ContentError
from consultaid.paths import default_pack_dir

PACK_FILE = "procedure.toml"
FACTOR_KINDS = ("boolean", "number", "choice", "text")
LABELS_TABLE = "illustration_labels"


def load_procedure(path: str | Path | None = None) -> Procedure:
    """The bundled pack, or the pack in folder `path` (or at `path`/procedure.toml)."""
    if path is None:
        return _bundled()
    return _load(Path(path))


@cache
def _bundled() -> Procedure:
    return _load(default_pack_dir())


def content_version(pack_dir: Path) -> str:
    """SHA-256 over every file of the pack in sorted relative-path order, names included."""
    digest = hashlib.sha256()
    for file in sorted(p for p in pack_dir.rglob("*") if p.is_file()):
        rel = file.relative_to(pack_dir).as_posix()
        digest.update(rel.encode() + b"\0")
        digest.update(file.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def _load(path: Path) -> Procedure:
    pack_dir = path.parent if path.suffix == ".toml" else path
    file = pack_dir / PACK_FILE
    if not file.is_file():
        raise ContentError(
            f"{file}: the content pack file is missing. Reinstall ConsultAid or point to a folder "
            f"that holds {PACK_FILE}."
        )
    try:
        version = content_version(pack_dir)
    except OSError as exc:
        raise ContentError(
            f"{pack_dir}: the pack cannot be read ({exc.strerror}). Check its permissions."
        ) from None
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except RecursionError:
        raise ContentError(
            f"{file}: tables or lists are nested too deeply. Flatten them."
        ) from None
    except UnicodeDecodeError as exc:
        raise ContentError(
            f"{file}: the file is not UTF-8 text ({exc.reason}). Save it as UTF-8."
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(
            f"{file}: TOML syntax error: {exc}. Fix the syntax on that line."
        ) from None
    except OSError as exc:
        raise ContentError(
            f"{file}: cannot be read ({exc.strerror}). Check the file's permissions."
        ) from None
    reader = _Reader(file)
    procedure = reader.procedure(data, pack_dir)
    PackChecker(file, procedure).check()
    return _with_version(procedure, version)


def _with_version(procedure: Procedure, version: str) -> Procedure:
    return replace(procedure, content_version=version)


class _Reader(PartsReader):
    """Turns parsed TOML into the model, checking types and required keys as it goes."""

    def procedure(self, data: dict[str, Any], pack_dir: Path) -> Procedure:
        top = "top level"
        return Procedure(
            id=self.text(data, "id", top),
            version=self.text(data, "version", top),
            title=self.text(data, "title", top),
            plain_title=self.text(data, "plain_title", top),
            summary=self.text(data, "summary", top),
            steps=self.each(data, "steps", self.step),
            risks=self.each(data, "risks", self.risk),
            alternatives=self.each(data, "alternatives", self.alternative),
            candidacy=self.each(data, "candidacy", self.factor),
            mjoa=self.mjoa(self.table(data.get("mjoa"), "[mjoa]")),
            nurick=self.scale(data, "nurick", "Nurick grade"),
            asa=self.scale(data, "asa", "ASA class"),
            recovery=self.each(data, "recovery", self.phase),
            recovery_defaults=self.each(data, "recovery_defaults", self.recovery_default),
            sources=self.each(data, "sources", self.source),
            root=pack_dir,
            illustration_labels=self.words(
                IllustrationLabels, data.get(LABELS_TABLE), LABELS_TABLE
            ),
            benefits=self.each(data, "benefits", self.benefit),
        )

    def step(self, d: dict[str, Any], where: str) -> Step:
        return Step(
            id=self.entry_id(d, where),
            title=self.text(d, "title", where),
            patient_text=self.text(d, "patient_text", where),
            talking_points=self.ids(d, "talking_points", where),
            illustration=self.text(d, "illustration", where),
            risks=self.ids(d, "risks", where),
            variants=self.variants(d, where),
        )

    def risk(self, d: dict[str, Any], where: str) -> Risk:
        category = self.text(d, "category", where, required=False) or "common"
        if category not in RISK_CATEGORIES:
            raise self.fail(where, '\'category\' must be "common" or "rare".')
        return Risk(
            id=self.entry_id(d, where),
            name=self.text(d, "name", where),
            explanation=self.text(d, "explanation", where),
            frequency=self.frequency(self.table(d.get("frequency"), f"{where} frequency"), where),
            more_likely=self.more_likely(d, where),
            sources=self.ids(d, "sources", where),
            category=category,
            notes=self.text(d, "notes", where, required=False),
        )

    def frequency(self, d: dict[str, Any], where: str) -> Frequency:
        where = f"{where} frequency"
        points = []
        for n, tp in enumerate(d.get("time_points", []), 1):
            tp = self.table(tp, f"{where} time point #{n}")
            points.append(
                TimePoint(
                    when=self.text(tp, "when", where), percent=self.number(tp, "percent", where)
                )
            )
        return Frequency(
            about=self.number(d, "about", where),
            per=self.integer(d, "per", where),
            low_percent=self.number(d, "low_percent", where),
            high_percent=self.number(d, "high_percent", where),
            source=self.text(d, "source", where),
            time_frame=self.text(d, "time_frame", where, required=False),
            time_points=tuple(points),
        )

    def alternative(self, d: dict[str, Any], where: str) -> Alternative:
        return Alternative(
            id=self.entry_id(d, where),
            name=self.text(d, "name", where),
            plain_text=self.text(d, "plain_text", where),
            when_used=self.text(d, "when_used", where),
            sources=self.ids(d, "sources", where),
        )

    def factor(self, d: dict[str, Any], where: str) -> CandidacyFactor:
        kind = self.text(d, "kind", where)
        if kind not in FACTOR_KINDS:
            raise self.fail(where, f"'kind' must be one of {', '.join(FACTOR_KINDS)}.")
        return CandidacyFactor(
            id=self.entry_id(d, where),
            label=self.text(d, "label", where),
            kind=kind,
            help=self.text(d, "help", where, required=False),
            raises=self.ids(d, "raises", where),
            sources=self.ids(d, "sources", where),
            unit=self.text(d, "unit", where, required=False),
            minimum=self.number(d, "minimum", where, required=False),
            maximum=self.number(d, "maximum", where, required=False),
            choices=self.ids(d, "choices", where),
            raises_above=self.number(d, "raises_above", where, required=False),
            multiple=self.flag(d, "multiple", where),
            choice_labels=self.ids(d, "choice_labels", where),
            section=self.section(d, where),
        )

    def mjoa(self, d: dict[str, Any]) -> Mjoa:
        items = []
        for n, item in enumerate(self.tables(d, "items", "[mjoa]"), 1):
            where = self.label("mjoa.items", n, item)
            raw_options = item.get("options")
            if not isinstance(raw_options, list) or not raw_options:
                raise self.fail(where, "'options' must list { points = N, text = \"…\" } entries.")
            options = tuple(
                ScoreOption(
                    points=self.integer(self.table(o, where), "points", where),
                    text=self.text(o, "text", where),
                )
                for o in raw_options
            )
            items.append(
                MjoaItem(
                    id=self.entry_id(item, where),
                    label=self.text(item, "label", where),
                    options=options,
                )
            )
        bands = []
        for n, band in enumerate(self.tables(d, "bands", "[mjoa]"), 1):
            where = self.label("mjoa.bands", n, band)
            bands.append(
                SeverityBand(
                    id=self.entry_id(band, where),
                    name=self.text(band, "name", where),
                    low=self.integer(band, "low", where),
                    high=self.integer(band, "high", where),
                    guidance=self.text(band, "guidance", where),
                    sources=self.ids(band, "sources", where),
                )
            )
        return Mjoa(
            items=tuple(items),
            bands=tuple(bands),
            sources=self.ids(d, "sources", "[mjoa]"),
            note=self.text(d, "note", "[mjoa]", required=False),
        )

    def scale(self, data: dict[str, Any], key: str, name: str) -> Scale:
        where = f"[{key}]"
        d = self.table(data.get(key), where)
        grades = []
        for n, g in enumerate(self.tables(d, "grades", where), 1):
            gw = f"{where} grade #{n}"
            grades.append(
                Grade(
                    grade=self.text(g, "grade", gw),
                    definition=self.text(g, "definition", gw),
                    examples=self.text(g, "examples", gw, required=False),
                )
            )
        return Scale(
            id=key,
            name=self.text(d, "name", where, required=False) or name,
            grades=tuple(grades),
            sources=self.ids(d, "sources", where),
            note=self.text(d, "note", where, required=False),
            raises=self.ids(d, "raises", where),
            raises_from=self.text(d, "raises_from", where, required=False),
        )

    def phase(self, d: dict[str, Any], where: str) -> RecoveryPhase:
        return RecoveryPhase(
            id=self.entry_id(d, where),
            title=self.text(d, "title", where),
            start_day=self.integer(d, "start_day", where),
            end_day=self.integer(d, "end_day", where),
            patient_text=self.text(d, "patient_text", where),
            sources=self.ids(d, "sources", where),
        )

    def recovery_default(self, d: dict[str, Any], where: str) -> RecoveryDefault:
        return RecoveryDefault(
            id=self.entry_id(d, where),
            label=self.text(d, "label", where),
            default=self.text(d, "default", where),
            sources=self.ids(d, "sources", where),
        )
