"""Sealing: the final summary is stored with its hash, reprinted as stored, renewed on amendment."""

from __future__ import annotations

import hashlib
import io
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from consultaid.cli import main
from consultaid.consent import labels, render_consent_pdf, styles
from consultaid.consent.sealing import printable_pdf, seal, sealed_document, sealed_documents
from consultaid.consent.summary import SETTING_CLINIC_NAME
from consultaid.errors import PackMismatch
from consultaid.records import AmendTarget, Store


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "records.db"


@pytest.fixture
def store(db: Path, procedure):
    with Store.open(db) as s:
        yield s


@pytest.fixture
def cid(store: Store, procedure) -> int:
    patient = store.add_patient("S-1", "Кузнецова", "Анна", date(1961, 8, 9), "female")
    c = store.start_consultation(
        patient.id, "Dr Hart", ("C6-C7",), procedure.id, procedure.content_version
    )
    store.set_setting(SETTING_CLINIC_NAME, "North Shore Spine Clinic")
    store.set_risk_discussed(c.id, "dysphagia-early", True)
    store.set_teach_back(c.id, "yes", "Explained back clearly.")
    return c.id


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def test_finalizing_and_sealing_stores_the_pdf_with_its_hash(store, cid, procedure):
    store.finalize(cid, "Dr Hart")
    document = seal(store, cid, procedure)
    pdf = store.document_pdf(document.id)
    assert document.sha256 == hashlib.sha256(pdf).hexdigest()
    assert labels.DRAFT_MARK not in text_of(pdf)
    actions = [e.action for e in store.audit_entries(cid)]
    assert "add_document" in actions


def test_a_sealed_consultation_prints_its_stored_bytes(store, cid, procedure):
    store.finalize(cid, "Dr Hart")
    document = seal(store, cid, procedure)
    store.set_setting(SETTING_CLINIC_NAME, "Renamed Clinic")
    printed = printable_pdf(store, cid, procedure)
    assert printed == store.document_pdf(document.id)
    assert hashlib.sha256(printed).hexdigest() == document.sha256


def test_a_final_summary_keeps_the_settings_it_was_finalized_with(store, cid, procedure):
    store.finalize(cid, "Dr Hart")
    store.set_setting(SETTING_CLINIC_NAME, "Renamed Clinic")
    text = text_of(render_consent_pdf(store, cid, procedure))
    assert "North Shore Spine Clinic" in text and "Renamed Clinic" not in text


def test_a_final_consultation_without_a_seal_is_sealed_when_printed(store, cid, procedure):
    store.finalize(cid, "Dr Hart")
    assert sealed_document(store, cid) is None
    printed = printable_pdf(store, cid, procedure)
    document = sealed_document(store, cid)
    assert document is not None and store.document_pdf(document.id) == printed


def test_an_amendment_produces_a_new_document_and_the_old_one_stays(store, cid, procedure):
    store.finalize(cid, "Dr Hart")
    first = seal(store, cid, procedure)
    store.amend(
        cid,
        AmendTarget.RISK_DISCUSSED,
        True,
        key="haematoma",
        reason="Bleeding was discussed but not ticked.",
        author="Dr Hart",
    )
    second = seal(store, cid, procedure)
    assert second.id != first.id and second.supersedes_id == first.id
    assert second.sha256 != first.sha256
    assert store.document_pdf(first.id)
    assert printable_pdf(store, cid, procedure) == store.document_pdf(second.id)


def test_stored_documents_cannot_be_changed_even_by_raw_sql(store, cid, db, procedure):
    store.finalize(cid, "Dr Hart")
    document = seal(store, cid, procedure)
    conn = sqlite3.connect(db)
    try:
        with pytest.raises(sqlite3.DatabaseError):
            conn.execute("UPDATE documents SET pdf = x'00' WHERE id = ?", (document.id,))
        with pytest.raises(sqlite3.DatabaseError):
            conn.execute("DELETE FROM documents WHERE id = ?", (document.id,))
    finally:
        conn.close()


def test_summary_command_writes_the_sealed_document(store, cid, db, tmp_path, capsys, procedure):
    store.finalize(cid, "Dr Hart")
    document = seal(store, cid, procedure)
    out = tmp_path / "final.pdf"
    assert main(["summary", str(cid), "--db", str(db), "--out", str(out)]) == 0
    assert hashlib.sha256(out.read_bytes()).hexdigest() == document.sha256


def test_summary_command_marks_a_draft_on_every_page(cid, db, tmp_path):
    out = tmp_path / "draft.pdf"
    assert main(["summary", str(cid), "--db", str(db), "--out", str(out)]) == 0
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert len(reader.pages) > 1
    for page in reader.pages:
        assert labels.DRAFT_MARK in " ".join(page.extract_text().split())


def test_summary_command_unknown_id(cid, db, tmp_path, capsys):
    assert main(["summary", "999", "--db", str(db), "--out", str(tmp_path / "x.pdf")]) == 1
    err = capsys.readouterr().err
    assert "no consultation 999" in err and err.count("\n") == 1


def test_summary_command_unwritable_out_path(cid, db, tmp_path, capsys):
    out = tmp_path / "missing-folder" / "x.pdf"
    assert main(["summary", str(cid), "--db", str(db), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "Cannot write" in err and err.count("\n") == 1
    assert not out.exists()


def test_summary_command_missing_font(cid, db, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(styles, "font_dir", lambda: tmp_path / "no-fonts")
    assert main(["summary", str(cid), "--db", str(db), "--out", str(tmp_path / "x.pdf")]) == 1
    err = capsys.readouterr().err
    assert "font" in err.lower() and "Reinstall" in err


def test_an_amendment_whose_seal_failed_is_sealed_when_printed(store, cid, procedure):
    store.finalize(cid, "Dr Hart")
    first = seal(store, cid, procedure)
    store.amend(
        cid,
        AmendTarget.TEACH_BACK_NOTE,
        "Explained back clearly, in Russian.",
        reason="The language was not noted.",
        author="Dr Hart",
    )
    printed = printable_pdf(store, cid, procedure)
    latest = sealed_document(store, cid)
    assert latest.id != first.id and printed == store.document_pdf(latest.id)
    assert "in Russian" in text_of(printed)


def test_a_draft_held_with_an_older_pack_is_refused_naming_both_versions(store, procedure):
    patient = store.add_patient("V-1", "Older", "Pack", date(1960, 1, 1), "male")
    c = store.start_consultation(patient.id, "Dr Hart", ("C5-C6",), procedure.id, "0" * 64)
    for attempt in (render_consent_pdf, printable_pdf, seal):
        with pytest.raises(PackMismatch) as refused:
            attempt(store, c.id, procedure)
        message = str(refused.value)
        assert "0" * 12 in message and procedure.content_version[:12] in message
        assert "open it with the pack it was held with" in message
        assert message.count(".") == 1 and message.endswith(".")
    assert sealed_documents(store, c.id) == ()
