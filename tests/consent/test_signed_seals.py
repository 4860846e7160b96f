"""Finalize stores both documents signed with the clinic's certificate; their SHA-256 is over the
signed bytes; the rendered bytes stay byte-identical underneath the signature."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from consultaid.cli import main
from consultaid.consent import render_consent_pdf, render_leaflet_pdf
from consultaid.consent.signing import SELF_SIGNED_REASON, load_identity
from consultaid.consultation import Consultations
from consultaid.paths import signing_dir
from consultaid.records import AmendTarget, Store
from consultaid.strokes import Stroke
from tests.consent.test_signing import needs_pdfsig, pdfsig, pyhanko_status

INK = (Stroke("black", ((10.0, 10.0), (60.0, 40.0), (120.0, 20.0))),)


def finalize(folder: Path, procedure) -> Consultations:
    """A consultation finalized in `folder` with signing set up in `folder`/signing."""
    store = Store.open(folder / "records.db")
    store.set_setting("clinic.name", "North Shore Spine Clinic")
    c = Consultations(store, procedure, surgeon="Dr Hart", signing_folder=folder / "signing")
    patient = c.add_patient(
        mrn="SG-1",
        family_name="Okafor",
        given_names="Chidi",
        date_of_birth=date(1958, 2, 3),
        sex="male",
    )
    assert c.start(patient.id).done
    assert c.sign("patient", "Chidi Okafor", INK).done
    assert c.sign("surgeon", "Dr Hart", INK).done
    assert c.finalize().done
    return c


@pytest.fixture(scope="module")
def finalized(tmp_path_factory: pytest.TempPathFactory, procedure) -> Iterator[Consultations]:
    """One finalized consultation the read-only tests share (sealing takes about a second)."""
    c = finalize(tmp_path_factory.mktemp("finalized"), procedure)
    yield c
    c.store.close()


def sealed(c: Consultations) -> dict[str, bytes]:
    return {d.kind: c.store.document_pdf(d.id) for d in c.record.documents}


@needs_pdfsig
def test_finalize_stores_both_documents_signed_over_the_whole_file(finalized, tmp_path):
    documents = {d.kind: d for d in finalized.record.documents}
    assert set(documents) == {"consent-form", "leaflet"}
    for kind, document in documents.items():
        pdf = finalized.store.document_pdf(document.id)
        assert document.sha256 == hashlib.sha256(pdf).hexdigest()  # over the signed bytes
        report = pdfsig(pdf, tmp_path)
        assert "Signature Validation: Signature is Valid." in report, kind
        assert "Total document signed" in report, kind
        assert "Signer Certificate Common Name: North Shore Spine Clinic" in report


def test_the_signature_names_the_document_and_says_it_is_self_signed(finalized):
    identity = load_identity(finalized.signing_folder)
    assert identity is not None and identity.self_signed
    cid = finalized.consultation_id
    for kind, pdf in sealed(finalized).items():
        signature, status = pyhanko_status(pdf, identity)
        assert status.bottom_line
        name = "consent form" if kind == "consent-form" else "leaflet"
        assert str(signature.sig_object["/Reason"]) == (
            f"Sealed {name} of consultation {cid} — {SELF_SIGNED_REASON}"
        )


def test_the_rendered_bytes_are_unchanged_under_the_signature(finalized, procedure):
    """Rendering stays byte-for-byte reproducible (reportlab invariant): the signature is an
    incremental update appended after the rendered file."""
    cid, store = finalized.consultation_id, finalized.store
    documents = sealed(finalized)
    assert documents["consent-form"].startswith(render_consent_pdf(store, cid, procedure))
    assert documents["leaflet"].startswith(render_leaflet_pdf(store, cid, procedure))


@pytest.mark.slow
def test_an_amendment_seals_signed_versions_too(tmp_path, procedure):
    c = finalize(tmp_path, procedure)
    c.amend(AmendTarget.RISK_DISCUSSED, True, "dysphagia-early", "Tick missed", "Dr Hart")
    identity = load_identity(tmp_path / "signing")
    newest = [d for d in c.record.documents if d.supersedes_id is not None]
    assert len(newest) == 2
    for document in newest:
        _, status = pyhanko_status(c.store.document_pdf(document.id), identity)
        assert status.bottom_line
    c.store.close()


def test_without_a_signing_folder_documents_are_sealed_unsigned(tmp_path, procedure):
    with Store.open(tmp_path / "records.db") as store:
        c = Consultations(store, procedure, surgeon="Dr Hart")
        patient = c.add_patient(
            mrn="SG-2",
            family_name="Berg",
            given_names="Ola",
            date_of_birth=date(1966, 6, 6),
            sex="male",
        )
        c.start(patient.id)
        c.sign("patient", "Ola Berg", INK)
        c.sign("surgeon", "Dr Hart", INK)
        c.finalize()
        assert all(b"/ByteRange" not in pdf for pdf in sealed(c).values())


@pytest.mark.slow
@needs_pdfsig
def test_the_command_line_seals_the_demo_signed(tmp_path, capsys):
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    with sqlite3.connect(db) as conn:
        (cid,) = conn.execute("SELECT id FROM consultations WHERE status = 'final'").fetchone()
    out = tmp_path / "form.pdf"
    assert main(["summary", str(cid), "--db", str(db), "--out", str(out)]) == 0
    report = pdfsig(out.read_bytes(), tmp_path)
    assert "Signature Validation: Signature is Valid." in report
    assert "Total document signed" in report
    assert (signing_dir() / "clinic-identity.p12").exists()  # the test run's own data directory
