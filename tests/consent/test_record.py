"""render_consent_pdf reads a consultation from the Store: what was recorded is what prints."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from consultaid.consent import labels, render_consent_pdf
from consultaid.consent.summary import (
    SETTING_ADVICE_PREFIX,
    SETTING_CLINIC_ADDRESS,
    SETTING_CLINIC_NAME,
    SETTING_PAPER_SIZE,
    summary_for_consultation,
)
from consultaid.content import Procedure
from consultaid.errors import ConsultationNotFound
from consultaid.records import Store
from consultaid.strokes import Stroke


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2025, 6, 15, 9, 30, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "consultaid.db", actor="Dr Test", clock=Clock()) as s:
        yield s


@pytest.fixture
def consultation_id(store: Store, procedure: Procedure) -> int:
    patient = store.add_patient("MRN-77", "Łukasiewicz-Ødegård", "Zoë", date(1958, 4, 3), "female")
    c = store.start_consultation(
        patient.id, "Dr Amelia Hart", ("C5-C6", "C6-C7"), procedure.id, procedure.content_version
    )
    store.set_setting(SETTING_CLINIC_NAME, "St Aidan's Spine Unit")
    store.set_setting(SETTING_CLINIC_ADDRESS, ["12 Harbour Road", "Exampleton"])
    store.set_setting(SETTING_PAPER_SIZE, "Letter")
    store.set_setting(SETTING_ADVICE_PREFIX + procedure.recovery_defaults[0].id, "Under 2 kg.")
    store.set_answer(c.id, "smoking", True)
    store.set_risk_discussed(c.id, "hoarseness", True)
    store.set_risk_discussed(c.id, "infection", False)
    store.set_alternative_discussed(c.id, "no-treatment", True)
    store.add_question(c.id, "Will I need a collar?", "Probably not; we will see.")
    store.set_teach_back(c.id, "partly", "Went over the swallowing risk again.")
    store.save_annotation(c.id, "decompression", [Stroke("red", ((500, 300), (560, 330)))])
    points = tuple((20 + 10.0 * i, 100 + 30 * (-1) ** i) for i in range(30))
    store.save_signature(
        c.id, "interpreter", "Σοφία Παπαδοπούλου", [Stroke("black", points)], language="Greek"
    )
    return c.id


def test_what_was_recorded_is_what_prints(store, consultation_id, procedure):
    summary = summary_for_consultation(store, consultation_id, procedure)
    assert summary.clinic.name == "St Aidan's Spine Unit"
    assert summary.clinic.address == ("12 Harbour Road", "Exampleton")
    assert summary.paper_size == "Letter"
    assert [r.id for r in summary.risks_discussed] == ["hoarseness"]
    assert [a.id for a in summary.alternatives_discussed] == ["no-treatment"]
    assert summary.recovery.advice[0].value == "Under 2 kg."
    assert summary.interpreter is not None and summary.interpreter.language == "Greek"
    interpreter = next(s for s in summary.signatures if s.role == "interpreter")
    assert interpreter.strokes and len(interpreter.strokes[0]) == 30
    assert summary.teach_back.result == "partly"
    assert summary.draft

    pdf = render_consent_pdf(store, consultation_id, procedure)
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Łukasiewicz-Ødegård, Zoë" in text
    assert "C5-C6 and C6-C7" in text
    assert "Will I need a collar?" in text
    assert labels.DRAFT_MARK in text
    assert float(reader.pages[0].mediabox.height) == pytest.approx(792)
    assert render_consent_pdf(store, consultation_id, procedure) == pdf


def test_unknown_consultation_is_a_clear_error(store, procedure):
    with pytest.raises(ConsultationNotFound, match="no consultation 999"):
        render_consent_pdf(store, 999, procedure)


def test_when_a_representative_signs_the_patients_own_signature_prints_too(
    store, consultation_id, procedure
):
    points = tuple((20 + 10.0 * i, 100 + 30 * (-1) ** i) for i in range(30))
    store.save_signature(
        consultation_id, "patient", "Zoë Łukasiewicz-Ødegård", [Stroke("black", points)]
    )
    store.save_signature(
        consultation_id,
        "representative",
        "Анна Кузнецова",
        [Stroke("black", points)],
        relationship="daughter",
    )
    summary = summary_for_consultation(store, consultation_id, procedure)
    blocks = {s.role: s for s in summary.signatures}
    assert list(blocks)[:2] == ["patient", "representative"]
    assert blocks["patient"].strokes and blocks["representative"].strokes

    reader = PdfReader(io.BytesIO(render_consent_pdf(store, consultation_id, procedure)))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    signatures = text[text.rindex(labels.SECTION_SIGNATURES) :]
    patient = signatures.index(labels.ROLE_STATEMENTS["patient"])
    representative = signatures.index(labels.ROLE_TITLES["representative"])
    assert labels.ROLE_TITLES["patient"] in signatures[:patient]
    assert "Zoë Łukasiewicz-Ødegård" in signatures[patient:representative]
    assert "Анна Кузнецова" in signatures[representative:]
    assert "daughter" in signatures[representative:]


def test_a_representative_alone_signs_in_the_patients_place(store, consultation_id, procedure):
    store.save_signature(
        consultation_id,
        "representative",
        "Анна Кузнецова",
        [Stroke("black", ((10.0, 10.0), (90.0, 40.0)))],
        relationship="daughter",
    )
    roles = [s.role for s in summary_for_consultation(store, consultation_id, procedure).signatures]
    assert roles == ["representative", "surgeon", "witness", "interpreter"]
