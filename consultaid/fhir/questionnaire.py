"""The FHIR Questionnaire the candidacy record answers, derived from the content pack.

The hospital's record needs the questions as well as the answers, at a canonical URL and version.
The Questionnaire is shipped in resources/fhir/ (so a hospital can load it before the first
export) and is exactly what `questionnaire(procedure)` builds from the bundled pack: a test keeps
the two equal, and `python -m consultaid.fhir.questionnaire` rewrites the file after a pack edit.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from consultaid.content.model import CandidacyFactor, Procedure, Scale
from consultaid.content.required import ASA, MJOA_PREFIX, NURICK
from consultaid.paths import resources_dir

CANONICAL_BASE = "https://consultaid.github.io/fhir/Questionnaire/"
MJOA_TOTAL = "mjoa-total"
MJOA_BAND = "mjoa-band"
_TYPES = {"boolean": "boolean", "number": "decimal", "choice": "choice", "text": "string"}
SECTIONS = {
    "factors": "Risk and outcome factors",
    "operation": "The operation",
    "consent": "Consent",
}


def canonical_url(procedure: Procedure) -> str:
    return f"{CANONICAL_BASE}{procedure.id}-candidacy"


def shipped_path(procedure_id: str) -> str:
    return str(resources_dir() / "fhir" / f"Questionnaire-{procedure_id}-candidacy.json")


def questionnaire(procedure: Procedure) -> dict[str, Any]:
    """The Questionnaire as FHIR R4 JSON: mJOA (items, total, band), Nurick, ASA, every factor."""
    mjoa_items = [
        {
            "linkId": MJOA_PREFIX + item.id,
            "text": item.label,
            "type": "choice",
            "answerOption": [
                {"valueCoding": {"code": str(o.points), "display": o.text}} for o in item.options
            ],
        }
        for item in procedure.mjoa.items
    ]
    mjoa_items += [
        {"linkId": MJOA_TOTAL, "text": "mJOA total", "type": "integer", "readOnly": True},
        {"linkId": MJOA_BAND, "text": "mJOA severity band", "type": "string", "readOnly": True},
    ]
    groups = [
        {
            "linkId": "mjoa",
            "text": "Modified JOA score (mJOA)",
            "type": "group",
            "item": mjoa_items,
        },
        {
            "linkId": "scales",
            "text": "Grades",
            "type": "group",
            "item": [_scale(NURICK, procedure.nurick), _scale(ASA, procedure.asa)],
        },
    ]
    for section, title in SECTIONS.items():
        items = [_factor(f) for f in procedure.candidacy if _section(f) == section]
        if items:
            groups.append({"linkId": section, "text": title, "type": "group", "item": items})
    return {
        "resourceType": "Questionnaire",
        "url": canonical_url(procedure),
        "version": procedure.version,
        "name": "".join(part.title() for part in procedure.id.split("-")) + "Candidacy",
        "title": f"{procedure.title}: candidacy record",
        "status": "active",
        "subjectType": ["Patient"],
        "item": groups,
    }


def _section(factor: CandidacyFactor) -> str:
    return getattr(factor, "section", "factors") or "factors"


def _scale(link_id: str, scale: Scale) -> dict[str, Any]:
    return {
        "linkId": link_id,
        "text": scale.name,
        "type": "choice",
        "answerOption": [
            {"valueCoding": {"code": g.grade, "display": g.definition}} for g in scale.grades
        ],
    }


def item_text(factor: CandidacyFactor) -> str:
    return f"{factor.label} ({factor.unit})" if factor.unit else factor.label


def _factor(factor: CandidacyFactor) -> dict[str, Any]:
    item: dict[str, Any] = {
        "linkId": factor.id,
        "text": item_text(factor),
        "type": _TYPES[factor.kind],
    }
    if factor.kind == "choice":
        item["answerOption"] = [
            {"valueCoding": {"code": c, "display": factor.label_of(c)}} for c in factor.choices
        ]
        if getattr(factor, "multiple", False):
            item["repeats"] = True
    return item


def main() -> int:
    from consultaid.content import load_procedure

    procedure = load_procedure()
    path = shipped_path(procedure.id)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(questionnaire(procedure), f, ensure_ascii=False, indent=2)
        f.write("\n")
    print(f"Wrote {path}.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
