"""What the Store returns: frozen dataclasses, so callers never hold sqlite3 rows or loose dicts.

Times are timezone-aware UTC datetimes (stored as ISO-8601 text); dates of birth are dates. Rows a
finalized consultation can be corrected in carry `amendment_ids`: the amendments already applied to
the value shown, whose `old_value` keeps what was recorded first.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from consultaid.strokes import Stroke

SEXES: tuple[str, ...] = ("female", "male", "other", "unknown")
TEACH_BACK_RESULTS: tuple[str, ...] = ("yes", "partly", "no")
SIGNER_ROLES: tuple[str, ...] = ("patient", "representative", "surgeon", "witness", "interpreter")
DRAFT = "draft"
FINAL = "final"


class AmendTarget(StrEnum):
    """What an amendment may correct, as `table.field`; the rest of a final record is fixed."""

    LEVELS = "consultations.levels"
    ANSWER = "candidacy_answers.value"
    RISK_DISCUSSED = "risk_discussions.discussed"
    ALTERNATIVE_DISCUSSED = "alternatives_discussed.discussed"
    QUESTION = "questions.question"
    QUESTION_ANSWER = "questions.answer"
    TEACH_BACK_RESULT = "teach_back.result"
    TEACH_BACK_NOTE = "teach_back.note"

    @property
    def table(self) -> str:
        return self.value.partition(".")[0]

    @property
    def field(self) -> str:
        return self.value.partition(".")[2]


@dataclass(frozen=True)
class Patient:
    id: int
    mrn: str
    family_name: str
    given_names: str
    date_of_birth: date
    sex: str
    created_at: datetime
    updated_at: datetime

    @property
    def display_name(self) -> str:
        """`Family, Given` as clinical lists show names; the family name alone if no other."""
        return f"{self.family_name}, {self.given_names}" if self.given_names else self.family_name

    @property
    def printed_name(self) -> str:
        """The name as its bearer writes it, for the line under a signature: given names first,
        except in Chinese, Japanese and Korean, whose names put the family name first (with no
        space when both parts are in those scripts: 王小明, 김민준)."""
        family, given = self.family_name.strip(), self.given_names.strip()
        if not (family and given):
            return family or given
        if _family_first(family):
            return f"{family}{given}" if _family_first(given) else f"{family} {given}"
        return f"{given} {family}"


# Unicode name prefixes of the letters of family-name-first scripts.
_FAMILY_FIRST = (
    "CJK UNIFIED IDEOGRAPH",
    "CJK COMPATIBILITY IDEOGRAPH",
    "HIRAGANA",
    "KATAKANA",
    "HANGUL",
)


def _family_first(name: str) -> bool:
    """Whether every letter of `name` is Chinese, Japanese or Korean."""
    letters = [c for c in name if unicodedata.category(c).startswith("L")]
    return bool(letters) and all(unicodedata.name(c, "").startswith(_FAMILY_FIRST) for c in letters)


@dataclass(frozen=True)
class Consultation:
    id: int
    patient_id: int
    clinician: str
    started_at: datetime
    status: str
    finalized_at: datetime | None
    finalized_by: str | None
    pack_id: str
    content_version: str
    levels: tuple[str, ...]
    updated_at: datetime
    amendment_ids: tuple[int, ...] = ()

    @property
    def is_final(self) -> bool:
        return self.status == FINAL


@dataclass(frozen=True)
class CandidacyAnswer:
    consultation_id: int
    factor_id: str
    value: Any
    updated_at: datetime
    amendment_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class RiskDiscussion:
    consultation_id: int
    risk_id: str
    discussed: bool
    at: datetime
    amendment_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class AlternativeDiscussion:
    consultation_id: int
    alternative_id: str
    discussed: bool
    at: datetime
    amendment_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Question:
    id: int
    consultation_id: int
    question: str
    answer: str
    asked_at: datetime
    updated_at: datetime
    amendment_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class TeachBack:
    consultation_id: int
    result: str
    note: str
    at: datetime
    amendment_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Annotation:
    consultation_id: int
    step_id: str
    strokes: tuple[Stroke, ...]
    updated_at: datetime


@dataclass(frozen=True)
class StepVisit:
    id: int
    consultation_id: int
    step_id: str
    entered_at: datetime
    seconds: float


@dataclass(frozen=True)
class Signature:
    id: int
    consultation_id: int
    role: str
    printed_name: str
    relationship: str
    language: str
    strokes: tuple[Stroke, ...]
    signed_at: datetime


@dataclass(frozen=True)
class Document:
    """A stored PDF's metadata; `Store.document_pdf(id)` returns its bytes, hash checked."""

    id: int
    consultation_id: int
    kind: str
    sha256: str
    size: int
    created_at: datetime
    supersedes_id: int | None


