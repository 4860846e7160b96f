"""The two documents of issue 11: the short consent form (signed) and the leaflet (taken home).

Most tests use the demo's final two-level consultation (`consultaid demo`), as the issue's "done
when" does: every risk ticked, every alternative, two levels, signatures, an interpreter.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from consultaid.cli import main
from consultaid.consent import labels
from consultaid.consent.document import CONSENT_FORM, LEAFLET, VERSION_CHARS
from consultaid.consent.form import consent_statements
from consultaid.consent.pdf import render_leaflet_pdf, render_summary_pdf
from consultaid.consent.sealing import (
    printable_pdf,
    seal_all,
    sealed_document,
    sealed_documents,
)
from consultaid.consent.summary import summary_for_consultation
from consultaid.consultation import Consultations
from consultaid.content import Procedure
from consultaid.records import Store
from consultaid.records.demo import add_demo_data
from consultaid.records.rows import AmendTarget
from consultaid.strokes import Stroke

MAX_FORM_PAGES = 4


def pages(pdf: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "demo.db"


@pytest.fixture
def store(db: Path) -> Iterator[Store]:
    with Store.open(db) as s:
        yield s


@pytest.fixture
def demo(store: Store, procedure: Procedure) -> int:
    """The id of the demo's final two-level consultation (every risk ticked)."""
    add_demo_data(store, procedure)
    for patient in store.search_patients(""):
        for c in store.list_consultations(patient.id):
            if c.is_final and len(c.levels) == 2:
                return c.id
    raise AssertionError("the demo has no final two-level consultation")


@pytest.fixture
def form(store: Store, demo: int, procedure: Procedure) -> bytes:
    return printable_pdf(store, demo, procedure, CONSENT_FORM)


@pytest.fixture
def leaflet(store: Store, demo: int, procedure: Procedure) -> bytes:
    return printable_pdf(store, demo, procedure, LEAFLET)


def test_the_demo_consent_form_has_at_most_four_pages_with_every_risk(form, store, demo, procedure):
    text = pages(form)
    assert len(text) <= MAX_FORM_PAGES
    every = " ".join(text)
    for risk in procedure.risks:
        assert " ".join(risk.name.split()) in every, risk.id


def test_both_documents_carry_the_content_version_and_their_kind_on_every_page(
    form, leaflet, procedure
):
    version = procedure.content_version[:VERSION_CHARS]
    for pdf, kind in ((form, labels.KIND_CONSENT_FORM), (leaflet, labels.KIND_LEAFLET)):
        for n, page in enumerate(pages(pdf), 1):
            assert f"Content version {version}" in page, (kind, n)
            assert kind in page, (kind, n)


def test_each_document_names_the_other_by_its_printed_id(store, demo, procedure):
    summary = summary_for_consultation(store, demo, procedure)
    form_text = " ".join(pages(render_summary_pdf(summary)))
    leaflet_text = " ".join(pages(render_leaflet_pdf(summary)))
    assert f"document {summary.leaflet_id}" in form_text
    assert f"Document {summary.leaflet_id}" in leaflet_text
    assert f"document {summary.document_id}" in leaflet_text
    assert summary.leaflet_id != summary.document_id


def test_the_form_states_the_benefits_with_their_figures_before_the_risks(
    form, store, demo, procedure
):
    summary = summary_for_consultation(store, demo, procedure)
    assert summary.benefits, "the pack gives this consultation no benefits"
    text = " ".join(pages(form))
    benefits_at = text.index(labels.SECTION_BENEFITS)
    assert benefits_at < text.index(labels.SECTION_RISKS)
    for benefit in summary.benefits:
        assert re.search(r"\d+ in 1(00|,000)", benefit.figure), benefit.figure
        assert benefit.figure in text


def test_patient_text_has_no_decimals(form, leaflet):
    """Numbers as whole people "in 100" or "in 1,000"; the reference list (volumes, DOIs) and
    the footers (versions) are not patient text."""
    body = " ".join(pages(leaflet)).split(labels.SECTION_REFERENCES)[0]
    for text in (" ".join(pages(form)), body):
        assert not re.search(r"\d\.\d", text), re.search(r".{40}\d\.\d.{20}", text)


