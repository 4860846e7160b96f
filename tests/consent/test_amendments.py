"""Amendments print: a new sealed version lists them, names the one it replaces, and keeps it.

Times print in local time: the tests run in a fixed zone five and a half hours from UTC.
"""

from __future__ import annotations

import hashlib
import io
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import textstat
from pypdf import PdfReader

from consultaid import assessment
from consultaid.cli import main
from consultaid.consent import labels, render_consent_pdf
from consultaid.consent.amendments import amendment_entry
from consultaid.consent.sealing import (
    printable_pdf,
    seal,
    sealed_documents,
    sealed_pdf,
)
from consultaid.consent.summary import summary_for_consultation
from consultaid.content import Procedure
from consultaid.errors import ConsultationNotFound, InputError
from consultaid.records import Amendment, AmendTarget, Document, Store
from consultaid.strokes import Stroke

AUTHOR = "Dr Amelia Hart"
INK = [Stroke("black", tuple((20 + 10.0 * i, 100 + 30 * (-1) ** i) for i in range(30)))]


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2025, 6, 15, 9, 30, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture(autouse=True)
def india(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A local zone that is not UTC (a POSIX rule, so no zone database is needed)."""
    monkeypatch.setenv("TZ", "IST-5:30")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "amended.db"


@pytest.fixture
def store(db: Path) -> Iterator[Store]:
    with Store.open(db, actor=AUTHOR, clock=Clock()) as s:
        yield s


@pytest.fixture
def cid(store: Store, procedure: Procedure) -> int:
    """A final consultation: one level, one risk ticked, a smoker, teach-back partly, signed."""
    patient = store.add_patient("A-1", "Łukasiewicz", "Zoë", date(1958, 4, 3), "female")
    c = store.start_consultation(
        patient.id, AUTHOR, ("C5-C6",), procedure.id, procedure.content_version
    )
    store.set_risk_discussed(c.id, "dysphagia-early", True)
    store.set_answer(c.id, "smoking", True)
    store.add_question(c.id, "Will I need a collar?", "Probably not.")
    store.set_teach_back(c.id, "partly", "Went over the swallowing risk again.")
    store.save_signature(c.id, "patient", "Zoë Łukasiewicz", INK)
    store.save_signature(c.id, "surgeon", AUTHOR, INK)
    store.finalize(c.id, AUTHOR)
    return c.id


def amend(store: Store, cid: int, target: AmendTarget, value, key: str = "", reason: str = ""):
    return store.amend(cid, target, value, key=key, reason=reason or "A reason.", author=AUTHOR)


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def named(store: Store, document: Document) -> str:
    """How an amended version names an earlier one: its number and the id its footer prints."""
    printed_id = PdfReader(io.BytesIO(store.document_pdf(document.id))).metadata.subject
    assert printed_id.startswith("CA-")
    assert f"Document {printed_id}" in text_of(store.document_pdf(document.id))
    return f"{document.id} ({printed_id})"


@dataclass
class Amended:
    first: Document
    second: Document
    amendments: tuple[Amendment, ...]


@pytest.fixture
def amended(store: Store, cid: int, procedure: Procedure) -> Amended:
    first = seal(store, cid, procedure)
    amendments = (
        amend(store, cid, AmendTarget.LEVELS, ["C5-C6", "C6-C7"], reason="Two levels planned."),
        amend(store, cid, AmendTarget.RISK_DISCUSSED, True, key="haematoma", reason="Tick missed."),
        amend(store, cid, AmendTarget.ANSWER, False, key="smoking", reason="Stopped in 2019."),
        amend(store, cid, AmendTarget.TEACH_BACK_RESULT, "yes", reason="Checked again."),
    )
    second = seal(store, cid, procedure)
    return Amended(first, second, amendments)


def test_an_amended_version_lists_what_changed_why_who_and_when(store, cid, procedure, amended):
    summary = summary_for_consultation(store, cid, procedure)
    assert summary.amended is not None
    changes = [(e.what, e.before, e.after, e.reason) for e in summary.amended.amendments]
    assert changes == [
        (labels.AMENDED_LEVELS, "C5-C6", "C5-C6 and C6-C7", "Two levels planned."),
        (
            labels.AMENDED_RISK.format(name=procedure.risk("haematoma").name),
            labels.NOT_TALKED_ABOUT,
            labels.TALKED_ABOUT,
            "Tick missed.",
        ),
        (procedure.factor("smoking").label, labels.YES, labels.NO, "Stopped in 2019."),
        (labels.AMENDED_TEACH_BACK_RESULT, "Partly", "Yes", "Checked again."),
    ]

    text = text_of(store.document_pdf(amended.second.id))
    section = text[text.index(labels.SECTION_AMENDMENTS + " " + labels.AMENDMENTS_INTRO) :]
    for entry, amendment in zip(summary.amended.amendments, amended.amendments, strict=True):
        when = labels.format_local_datetime(amendment.at)
        assert "IST" in when  # local time, not UTC
        block = section[section.index(entry.what) :]
        assert block.startswith(
            f"{entry.what} {labels.AMENDMENT_BEFORE}: {entry.before} "
            f"{labels.AMENDMENT_AFTER}: {entry.after} {labels.AMENDMENT_REASON}: {entry.reason} "
            f"{labels.AMENDMENT_BY.format(author=AUTHOR, when=when)}"
        )
    assert labels.SECTION_AMENDMENTS not in text_of(store.document_pdf(amended.first.id))


def test_the_amended_version_names_the_one_it_supersedes_and_whose_signatures_it_shows(
    store, cid, procedure, amended
):
    first, second = amended.first, amended.second
    assert second.supersedes_id == first.id
    text = text_of(store.document_pdf(second.id))
    sealed = labels.format_local_datetime(first.created_at)
    name = named(store, first)
    assert (
        labels.AMENDED_NOTE.format(document=name, sealed=sealed, sha256=first.sha256[:12]) in text
    )
    assert labels.SIGNED_ON_ORIGINAL.format(document=name, date=sealed) in text
    # The signatures themselves still print, with the names they were given under.
    signatures = text[text.rindex(labels.SECTION_SIGNATURES) :]
    assert "Zoë Łukasiewicz" in signatures and AUTHOR in signatures


def test_a_second_amendment_supersedes_the_first_amended_version(store, cid, procedure, amended):
    amend(store, cid, AmendTarget.TEACH_BACK_NOTE, "All clear.", reason="Note updated.")
    third = seal(store, cid, procedure)
    assert third.supersedes_id == amended.second.id
    assert sealed_documents(store, cid) == (amended.first, amended.second, third)
    text = text_of(store.document_pdf(third.id))
    second = amended.second
    assert (
        labels.AMENDED_NOTE.format(
            document=named(store, second),
            sealed=labels.format_local_datetime(second.created_at),
            sha256=second.sha256[:12],
        )
        in text
    )
    original = labels.format_local_datetime(amended.first.created_at)
    first = named(store, amended.first)
    assert labels.SIGNED_ON_ORIGINAL.format(document=first, date=original) in text
    assert text.count(labels.AMENDMENT_REASON + ":") == 5


def test_an_amended_version_renders_again_to_the_same_bytes(store, cid, procedure, amended):
    stored = store.document_pdf(amended.second.id)
    assert render_consent_pdf(store, cid, procedure) == stored
    assert printable_pdf(store, cid, procedure) == stored


def test_sealing_again_without_an_amendment_stores_nothing_new(store, cid, procedure):
    first = seal(store, cid, procedure)
    assert seal(store, cid, procedure) == first
    assert sealed_documents(store, cid) == (first,)


def test_a_draft_is_never_sealed(store, procedure):
    patient = store.add_patient("D-1", "Draft", "Only", date(1970, 1, 1), "male")
    c = store.start_consultation(
        patient.id, AUTHOR, ("C5-C6",), procedure.id, procedure.content_version
    )
    with pytest.raises(InputError, match="is a draft"):
        seal(store, c.id, procedure)
    assert sealed_documents(store, c.id) == ()


def test_amended_before_any_seal_says_when_the_signatures_were_given(store, cid, procedure):
    amend(store, cid, AmendTarget.RISK_DISCUSSED, True, key="haematoma")
    document = seal(store, cid, procedure)
    assert document.supersedes_id is None
    text = text_of(store.document_pdf(document.id))
    finalized = store.get_consultation(cid).finalized_at
    assert labels.AMENDED_NOTE_NO_EARLIER in text
    assert (
        labels.SIGNED_BEFORE_AMENDMENTS.format(date=labels.format_local_datetime(finalized)) in text
    )


def test_every_kind_of_change_is_put_in_the_summarys_words(store, cid, procedure):
    record = store.load_record(cid)
    question = record.questions[0]
    item = procedure.mjoa.items[0]
    option = item.options[0]
    grade = procedure.nurick.grades[1]
    alternative = procedure.alternatives[0]
    amend(store, cid, AmendTarget.QUESTION, "Will I wear a collar?", key=str(question.id))
    amend(store, cid, AmendTarget.QUESTION_ANSWER, "No.", key=str(question.id))
    amend(store, cid, AmendTarget.TEACH_BACK_NOTE, "All clear.")
    amend(store, cid, AmendTarget.ANSWER, option.points, key=assessment.mjoa_key(item.id))
    amend(store, cid, AmendTarget.ANSWER, grade.grade, key=assessment.NURICK)
    amend(store, cid, AmendTarget.ALTERNATIVE_DISCUSSED, True, key=alternative.id)
    record = store.load_record(cid)
    entries = [amendment_entry(procedure, record, a) for a in record.amendments]
    assert [(e.what, e.before, e.after) for e in entries] == [
        (labels.AMENDED_QUESTION, "Will I need a collar?", "Will I wear a collar?"),
        (
            labels.AMENDED_ANSWER.format(question="Will I wear a collar?"),
            "Probably not.",
            "No.",
        ),
        (labels.AMENDED_TEACH_BACK_NOTE, "Went over the swallowing risk again.", "All clear."),
        (
            labels.AMENDED_SCORE_ITEM.format(score=labels.MJOA, item=item.label),
            labels.NOT_RECORDED,
            f"{option.points} — {option.text}",
        ),
        (labels.NURICK, labels.NOT_RECORDED, f"{grade.grade} — {grade.definition}"),
        (
            labels.AMENDED_ALTERNATIVE.format(name=alternative.name),
            labels.NOT_TALKED_ABOUT,
            labels.TALKED_ABOUT,
        ),
    ]


def test_earlier_versions_stay_retrievable_byte_for_byte(store, cid, procedure, amended):
    first = amended.first
    pdf = sealed_pdf(store, cid, first.id)
    assert hashlib.sha256(pdf).hexdigest() == first.sha256
    assert sealed_pdf(store, cid, amended.second.id) == printable_pdf(store, cid, procedure)
    refusal = f"no sealed consent form 999; pick one of these: {first.id}"
    with pytest.raises(InputError, match=refusal):
        sealed_pdf(store, cid, 999)
    with pytest.raises(ConsultationNotFound):
        sealed_pdf(store, 999, first.id)


def test_summary_command_writes_an_earlier_sealed_document(
    store, cid, procedure, amended, db, tmp_path, capsys
):
    args = ["summary", str(cid), "--db", str(db)]
    out = tmp_path / "original.pdf"
    assert main([*args, "--document", str(amended.first.id), "--out", str(out)]) == 0
    assert hashlib.sha256(out.read_bytes()).hexdigest() == amended.first.sha256
    current = tmp_path / "current.pdf"
    assert main([*args, "--out", str(current)]) == 0
    assert current.read_bytes() == store.document_pdf(amended.second.id)
    said = capsys.readouterr().out
    assert f"Earlier sealed versions: document {amended.first.id};" in said


def test_summary_command_refuses_a_document_of_another_consultation(
    store, cid, procedure, amended, db, tmp_path, capsys
):
    patient = store.add_patient("B-1", "Other", "Patient", date(1970, 1, 1), "male")
    other = store.start_consultation(
        patient.id, AUTHOR, ("C5-C6",), procedure.id, procedure.content_version
    )
    out = tmp_path / "x.pdf"
    for consultation, document in ((other.id, amended.first.id), (cid, 999)):
        args = ["summary", str(consultation), "--db", str(db), "--out", str(out)]
        assert main([*args, "--document", str(document)]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "has no sealed consent form" in err
        assert not out.exists()


def test_the_new_sentences_are_plain():
    when = "12 March 2025, 14:05 CET"
    sentences = [
        labels.AMENDED_NOTE.format(
            document="3 (CA-12-0A1B2C3D)", sealed=when, sha256="0a1b2c3d4e5f"
        ),
        labels.AMENDED_NOTE_NO_EARLIER,
        labels.AMENDMENTS_INTRO,
        labels.SIGNED_ON_ORIGINAL.format(document="3 (CA-12-0A1B2C3D)", date=when),
        labels.SIGNED_BEFORE_AMENDMENTS.format(date=when),
        labels.AMENDMENT_BY.format(author="Dr Hart", when=when),
    ]
    for sentence in sentences:
        assert textstat.flesch_kincaid_grade(sentence) <= 8, sentence
