"""The pack a consultation is held with is the pack that prints: its figures, and no other pack's.

The other pack is a copy of the bundled one with one risk figure changed (a test marker inside
the reported range, not a clinical figure), so its content version differs.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import textstat
from pypdf import PdfReader

from consultaid.consent import render_consent_pdf
from consultaid.consent.sealing import printable_pdf, seal, sealed_documents
from consultaid.consent.summary import summary_for_consultation
from consultaid.content import Procedure, load_procedure
from consultaid.errors import ContentError, PackMismatch
from consultaid.records import Store

RISK = "dysphagia-persistent"
# The consent form's risk table prints the representative figure ("About 15 in 100, <when>").
BUNDLED_LINE = "About 15 in 100"
COPY_LINE = "About 20 in 100"


def change_figure(pack: Path) -> None:
    """The copy's one change: RISK's figure, 15 → 20 in 100 (inside its range)."""
    toml = pack / "procedure.toml"
    text = toml.read_text(encoding="utf-8")
    start = text.index(f'id = "{RISK}"')
    at = text.index("about = 15\n", start)
    toml.write_text(text[:at] + "about = 20\n" + text[at + len("about = 15\n") :], "utf-8")


@pytest.fixture
def other(pack_copy: Path, procedure: Procedure) -> Procedure:
    change_figure(pack_copy)
    copy = load_procedure(pack_copy)
    assert copy.content_version != procedure.content_version
    return copy


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "packs.db") as s:
        yield s


def held_with(store: Store, pack: Procedure) -> int:
    patient = store.add_patient("P-1", "Held", "With", date(1960, 5, 5), "female")
    c = store.start_consultation(patient.id, "Dr Hart", ("C5-C6",), pack.id, pack.content_version)
    store.set_risk_discussed(c.id, RISK, True)
    return c.id


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def test_the_bundled_figure_is_what_the_copy_changes(store, procedure):
    text = text_of(render_consent_pdf(store, held_with(store, procedure), procedure))
    assert BUNDLED_LINE in text and COPY_LINE not in text


def test_a_draft_prints_the_figures_of_the_pack_it_was_held_with(store, other):
    cid = held_with(store, other)
    summary = summary_for_consultation(store, cid, other)
    assert summary.consultation.content_version == other.content_version
    text = text_of(printable_pdf(store, cid, other))
    assert COPY_LINE in text and BUNDLED_LINE not in text
    assert other.content_version[:12] in text


def test_a_draft_is_not_printed_with_another_pack(store, procedure, other):
    cid = held_with(store, other)
    for attempt in (render_consent_pdf, printable_pdf, summary_for_consultation, seal):
        with pytest.raises(PackMismatch) as refused:
            attempt(store, cid, procedure)
        assert isinstance(refused.value, ContentError)
        message = str(refused.value)
        assert other.content_version[:12] in message
        assert procedure.content_version[:12] in message
        assert "open it with the pack it was held with" in message


def test_a_pack_with_another_id_is_refused(store, procedure, pack_copy):
    toml = pack_copy / "procedure.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace(f'id = "{procedure.id}"', 'id = "another-pack"', 1), "utf-8")
    another = load_procedure(pack_copy)
    cid = held_with(store, procedure)
    with pytest.raises(PackMismatch, match="'mis-cervical-stabilization', not this pack"):
        printable_pdf(store, cid, another)


def test_a_final_consultation_is_sealed_with_its_pack_and_prints_the_seal_whatever_pack(
    store, procedure, other
):
    cid = held_with(store, other)
    store.finalize(cid, "Dr Hart")
    document = seal(store, cid, other)
    assert COPY_LINE in text_of(store.document_pdf(document.id))
    assert printable_pdf(store, cid, procedure) == store.document_pdf(document.id)
    assert sealed_documents(store, cid) == (document,)


def test_a_final_consultation_is_not_sealed_with_another_pack(store, procedure, other):
    cid = held_with(store, other)
    store.finalize(cid, "Dr Hart")
    with pytest.raises(PackMismatch):
        printable_pdf(store, cid, procedure)
    assert sealed_documents(store, cid) == ()


def test_the_refusal_is_one_plain_sentence(store, procedure, other):
    cid = held_with(store, other)
    with pytest.raises(PackMismatch) as refused:
        printable_pdf(store, cid, procedure)
    message = str(refused.value)
    assert message.count(".") == 1 and message.endswith(".")
    assert textstat.flesch_kincaid_grade(message) <= 8
