"""Amendments: corrections to a final consultation, recorded beside it and never over it.

The model: a final consultation's rows never change. A correction is a new row in `amendments`
naming the value it corrects (`table_name`, `row_key`, `field`, and `row_id` when a row existed),
the value shown before it (`old_value`, which is the recorded value or an earlier amendment's),
the corrected value, a reason, an author and a time. Amendments are themselves append-only, and
accepted only for final consultations (a draft is simply edited). `load_record` applies them in
order, so the record shows the corrected values, each row naming the amendments that changed it,
and the originals stay in the table and in each amendment's `old_value`.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from consultaid.errors import InputError
from consultaid.levels import parse_levels
from consultaid.records import codec, validation
from consultaid.records.base import StoreBase
from consultaid.records.record import read_record
from consultaid.records.rows import (
    FINAL,
    AlternativeDiscussion,
    Amendment,
    AmendTarget,
    ConsultationRecord,
    RiskDiscussion,
)
from consultaid.records.snapshot import snapshot

# The column naming a row within its consultation, for targets that have one.
_KEY_COLUMN = {
    "candidacy_answers": "factor_id",
    "risk_discussions": "risk_id",
    "alternatives_discussed": "alternative_id",
    "questions": "id",
}


class AmendmentsMixin(StoreBase):
    def amend(
        self,
        consultation_id: int,
        target: AmendTarget,
        value: Any,
        *,
        key: str = "",
        reason: str,
        author: str,
    ) -> Amendment:
        """Correct one value of a final consultation, with the reason and who corrected it.

        `key` names the row: the factor, risk or alternative id, or the question id; it is empty
        for the levels and the teach-back. A risk or alternative that was never ticked can be
        amended to discussed; a question or a teach-back note needs the row it corrects.
        """
        target = AmendTarget(target)
        validation.note(reason, "reason for the amendment")
        if not reason.strip():
            raise InputError("The reason for the amendment is empty; say why the record changes.")
        validation.name(author, "author of the amendment", required=True)

        def work(conn: sqlite3.Connection) -> Amendment:
            if self._status(conn, consultation_id) != FINAL:
                raise InputError(
                    "This consultation is still a draft; change it directly instead of amending it."
                )
            record = read_record(conn, consultation_id)
            old, new, row_key = _old_and_new(record, target, key, value)
            if old == new:
                raise InputError(
                    "The corrected value is the one already recorded; nothing changes."
                )
            row_id = _row_id(conn, consultation_id, target, row_key)
            now = self._now()
            cur = conn.execute(
                "INSERT INTO amendments (consultation_id, table_name, row_key, row_id, field,"
                " old_value, new_value, reason, author, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    consultation_id,
                    target.table,
                    row_key,
                    row_id,
                    target.field,
                    None if old is None else codec.to_json(old),
                    codec.to_json(new),
                    reason,
                    author,
                    now,
                ),
            )
            amendment_id = cur.lastrowid
            self._audit(
                conn,
                "amend",
                "amendments",
                amendment_id,
                consultation_id,
                actor=author,
                at=now,
                detail=snapshot(conn, consultation_id),
            )
            row = conn.execute("SELECT * FROM amendments WHERE id = ?", (amendment_id,)).fetchone()
            return codec.amendment(row)

        return self._db.write(work)


def _old_and_new(
    record: ConsultationRecord, target: AmendTarget, key: str, value: Any
) -> tuple[Any, Any, str]:
    """The value shown now and the corrected value, both as the Store returns them, and the key."""
    if target is AmendTarget.LEVELS:
        return list(record.consultation.levels), list(parse_levels(value)), ""
    if target is AmendTarget.ANSWER:
        validation.identifier(key, "key")
        old = next((a.value for a in record.answers if a.factor_id == key), None)
        codec_check = validation.json_value(value, "corrected answer")
        return old, codec.from_json(codec_check), key
    if target in (AmendTarget.RISK_DISCUSSED, AmendTarget.ALTERNATIVE_DISCUSSED):
        validation.identifier(key, "key")
        if not isinstance(value, bool):
            raise TypeError("a discussed flag is True or False")
        rows = record.risks if target is AmendTarget.RISK_DISCUSSED else record.alternatives
        old = next((r.discussed for r in rows if _key_of(r) == key), None)
        return old, value, key
    if target in (AmendTarget.QUESTION, AmendTarget.QUESTION_ANSWER):
        question = next((q for q in record.questions if str(q.id) == str(key)), None)
        if question is None:
            raise InputError(f"There is no question {key} in this consultation; pick one listed.")
        label = "question" if target is AmendTarget.QUESTION else "answer"
        return getattr(question, target.field), validation.note(value, label), str(question.id)
    teach = record.teach_back
    if target is AmendTarget.TEACH_BACK_RESULT:
        return teach.result if teach else None, validation.teach_back_result(value), ""
    if teach is None:
        raise InputError("No teach-back was recorded; amend its result before its note.")
    return teach.note, validation.note(value, "teach-back note"), ""


def _key_of(row: RiskDiscussion | AlternativeDiscussion) -> str:
    return row.risk_id if isinstance(row, RiskDiscussion) else row.alternative_id


def _row_id(conn: sqlite3.Connection, cid: int, target: AmendTarget, key: str) -> int | None:
    if target.table == "consultations":
        return cid
    if target.table == "teach_back":
        row = conn.execute("SELECT id FROM teach_back WHERE consultation_id = ?", (cid,)).fetchone()
    else:
        column = _KEY_COLUMN[target.table]
        row = conn.execute(
            f"SELECT id FROM {target.table} WHERE consultation_id = ? AND {column} = ?", (cid, key)
        ).fetchone()
    return None if row is None else row["id"]