def test_the_leaflet_has_the_steps_every_risk_in_full_a_glossary_and_sources(
    leaflet, store, demo, procedure
):
    text = " ".join(pages(leaflet))
    summary = summary_for_consultation(store, demo, procedure)
    for step in summary.steps:
        assert step.caption in text
    for risk in procedure.risks:
        assert " ".join(risk.name.split()) in text, risk.id
    assert labels.OVER_TIME_LABEL in text and labels.MORE_LIKELY_LABEL in text
    for term, _ in labels.GLOSSARY:
        assert term in text
    assert text.index(labels.SECTION_GLOSSARY) < text.index(labels.SECTION_RISKS_FULL)


def test_leaflet_references_are_vancouver_with_identifiers_and_no_bare_urls(store, demo, procedure):
    summary = summary_for_consultation(store, demo, procedure)
    assert summary.references
    for reference in summary.references:
        citation = reference.citation
        assert not re.search(r"(?<!Available from: )https?://", citation), citation
        source = next(s for s in procedure.sources if s.citation() == citation)
        if source.kind == "journal":
            assert "PMID" in citation or "doi" in citation or "not verified" in citation, citation
        else:
            assert source.issuer or source.journal, citation
    text = " ".join(pages(render_leaflet_pdf(summary)))
    for reference in summary.references:
        if reference.citation.startswith("Available from"):
            continue
        assert " ".join(reference.citation.split())[:40] in text


def sign(store: Store, cid: int) -> None:
    ink = [Stroke("black", tuple((20.0 + 12 * i, 60.0 + 15 * (i % 2)) for i in range(12)), 3.0)]
    store.save_signature(cid, "patient", "Ola Berg", ink)
    store.save_signature(cid, "surgeon", "Dr Ada Surgeon", ink)


@pytest.fixture
def finalized(store: Store, procedure: Procedure) -> Consultations:
    """A consultation made final through the use-case layer (as the Finalize button does)."""
    c = Consultations(store, procedure, surgeon="Dr Ada Surgeon")
    patient = c.add_patient(
        mrn="F-1", family_name="Berg", given_names="Ola", date_of_birth=date(1966, 6, 6), sex="male"
    )
    cid = c.start(patient.id).value.consultation.id
    store.set_risk_discussed(cid, procedure.risks[1].id, True)
    sign(store, cid)
    c.open(cid)
    outcome = c.finalize()
    assert not outcome.refused, outcome.message
    return c


def test_finalize_seals_both_documents_each_by_its_kind(finalized, store):
    cid = finalized.consultation_id
    form = sealed_document(store, cid, CONSENT_FORM)
    leaflet = sealed_document(store, cid, LEAFLET)
    assert form is not None and leaflet is not None
    assert (form.kind, leaflet.kind) == (CONSENT_FORM, LEAFLET)
    assert labels.CONSENT_FORM_TITLE in pages(store.document_pdf(form.id))[0]
    assert labels.LEAFLET_TITLE in pages(store.document_pdf(leaflet.id))[0]
    assert finalized.printable_pdf(LEAFLET) == store.document_pdf(leaflet.id)
    assert finalized.printable_pdf() == store.document_pdf(form.id)


def test_a_seal_is_picked_by_kind_never_as_the_newest_row(finalized, store):
    cid = finalized.consultation_id
    form = sealed_document(store, cid, CONSENT_FORM)
    store.add_document(cid, "export", b"%PDF-1.4 not a consent document")
    assert sealed_document(store, cid, CONSENT_FORM) == form
    assert sealed_documents(store, cid, LEAFLET)[-1].kind == LEAFLET


def test_an_amendment_reseals_both_and_each_supersedes_its_own_kind(finalized, store, procedure):
    cid = finalized.consultation_id
    before = {k: sealed_document(store, cid, k) for k in (CONSENT_FORM, LEAFLET)}
    risk = procedure.risks[0].id
    outcome = finalized.amend(
        AmendTarget.RISK_DISCUSSED, True, risk, "Talked about it; tick was missed.", "Dr Ada"
    )
    assert not outcome.refused, outcome.message
    for kind, old in before.items():
        versions = sealed_documents(store, cid, kind)
        assert len(versions) == 2 and versions[-1].supersedes_id == old.id, kind


