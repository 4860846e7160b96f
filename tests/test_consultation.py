"""The use-cases without a screen: what each saves and changes, what is refused or queued."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from consultaid.changes import Part, Status
from consultaid.consultation import Consultations
from consultaid.content import load_procedure
from consultaid.content.model import Procedure
from consultaid.levels import DEFAULT_LEVELS
from consultaid.paths import default_pack_dir
from consultaid.records import AmendTarget, Store
from consultaid.strokes import Stroke

INK = (Stroke("black", ((10.0, 10.0), (60.0, 40.0), (120.0, 20.0))),)


@pytest.fixture(scope="module")
def bundled() -> Procedure:
    return load_procedure()


@pytest.fixture
def use_case_store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "records.db") as s:
        yield s


@pytest.fixture
def consultations(use_case_store: Store, bundled: Procedure) -> Consultations:
    return Consultations(use_case_store, bundled, surgeon="Dr Ada Surgeon")


@pytest.fixture
def opened(consultations: Consultations) -> Consultations:
    patient = consultations.add_patient(
        mrn="UC-1",
        family_name="Okafor",
        given_names="Chidi",
        date_of_birth=date(1958, 2, 3),
        sex="male",
    )
    assert consultations.start(patient.id).done
    return consultations


def read_only(store: Store, on: bool) -> None:
    """The file becomes unwritable (as on a full disk or a lost mount) and comes back."""
    store._db._conn.execute(f"PRAGMA query_only = {'ON' if on else 'OFF'}")


def sign_both(c: Consultations) -> None:
    assert c.sign("patient", "Chidi Okafor", INK).done
    assert c.sign("surgeon", "Dr Ada Surgeon", INK).done


def test_an_edit_returns_what_it_saved_and_only_the_part_it_changed(opened):
    outcome = opened.tick_risk("dysphagia-early", True)
    assert outcome.status is Status.DONE
    assert outcome.value.risk_id == "dysphagia-early" and outcome.value.discussed
    assert outcome.changes.parts == {Part.RISKS}
    assert opened.record.risk_discussed("dysphagia-early")
    answer = opened.answer("smoking", True)
    assert answer.changes.parts == {Part.ANSWERS} and opened.record.answer("smoking") is True
    # The record in memory is what the file holds, without reading the whole record back.
    assert opened.store.load_record(opened.consultation_id) == opened.record


def test_wrong_input_is_refused_with_a_sentence_and_nothing_is_saved(opened):
    outcome = opened.sign("patient", "Chidi Okafor", ())
    assert outcome.status is Status.REFUSED
    assert "empty" in outcome.message and outcome.message.endswith(".")
    assert Part.SIGNATURES in outcome.changes.parts  # the views go back to what is saved
    assert opened.store.load_record(opened.consultation_id).signatures == ()


def test_refused_and_queued_are_told_apart_and_the_queue_keeps_order(opened):
    store = opened.store
    read_only(store, True)
    first = opened.tick_risk("dysphagia-early", True)
    second = opened.add_question("Will I need a collar?")
    assert first.status is second.status is Status.QUEUED
    assert [e.name for e in opened.pending] == ["set_risk_discussed", "add_question"]
    assert opened.retry().status is Status.QUEUED
    read_only(store, False)
    retried = opened.retry()
    assert retried.status is Status.DONE and not opened.pending
    assert retried.changes.touches(Part.RISKS, Part.QUESTIONS)
    record = store.load_record(opened.consultation_id)
    assert record.risk_discussed("dysphagia-early")
    assert record.questions[0].question == "Will I need a collar?"
    unknown = opened.tick_risk("not-a-risk-of-this-pack", True)
    assert unknown.status is Status.REFUSED and "not-a-risk-of-this-pack" in unknown.message


def test_one_level_change_behind_a_queued_edit_queues_once_and_stays_shown(opened):
    store = opened.store
    read_only(store, True)
    assert opened.tick_risk("dysphagia-early", True).queued
    outcome = opened.set_levels(("C6-C7",))
    assert outcome.status is Status.QUEUED
    assert Part.LEVELS in outcome.changes.parts
    assert opened.levels == ("C6-C7",)
    assert len(opened.pending) == 2
    assert opened.set_levels(("C6-C7",)).changes.parts == frozenset()
    assert len(opened.pending) == 2
    read_only(store, False)
    assert opened.retry().done
    assert store.load_record(opened.consultation_id).consultation.levels == ("C6-C7",)


def test_a_refused_level_change_goes_back_to_the_saved_levels(opened):
    outcome = opened.set_levels(("C3-C4", "C6-C7"))
    assert outcome.refused and Part.LEVELS in outcome.changes.parts
    assert opened.levels == DEFAULT_LEVELS


def test_drawings_have_one_owner_and_are_saved_as_drawn(opened):
    outcome = opened.add_stroke("condition", INK[0])
    assert outcome.done and outcome.changes.parts == {Part.DRAWINGS}
    assert opened.drawings.strokes("condition") == INK
    assert opened.store.load_record(opened.consultation_id).annotation("condition") == INK
    assert opened.undo_stroke("condition").done
    assert opened.store.load_record(opened.consultation_id).annotation("condition") == ()


def test_closing_forgets_the_patient_levels_and_drawings(opened):
    opened.set_levels(("C6-C7",))
    opened.add_stroke("condition", INK[0])
    outcome = opened.close()
    assert outcome.done and Part.RECORD in outcome.changes.parts
    assert opened.record is None and opened.levels == DEFAULT_LEVELS
    assert opened.drawings.all() == {}


def test_a_consultation_is_started_by_the_named_surgeon(consultations, use_case_store):
    patient = consultations.add_patient(
        mrn="UC-2",
        family_name="Lind",
        given_names="Maja",
        date_of_birth=date(1970, 1, 1),
        sex="female",
    )
    consultations.surgeon = ""
    refused = consultations.start(patient.id)
    assert refused.refused and "surgeon's name" in refused.message
    consultations.surgeon = "Dr Ada Surgeon"
    started = consultations.start(patient.id)
    assert started.done and started.value.consultation.clinician == "Dr Ada Surgeon"
    assert [c.id for c in consultations.drafts_today(patient.id)] == [consultations.consultation_id]


def test_finalizing_needs_both_signatures(opened):
    refused = opened.finalize()
    assert refused.refused
    assert "patient" in refused.message and "surgeon" in refused.message
    assert not opened.store.load_record(opened.consultation_id).consultation.is_final
    opened.sign("patient", "Chidi Okafor", INK)
    assert "surgeon has not signed" in opened.finalize().message
    opened.sign("surgeon", "Dr Ada Surgeon", INK)
    done = opened.finalize()
    assert done.done and opened.is_final and done.value is not None
    assert done.changes.touches(Part.STATUS, Part.DOCUMENTS)


def test_a_representative_signature_stands_for_the_patient(opened):
    opened.answer("representative", {"name": "Ngozi Okafor", "relationship": "daughter"})
    opened.sign("representative", "Ngozi Okafor", INK, relationship="daughter")
    opened.sign("surgeon", "Dr Ada Surgeon", INK)
    assert opened.readiness().ready
    gaps = opened.readiness().gaps
    assert any("risks not ticked" in g for g in gaps) and "No teach-back recorded" in gaps


def test_a_teach_back_that_was_not_a_clear_yes_is_listed(opened):
    opened.set_teach_back("partly", "")
    assert any("only part" in g for g in opened.readiness().gaps)


def test_a_final_consultation_refuses_edits_and_is_corrected_by_amendment(opened):
    sign_both(opened)
    first = opened.finalize().value
    refused = opened.tick_risk("dysphagia-early", True)
    assert refused.refused and "amendment" in refused.message
    amended = opened.amend(
        AmendTarget.RISK_DISCUSSED,
        True,
        "dysphagia-early",
        "Discussed, tick missed",
        "Dr Ada Surgeon",
    )
    assert amended.done and not amended.message
    sealed = [d for d in opened.record.documents if d.kind == "consent-form"]
    assert len(sealed) == 2 and sealed[-1].supersedes_id == first.id


def held_with_a_copy(tmp_path, store: Store, edit) -> Consultations:
    """A signed draft of a new patient, held with a copy of the bundled pack changed by `edit`."""
    copy = tmp_path / "pack"
    shutil.copytree(default_pack_dir(), copy)
    toml = copy / "procedure.toml"
    toml.write_text(edit(toml.read_text(encoding="utf-8")), encoding="utf-8")
    c = Consultations(store, load_procedure(copy), surgeon="Dr Ada Surgeon")
    patient = c.add_patient(
        mrn="UC-3",
        family_name="Berg",
        given_names="Ola",
        date_of_birth=date(1966, 6, 6),
        sex="male",
    )
    c.start(patient.id)
    assert c.record.consultation.content_version == c.procedure.content_version
    sign_both(c)
    return c


def test_the_consultation_prints_and_seals_with_the_pack_it_is_held_with(tmp_path, use_case_store):
    c = held_with_a_copy(
        tmp_path, use_case_store, lambda text: text.replace('title = "', 'title = "COPYPACK ', 1)
    )
    assert "COPYPACK" in _pdf_text(c.printable_pdf())
    document = c.finalize().value
    assert "COPYPACK" in _pdf_text(use_case_store.document_pdf(document.id))


def _pdf_text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_draft_held_with_another_pack_is_not_finalized_with_this_one(
    tmp_path, use_case_store, bundled
):
    held = held_with_a_copy(tmp_path, use_case_store, lambda text: text + "\n# changed\n")
    later = Consultations(use_case_store, bundled, surgeon="Dr Ada Surgeon")
    later.open(held.consultation_id)
    outcome = later.finalize()
    assert outcome.refused and "content version" in outcome.message
    assert not use_case_store.load_record(held.consultation_id).consultation.is_final