@dataclass(frozen=True)
class Amendment:
    """A correction to a final consultation: which value, what it was, what it is now, and why.

    `row_key` names the corrected row within the consultation (factor, risk or alternative id, the
    question id; empty for the consultation itself and its teach-back); `row_id` is the corrected
    row's id, or None when the correction records something that had no row (a risk discussed but
    not ticked). Values are the JSON values the Store returns for that field.
    """

    id: int
    consultation_id: int
    target: AmendTarget
    row_key: str
    row_id: int | None
    old_value: Any
    new_value: Any
    reason: str
    author: str
    at: datetime


@dataclass(frozen=True)
class AuditEntry:
    """One change, by id only: the audit log never holds patient text."""

    id: int
    at: datetime
    actor: str
    action: str
    table_name: str
    row_id: int | None
    consultation_id: int | None
    login: str = ""


@dataclass(frozen=True)
class Setting:
    key: str
    value: Any
    updated_at: datetime | None = None


@dataclass(frozen=True)
class ConsultationRecord:
    """Everything of one consultation, amendments applied, for the screens and the consent summary.

    `settings` are the clinic settings snapshotted when the consultation was finalized, or the
    current ones while it is a draft.
    """

    patient: Patient
    consultation: Consultation
    answers: tuple[CandidacyAnswer, ...]
    risks: tuple[RiskDiscussion, ...]
    alternatives: tuple[AlternativeDiscussion, ...]
    questions: tuple[Question, ...]
    teach_back: TeachBack | None
    annotations: tuple[Annotation, ...]
    step_visits: tuple[StepVisit, ...]
    signatures: tuple[Signature, ...]
    documents: tuple[Document, ...]
    amendments: tuple[Amendment, ...]
    settings: tuple[Setting, ...]

    def answer(self, factor_id: str, default: Any = None) -> Any:
        return next((a.value for a in self.answers if a.factor_id == factor_id), default)

    def risk_discussed(self, risk_id: str) -> bool:
        return any(r.discussed for r in self.risks if r.risk_id == risk_id)

    def alternative_discussed(self, alternative_id: str) -> bool:
        return any(a.discussed for a in self.alternatives if a.alternative_id == alternative_id)

    def annotation(self, step_id: str) -> tuple[Stroke, ...]:
        return next((a.strokes for a in self.annotations if a.step_id == step_id), ())

    def seconds_on(self, step_id: str) -> float:
        return sum(v.seconds for v in self.step_visits if v.step_id == step_id)

    def setting(self, key: str, default: Any = None) -> Any:
        return next((s.value for s in self.settings if s.key == key), default)


@dataclass(frozen=True)
class SealedMatch:
    """A PDF found, byte for byte, among a database's sealed documents (`Store.find_sealed`)."""

    document: Document
    sealed_at: datetime
    sealed_by: str
    consultation_status: str
    superseded_by: int | None


@dataclass(frozen=True)
class CheckReport:
    """The result of `Store.check()`: `ok` only when `problems` is empty."""

    path: Path
    schema_version: int
    expected_version: int
    problems: tuple[str, ...]
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems
