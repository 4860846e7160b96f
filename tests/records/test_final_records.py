"""Final means final, even for raw SQL from any tool; audit log and documents are append-only."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from consultaid.records import AmendTarget, Consultation, Patient, Store
from consultaid.strokes import Stroke

LINE = (Stroke("blue", ((0.0, 0.0), (1.0, 1.0))),)


@pytest.fixture
def final(records_store: Store, draft: Consultation) -> Consultation:
    records_store.set_answer(draft.id, "smoking", True)
    records_store.set_risk_discussed(draft.id, "infection", True)
    records_store.set_alternative_discussed(draft.id, "no-treatment", True)
    records_store.add_question(draft.id, "Q?", "A.")
    records_store.set_teach_back(draft.id, "yes", "fine")
    records_store.save_annotation(draft.id, "incision", LINE)
    records_store.record_step_visit(draft.id, "incision", 5)
    records_store.save_signature(draft.id, "patient", "Zoë Lefèvre", LINE)
    records_store.add_document(draft.id, "consent-summary", b"%PDF-1.7 draft")
    return records_store.finalize(draft.id, "Dr Test")


@pytest.fixture
def raw(db_path: Path, final: Consultation):
    """A second, plain connection, as another tool would open the file (foreign keys off)."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    yield conn
    conn.close()


CHILDREN = [
    "candidacy_answers",
    "risk_discussions",
    "alternatives_discussed",
    "questions",
    "teach_back",
    "annotations",
    "step_visits",
    "signatures",
    "consultation_settings",
]


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE consultations SET clinician = 'Mallory' WHERE id = {cid}",
        "UPDATE consultations SET status = 'draft' WHERE id = {cid}",
        "DELETE FROM consultations WHERE id = {cid}",
        "DELETE FROM patients WHERE id = {pid}",
        *(
            f"UPDATE {t} SET consultation_id = consultation_id WHERE consultation_id = {{cid}}"
            for t in CHILDREN
        ),
        *(f"DELETE FROM {t} WHERE consultation_id = {{cid}}" for t in CHILDREN),
        "INSERT INTO candidacy_answers (consultation_id, factor_id, value, updated_at)"
        " VALUES ({cid}, 'diabetes', 'true', 't')",
        "INSERT INTO risk_discussions (consultation_id, risk_id, discussed, at)"
        " VALUES ({cid}, 'death', 1, 't')",
        "INSERT INTO alternatives_discussed (consultation_id, alternative_id, discussed, at)"
        " VALUES ({cid}, 'corpectomy', 1, 't')",
        "INSERT INTO questions (consultation_id, question, answer, asked_at, updated_at)"
        " VALUES ({cid}, 'q', 'a', 't', 't')",
        "INSERT INTO step_visits (consultation_id, step_id, entered_at, seconds)"
        " VALUES ({cid}, 'incision', 't', 1)",
        "INSERT INTO annotations (consultation_id, step_id, strokes, updated_at)"
        " VALUES ({cid}, 'recovery', '[]', 't')",
        "INSERT INTO signatures (consultation_id, role, printed_name, strokes, signed_at)"
        " VALUES ({cid}, 'witness', 'W', '[]', 't')",
    ],
)
def test_raw_sql_cannot_change_a_final_consultation(
    raw: sqlite3.Connection, records_store: Store, final: Consultation, patient: Patient, sql: str
):
    before = records_store.load_record(final.id)
    with pytest.raises(sqlite3.IntegrityError, match="final"):
        raw.execute(sql.format(cid=final.id, pid=patient.id))
    assert records_store.load_record(final.id) == before


def test_raw_sql_cannot_move_a_draft_row_into_a_final_consultation(
    raw: sqlite3.Connection, records_store: Store, final: Consultation, patient: Patient
):
    other = records_store.start_consultation(patient.id, "Dr", "C5-C6", "p", "v")
    records_store.set_answer(other.id, "diabetes", True)
    raw.execute(
        "UPDATE candidacy_answers SET value = 'false' WHERE consultation_id = ?", (other.id,)
    )
    with pytest.raises(sqlite3.IntegrityError, match="final"):
        raw.execute(
            "UPDATE candidacy_answers SET consultation_id = ? WHERE consultation_id = ?",
            (final.id, other.id),
        )
    assert records_store.load_record(other.id).answer("diabetes") is False


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_log SET actor = 'nobody'",
        "DELETE FROM audit_log",
        "UPDATE documents SET pdf = x'00'",
        "DELETE FROM documents",
        "UPDATE amendments SET reason = 'x'",
        "DELETE FROM amendments",
    ],
)
def test_audit_log_amendments_and_documents_are_append_only(
    raw: sqlite3.Connection, records_store: Store, final: Consultation, sql: str
):
    records_store.amend(final.id, AmendTarget.TEACH_BACK_NOTE, "better", reason="typo", author="Dr")
    counts = [raw.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in (
        "audit_log", "documents", "amendments")]  # fmt: skip
    assert all(counts)
    with pytest.raises(sqlite3.IntegrityError, match="cannot be changed or removed"):
        raw.execute(sql)
    assert counts == [
        raw.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("audit_log", "documents", "amendments")
    ]


def test_amendments_are_refused_for_drafts_even_by_raw_sql(
    raw: sqlite3.Connection, records_store: Store, patient: Patient
):
    other = records_store.start_consultation(patient.id, "Dr", "C5-C6", "p", "v")
    with pytest.raises(sqlite3.IntegrityError, match="Only a final consultation is amended"):
        raw.execute(
            "INSERT INTO amendments (consultation_id, table_name, field, new_value, reason,"
            f" author, at) VALUES ({other.id}, 'teach_back', 'note', '\"x\"', 'r', 'a', 't')"
        )


def test_a_final_consultation_still_takes_new_documents(records_store: Store, final: Consultation):
    first = records_store.list_documents(final.id)[0]
    newer = records_store.add_document(
        final.id, "consent-summary", b"%PDF-1.7 v2", supersedes_id=first.id
    )
    assert newer.supersedes_id == first.id
    assert records_store.document_pdf(newer.id) == b"%PDF-1.7 v2"
