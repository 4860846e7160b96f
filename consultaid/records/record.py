"""Reading one consultation whole, and showing it as amended.

Shared by `load_record` and by `amend`, which needs the value currently shown to record what it
corrects. Functions of a connection, so both run them inside their own transaction.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from typing import Any

from consultaid.errors import ConsultationNotFound
from consultaid.records import codec, validation
from consultaid.records.codec import CONSULTATION_COLUMNS, DOCUMENT_COLUMNS, PATIENT_COLUMNS
from consultaid.records.rows import (
    FINAL,
    AlternativeDiscussion,
    AmendTarget,
    CandidacyAnswer,
    Consultation,
    ConsultationRecord,
    RiskDiscussion,
    Setting,
    TeachBack,
)

SELECT_CONSULTATION = f"SELECT {CONSULTATION_COLUMNS} FROM consultations"


# A document counts only if the audit chain names it with this SHA-256: a row slipped into the
# table behind the app's back is never "the seal", whatever its id or time.
CHAINED = (
    "EXISTS (SELECT 1 FROM audit_log a WHERE a.table_name = 'documents'"
    " AND a.row_id = documents.id AND a.action IN ('add_document', 'document_at_migration')"
    " AND json_extract(a.detail, '$.sha256') = documents.sha256)"
)


def fetch_consultation(conn: sqlite3.Connection, consultation_id: int) -> Consultation:
    row = None
    if validation.in_id_range(consultation_id):
        row = conn.execute(f"{SELECT_CONSULTATION} WHERE id = ?", (consultation_id,)).fetchone()
    if row is None:
        raise ConsultationNotFound(f"There is no consultation {consultation_id}; check the number.")
    return codec.consultation(row)


def settings_rows(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return conn.execute("SELECT key, value, updated_at FROM settings ORDER BY key").fetchall()


def read_record(conn: sqlite3.Connection, consultation_id: int) -> ConsultationRecord:
    """The consultation and all its rows, amendments applied; documents without their bytes."""
    consultation = fetch_consultation(conn, consultation_id)
    cid = (consultation_id,)

    def rows(sql: str) -> list[sqlite3.Row]:
        return conn.execute(sql, cid).fetchall()

    patient = codec.patient(
        conn.execute(
            f"SELECT {PATIENT_COLUMNS} FROM patients WHERE id = ?", (consultation.patient_id,)
        ).fetchone()
    )
    teach = rows("SELECT * FROM teach_back WHERE consultation_id = ?")
    by_id = "WHERE consultation_id = ? ORDER BY id"
    record = ConsultationRecord(
        patient=patient,
        consultation=consultation,
        answers=tuple(map(codec.answer, rows(f"SELECT * FROM candidacy_answers {by_id}"))),
        risks=tuple(map(codec.risk, rows(f"SELECT * FROM risk_discussions {by_id}"))),
        alternatives=tuple(
            map(codec.alternative, rows(f"SELECT * FROM alternatives_discussed {by_id}"))
        ),
        questions=tuple(map(codec.question, rows(f"SELECT * FROM questions {by_id}"))),
        teach_back=codec.teach_back(teach[0]) if teach else None,
        annotations=tuple(map(codec.annotation, rows(f"SELECT * FROM annotations {by_id}"))),
        step_visits=tuple(map(codec.step_visit, rows(f"SELECT * FROM step_visits {by_id}"))),
        signatures=tuple(map(codec.signature, rows(f"SELECT * FROM signatures {by_id}"))),
        documents=tuple(
            map(
                codec.document,
                rows(
                    f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE consultation_id = ?"
                    f" AND {CHAINED} ORDER BY id"
                ),
            )
        ),
        amendments=tuple(map(codec.amendment, rows(f"SELECT * FROM amendments {by_id}"))),
        settings=_record_settings(conn, consultation),
    )
    return apply_amendments(record)


def _record_settings(conn: sqlite3.Connection, consultation: Consultation) -> tuple[Setting, ...]:
    """The snapshot taken at finalize for a final consultation; the current settings for a draft."""
    if consultation.status == FINAL:
        snap = conn.execute(
            "SELECT settings FROM consultation_settings WHERE consultation_id = ?",
            (consultation.id,),
        ).fetchone()
        values: dict[str, Any] = codec.from_json(snap["settings"]) if snap else {}
        return tuple(Setting(k, v) for k, v in sorted(values.items()))
    return tuple(
        Setting(r["key"], codec.from_json(r["value"]), codec.when(r["updated_at"]))
        for r in settings_rows(conn)
    )


def apply_amendments(record: ConsultationRecord) -> ConsultationRecord:
    """The record as corrected: each amendment, in order, replaces the value it names."""
    if not record.amendments:
        return record
    cid = record.consultation.id
    consultation = record.consultation
    answers = {a.factor_id: a for a in record.answers}
    risks = {r.risk_id: r for r in record.risks}
    alternatives = {a.alternative_id: a for a in record.alternatives}
    questions = {str(q.id): q for q in record.questions}
    teach = record.teach_back
    for a in record.amendments:
        new, key, ids = a.new_value, a.row_key, (a.id,)
        if a.target is AmendTarget.LEVELS:
            consultation = replace(
                consultation, levels=tuple(new), amendment_ids=consultation.amendment_ids + ids
            )
        elif a.target is AmendTarget.ANSWER:
            before = answers[key].amendment_ids if key in answers else ()
            answers[key] = CandidacyAnswer(cid, key, new, a.at, before + ids)
        elif a.target is AmendTarget.RISK_DISCUSSED:
            before = risks[key].amendment_ids if key in risks else ()
            risks[key] = RiskDiscussion(cid, key, bool(new), a.at, before + ids)
        elif a.target is AmendTarget.ALTERNATIVE_DISCUSSED:
            before = alternatives[key].amendment_ids if key in alternatives else ()
            alternatives[key] = AlternativeDiscussion(cid, key, bool(new), a.at, before + ids)
        elif a.target in (AmendTarget.QUESTION, AmendTarget.QUESTION_ANSWER):
            q = questions[key]
            questions[key] = replace(
                q, **{a.target.field: new}, updated_at=a.at, amendment_ids=q.amendment_ids + ids
            )
        elif teach is None:
            teach = TeachBack(cid, new, "", a.at, ids)
        else:
            teach = replace(teach, **{a.target.field: new}, amendment_ids=teach.amendment_ids + ids)
    return replace(
        record,
        consultation=consultation,
        answers=tuple(answers.values()),
        risks=tuple(risks.values()),
        alternatives=tuple(alternatives.values()),
        questions=tuple(questions.values()),
        teach_back=teach,
    )
