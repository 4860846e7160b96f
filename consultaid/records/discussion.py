"""What is recorded during a draft consultation, each change saved the moment it is made.

Answers, ticks, the teach-back, drawings and signatures keep one row per item (the latest value
wins while the consultation is a draft); questions and step visits add rows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

from consultaid.errors import InputError, StaleEdit
from consultaid.records import codec, validation
from consultaid.records.base import StoreBase
from consultaid.records.rows import (
    AlternativeDiscussion,
    Annotation,
    CandidacyAnswer,
    Question,
    RiskDiscussion,
    Signature,
    StepVisit,
    TeachBack,
)
from consultaid.strokes import Stroke


class Unchecked:
    """The default `expected` of a save: no check against another window (tests, the CLI)."""


UNCHECKED = Unchecked()


class DiscussionMixin(StoreBase):
    def set_answer(self, consultation_id: int, factor_id: str, value: Any) -> CandidacyAnswer:
        """Record a candidacy factor's value (any JSON value; None records "not known")."""
        validation.identifier(factor_id, "factor_id")
        text = validation.json_value(value, "answer")
        row = self._upsert(
            consultation_id,
            "set_answer",
            "INSERT INTO candidacy_answers (consultation_id, factor_id, value, updated_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (consultation_id, factor_id)"
            " DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            (factor_id, text),
            "candidacy_answers",
        )
        return codec.answer(row)

    def set_risk_discussed(
        self, consultation_id: int, risk_id: str, discussed: bool
    ) -> RiskDiscussion:
        """Tick (or untick) a risk as discussed; the time is when the tick was last changed."""
        validation.identifier(risk_id, "risk_id")
        row = self._upsert(
            consultation_id,
            "set_risk_discussed",
            "INSERT INTO risk_discussions (consultation_id, risk_id, discussed, at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (consultation_id, risk_id)"
            " DO UPDATE SET discussed = excluded.discussed, at = excluded.at",
            (risk_id, _flag(discussed)),
            "risk_discussions",
        )
        return codec.risk(row)

    def set_alternative_discussed(
        self, consultation_id: int, alternative_id: str, discussed: bool
    ) -> AlternativeDiscussion:
        validation.identifier(alternative_id, "alternative_id")
        row = self._upsert(
            consultation_id,
            "set_alternative_discussed",
            "INSERT INTO alternatives_discussed (consultation_id, alternative_id, discussed, at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (consultation_id, alternative_id)"
            " DO UPDATE SET discussed = excluded.discussed, at = excluded.at",
            (alternative_id, _flag(discussed)),
            "alternatives_discussed",
        )
        return codec.alternative(row)

    def add_question(self, consultation_id: int, question: str, answer: str = "") -> Question:
        """A question the patient asked, with the answer given (which may be filled in later)."""
        validation.note(question, "question")
        validation.note(answer, "answer")

        def work(conn: sqlite3.Connection) -> Question:
            self._require_draft(conn, consultation_id)
            now = self._now()
            row = conn.execute(
                "INSERT INTO questions (consultation_id, question, answer, asked_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?) RETURNING *",
                (consultation_id, question, answer, now, now),
            ).fetchone()
            self._audit(conn, "add_question", "questions", row["id"], consultation_id, at=now)
            return codec.question(row)

        return self._db.write(work)

    def update_question(
        self, question_id: int, *, question: str | None = None, answer: str | None = None
    ) -> Question:
        """Change a question's text or its answer; the other stays as it is."""
        if question is not None:
            validation.note(question, "question")
        if answer is not None:
            validation.note(answer, "answer")

        def work(conn: sqlite3.Connection) -> Question:
            old = conn.execute("SELECT * FROM questions WHERE id = ?", (question_id,)).fetchone()
            if old is None:
                raise InputError(f"There is no question {question_id}; pick one listed.")
            self._require_draft(conn, old["consultation_id"])
            now = self._now()
            row = conn.execute(
                "UPDATE questions SET question = ?, answer = ?, updated_at = ? WHERE id = ?"
                " RETURNING *",
                (
                    old["question"] if question is None else question,
                    old["answer"] if answer is None else answer,
                    now,
                    question_id,
                ),
            ).fetchone()
            self._audit(
                conn, "update_question", "questions", question_id, old["consultation_id"], at=now
            )
            return codec.question(row)

        return self._db.write(work)

    def set_teach_back(
        self,
        consultation_id: int,
        result: str,
        note: str = "",
        *,
        expected: tuple[str, str] | Unchecked | None = UNCHECKED,
    ) -> TeachBack:
        """Whether the patient could explain back the procedure, risks and alternatives.

        `expected` is the (result, note) the caller last saw, or None if it saw none: if another
        window saved something else since, the save is refused (StaleEdit) rather than erase it.
        """
        validation.teach_back_result(result)
        validation.note(note, "teach-back note")

        def stored(conn: sqlite3.Connection) -> tuple[str, str] | None:
            row = conn.execute(
                "SELECT result, note FROM teach_back WHERE consultation_id = ?", (consultation_id,)
            ).fetchone()
            return None if row is None else (row["result"], row["note"])

        row = self._upsert(
            consultation_id,
            "set_teach_back",
            "INSERT INTO teach_back (consultation_id, result, note, at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (consultation_id)"
            " DO UPDATE SET result = excluded.result, note = excluded.note, at = excluded.at",
            (result, note),
            "teach_back",
            guard=None if expected is UNCHECKED else (lambda conn: stored(conn) == expected),
        )
        return codec.teach_back(row)

    def save_annotation(
        self,
        consultation_id: int,
        step_id: str,
        strokes: Sequence[Stroke],
        *,
        expected: Sequence[Stroke] | Unchecked = UNCHECKED,
    ) -> Annotation:
        """The whole drawing on one step's illustration (an empty one clears it).

        `expected` is the drawing the caller last saw (undo and clear replace it); a drawing
        changed since in another window is not overwritten (StaleEdit).
        """
        validation.identifier(step_id, "step_id")
        seen = None if isinstance(expected, Unchecked) else tuple(expected)

        def unchanged(conn: sqlite3.Connection) -> bool:
            return self._strokes(conn, consultation_id, step_id) == seen

        guard = None if seen is None else unchanged
        return codec.annotation(self._save_strokes(consultation_id, step_id, strokes, guard))

    def append_stroke(self, consultation_id: int, step_id: str, stroke: Stroke) -> Annotation:
        """Add one stroke after whatever the step's drawing holds now, so two windows drawing on
        one step both keep their strokes."""
        validation.identifier(step_id, "step_id")

        def work(conn: sqlite3.Connection) -> sqlite3.Row:
            current = self._strokes(conn, consultation_id, step_id)
            return self._annotation_row(conn, consultation_id, step_id, (*current, stroke))

        return codec.annotation(self._db.write(work))

    def _save_strokes(
        self,
        consultation_id: int,
        step_id: str,
        strokes: Sequence[Stroke],
        guard: Callable[[sqlite3.Connection], bool] | None,
    ) -> sqlite3.Row:
        def work(conn: sqlite3.Connection) -> sqlite3.Row:
            if guard is not None and not guard(conn):
                raise StaleEdit()
            return self._annotation_row(conn, consultation_id, step_id, strokes)

        return self._db.write(work)

    def _annotation_row(
        self,
        conn: sqlite3.Connection,
        consultation_id: int,
        step_id: str,
        strokes: Sequence[Stroke],
    ) -> sqlite3.Row:
        self._require_draft(conn, consultation_id)
        now = self._now()
        row = conn.execute(
            "INSERT INTO annotations (consultation_id, step_id, strokes, updated_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (consultation_id, step_id)"
            " DO UPDATE SET strokes = excluded.strokes, updated_at = excluded.updated_at"
            " RETURNING *",
            (consultation_id, step_id, validation.strokes_json(strokes), now),
        ).fetchone()
        self._audit(conn, "save_annotation", "annotations", row["id"], consultation_id, at=now)
        return row

    @staticmethod
    def _strokes(
        conn: sqlite3.Connection, consultation_id: int, step_id: str
    ) -> tuple[Stroke, ...]:
        row = conn.execute(
            "SELECT * FROM annotations WHERE consultation_id = ? AND step_id = ?",
            (consultation_id, step_id),
        ).fetchone()
        return () if row is None else codec.annotation(row).strokes

    def record_step_visit(self, consultation_id: int, step_id: str, seconds: float) -> StepVisit:
        """Time spent on a step, recorded when the walkthrough leaves it."""
        validation.identifier(step_id, "step_id")
        seconds = validation.seconds(seconds)

        def work(conn: sqlite3.Connection) -> StepVisit:
            self._require_draft(conn, consultation_id)
            now = self._clock()
            entered = codec.iso(now - timedelta(seconds=seconds))
            row = conn.execute(
                "INSERT INTO step_visits (consultation_id, step_id, entered_at, seconds)"
                " VALUES (?, ?, ?, ?) RETURNING *",
                (consultation_id, step_id, entered, float(seconds)),
            ).fetchone()
            self._audit(conn, "record_step_visit", "step_visits", row["id"], consultation_id)
            return codec.step_visit(row)

        return self._db.write(work)

    def save_signature(
        self,
        consultation_id: int,
        role: str,
        printed_name: str,
        strokes: Sequence[Stroke],
        *,
        relationship: str = "",
        language: str = "",
    ) -> Signature:
        """A signature for one role; signing again for the same role replaces it (drafts only)."""
        validation.role(role)
        validation.name(printed_name, "printed name", required=True)
        validation.name(relationship, "relationship", required=False)
        validation.name(language, "language", required=False)
        if not strokes:
            raise InputError("The signature is empty; ask the signer to sign in the box.")
        row = self._upsert(
            consultation_id,
            "save_signature",
            "INSERT INTO signatures (consultation_id, role, printed_name, relationship, language,"
            " strokes, signed_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (consultation_id, role)"
            " DO UPDATE SET printed_name = excluded.printed_name,"
            " relationship = excluded.relationship, language = excluded.language,"
            " strokes = excluded.strokes, signed_at = excluded.signed_at",
            (role, printed_name, relationship, language, validation.strokes_json(strokes)),
            "signatures",
        )
        return codec.signature(row)

    def _upsert(
        self,
        consultation_id: int,
        action: str,
        sql: str,
        values: tuple[Any, ...],
        table: str,
        *,
        guard: Callable[[sqlite3.Connection], bool] | None = None,
    ) -> sqlite3.Row:
        """Insert-or-replace one row of a draft consultation (time last) and audit it; refused
        as stale if `guard` says the stored row is not the one the caller saw."""

        def work(conn: sqlite3.Connection) -> sqlite3.Row:
            self._require_draft(conn, consultation_id)
            if guard is not None and not guard(conn):
                raise StaleEdit()
            now = self._now()
            row = conn.execute(f"{sql} RETURNING *", (consultation_id, *values, now)).fetchone()
            self._audit(conn, action, table, row["id"], consultation_id, at=now)
            return row

        return self._db.write(work)


def _flag(value: bool) -> int:
    if not isinstance(value, bool):
        raise TypeError(f"discussed must be True or False, not {value!r}")
    return int(value)