def test_leaflet_command_writes_the_sealed_leaflet_and_says_its_sha256(
    finalized, store, db, tmp_path, capsys
):
    cid = finalized.consultation_id
    out = tmp_path / "leaflet.pdf"
    assert main(["leaflet", str(cid), "--db", str(db), "--out", str(out)]) == 0
    sealed = sealed_document(store, cid, LEAFLET)
    assert out.read_bytes() == store.document_pdf(sealed.id)
    said = capsys.readouterr().out
    assert hashlib.sha256(out.read_bytes()).hexdigest() in said and sealed.sha256 in said
    form = tmp_path / "form.pdf"
    assert main(["summary", str(cid), "--db", str(db), "--out", str(form)]) == 0
    assert form.read_bytes() == store.document_pdf(sealed_document(store, cid).id)


def test_leaflet_command_writes_a_draft_and_refuses_a_wrong_document(
    store, demo, procedure, db, tmp_path, capsys
):
    patient = store.add_patient("D-1", "Draft", "Only", date(1970, 1, 1), "female")
    draft = store.start_consultation(
        patient.id, "Dr Ada", ("C4-C5",), procedure.id, procedure.content_version
    )
    out = tmp_path / "draft.pdf"
    assert main(["leaflet", str(draft.id), "--db", str(db), "--out", str(out)]) == 0
    text = " ".join(pages(out.read_bytes()))
    assert labels.LEAFLET_TITLE in text and labels.DRAFT_MARK in text
    form_id = seal_all(store, demo, procedure)[CONSENT_FORM].id
    args = ["leaflet", str(demo), "--db", str(db), "--out", str(tmp_path / "x.pdf")]
    assert main([*args, "--document", str(form_id)]) == 1
    assert "has no sealed leaflet" in capsys.readouterr().err


def test_consent_statements_follow_what_was_recorded(make_summary):
    base = make_summary()
    told = consent_statements(base)
    assert labels.STATEMENT_CAPACITY in told and labels.STATEMENT_VOLUNTARY in told
    assert labels.STATEMENT_CHANGE_MIND in told
    hip = make_summary(
        answers={
            "graft-source": "iliac-crest",
            "plate-used": True,
            "trainees-may-take-part": True,
            "operating-surgeon": "Ms Rosa Lind",
            "preferred-language": "Polish",
        }
    )
    said = consent_statements(hip)
    assert labels.GRAFT_HIP_NOTE in said and labels.STATEMENT_PLATE in said
    assert labels.STATEMENT_TRAINEES.format(surgeon="Ms Rosa Lind") in said
    assert labels.STATEMENT_NO_INTERPRETER.format(language="Polish") in said
    assert hip.facts.language_unsupported
    english = make_summary(answers={"preferred-language": "English"})
    assert not english.facts.language_unsupported
    lacking = consent_statements(make_summary(answers={"capacity": "assessed-lacks-capacity"}))
    assert labels.STATEMENT_LACKS_CAPACITY in lacking and labels.STATEMENT_CAPACITY not in lacking


def test_the_leaflet_pictures_follow_the_recorded_plate_and_mri_finding(make_summary):
    """As on screen: a plate only when one is recorded, no change inside the cord when the MRI
    shows none."""

    def pictures(**answers: object) -> dict[str, str]:
        return {s.id: s.illustration_svg for s in make_summary(answers=answers).steps}

    plate, no_plate = pictures(**{"plate-used": True}), pictures(**{"plate-used": False})
    assert plate["implant-graft"] != no_plate["implant-graft"]
    clear, changed = pictures(**{"mri-signal": "none"}), pictures(**{"mri-signal": "t2-only"})
    assert clear["condition"] != changed["condition"]


def test_leaflet_pages_are_full_and_no_page_ends_with_a_heading(store, demo, procedure):
    """A step's words run on below its picture instead of pushing the picture to the next page,
    so no page but the last is left more than a quarter empty."""
    from consultaid.consent.pdf import render_with_layout

    summary = summary_for_consultation(store, demo, procedure)
    _pdf, placed = render_with_layout(summary, LEAFLET)
    drawn = [p for p in placed if p.kind != "space"]
    frame = 841.89 - (25 + 27) * 72 / 25.4
    for here, after in itertools.pairwise(drawn):
        if after.page != here.page:
            assert here.kind != "heading", f"{here.text!r} ends page {here.page}"
            assert here.space_below < frame / 4, f"page {here.page}: {here.space_below:.0f} pt"
