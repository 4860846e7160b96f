"""Between SQLite values and the row dataclasses: times, dates, JSON and strokes.

Times are stored as UTC ISO-8601 text with microseconds, so text order is time order; JSON is
written compactly with non-ASCII kept as is, and NaN refused so every stored value reads back.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from consultaid.records.rows import (
    AlternativeDiscussion,
    Amendment,
    AmendTarget,
    Annotation,
    AuditEntry,
    CandidacyAnswer,
    Consultation,
    Document,
    Patient,
    Question,
    RiskDiscussion,
    Signature,
    StepVisit,
    TeachBack,
)
from consultaid.strokes import Stroke

PATIENT_COLUMNS = "id, mrn, family_name, given_names, date_of_birth, sex, created_at, updated_at"
CONSULTATION_COLUMNS = (
    "id, patient_id, clinician, started_at, status, finalized_at, finalized_by, pack_id, "
    "content_version, levels, updated_at"
)
DOCUMENT_COLUMNS = (
    "id, consultation_id, kind, sha256, length(pdf) AS size, created_at, supersedes_id"
)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def when(text: str) -> datetime:
    return datetime.fromisoformat(text)


def maybe_when(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def from_json(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def strokes_json(strokes: Sequence[Stroke]) -> str:
    return to_json([s.to_data() for s in strokes])


def strokes_from(text: str) -> tuple[Stroke, ...]:
    return tuple(Stroke.from_data(d) for d in json.loads(text))


def levels_text(levels: tuple[str, ...]) -> str:
    return ",".join(levels)


def patient(row: sqlite3.Row) -> Patient:
    return Patient(
        id=row["id"],
        mrn=row["mrn"],
        family_name=row["family_name"],
        given_names=row["given_names"],
        date_of_birth=date.fromisoformat(row["date_of_birth"]),
        sex=row["sex"],
        created_at=when(row["created_at"]),
        updated_at=when(row["updated_at"]),
    )


def consultation(row: sqlite3.Row) -> Consultation:
    return Consultation(
        id=row["id"],
        patient_id=row["patient_id"],
        clinician=row["clinician"],
        started_at=when(row["started_at"]),
        status=row["status"],
        finalized_at=maybe_when(row["finalized_at"]),
        finalized_by=row["finalized_by"],
        pack_id=row["pack_id"],
        content_version=row["content_version"],
        levels=tuple(row["levels"].split(",")) if row["levels"] else (),
        updated_at=when(row["updated_at"]),
    )


def answer(row: sqlite3.Row) -> CandidacyAnswer:
    return CandidacyAnswer(
        row["consultation_id"], row["factor_id"], from_json(row["value"]), when(row["updated_at"])
    )


def risk(row: sqlite3.Row) -> RiskDiscussion:
    return RiskDiscussion(
        row["consultation_id"], row["risk_id"], bool(row["discussed"]), when(row["at"])
    )


def alternative(row: sqlite3.Row) -> AlternativeDiscussion:
    return AlternativeDiscussion(
        row["consultation_id"], row["alternative_id"], bool(row["discussed"]), when(row["at"])
    )


def question(row: sqlite3.Row) -> Question:
    return Question(
        id=row["id"],
        consultation_id=row["consultation_id"],
        question=row["question"],
        answer=row["answer"],
        asked_at=when(row["asked_at"]),
        updated_at=when(row["updated_at"]),
    )


def teach_back(row: sqlite3.Row) -> TeachBack:
    return TeachBack(row["consultation_id"], row["result"], row["note"], when(row["at"]))


def annotation(row: sqlite3.Row) -> Annotation:
    return Annotation(
        row["consultation_id"],
        row["step_id"],
        strokes_from(row["strokes"]),
        when(row["updated_at"]),
    )


def step_visit(row: sqlite3.Row) -> StepVisit:
    return StepVisit(
        row["id"], row["consultation_id"], row["step_id"], when(row["entered_at"]), row["seconds"]
    )


def signature(row: sqlite3.Row) -> Signature:
    return Signature(
        id=row["id"],
        consultation_id=row["consultation_id"],
        role=row["role"],
        printed_name=row["printed_name"],
        relationship=row["relationship"],
        language=row["language"],
        strokes=strokes_from(row["strokes"]),
        signed_at=when(row["signed_at"]),
    )


def document(row: sqlite3.Row) -> Document:
    return Document(
        id=row["id"],
        consultation_id=row["consultation_id"],
        kind=row["kind"],
        sha256=row["sha256"],
        size=row["size"],
        created_at=when(row["created_at"]),
        supersedes_id=row["supersedes_id"],
    )


def amendment(row: sqlite3.Row) -> Amendment:
    return Amendment(
        id=row["id"],
        consultation_id=row["consultation_id"],
        target=AmendTarget(f"{row['table_name']}.{row['field']}"),
        row_key=row["row_key"],
        row_id=row["row_id"],
        old_value=from_json(row["old_value"]),
        new_value=from_json(row["new_value"]),
        reason=row["reason"],
        author=row["author"],
        at=when(row["at"]),
    )


def audit_entry(row: sqlite3.Row) -> AuditEntry:
    return AuditEntry(
        id=row["id"],
        at=when(row["at"]),
        actor=row["actor"],
        login=row["login"],
        action=row["action"],
        table_name=row["table_name"],
        row_id=row["row_id"],
        consultation_id=row["consultation_id"],
    )
