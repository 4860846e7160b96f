"""Finalize lists a patient whose preferred language is not the documents' with no interpreter."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from consultaid.consultation import Consultations
from consultaid.content import load_procedure
from consultaid.records import Store
from consultaid.strokes import Stroke

INK = (Stroke("black", ((10.0, 10.0), (60.0, 40.0), (120.0, 20.0))),)


@pytest.fixture
def opened(tmp_path: Path) -> Iterator[Consultations]:
    with Store.open(tmp_path / "records.db") as store:
        c = Consultations(store, load_procedure(), surgeon="Dr Ada Surgeon")
        patient = c.add_patient(
            mrn="LANG-1",
            family_name="Nowak",
            given_names="Ewa",
            date_of_birth=date(1960, 5, 6),
            sex="female",
        )
        assert c.start(patient.id).done
        yield c


def interpreter_gaps(c: Consultations) -> list[str]:
    return [g for g in c.readiness().gaps if g.startswith("Interpreter")]


def test_a_non_english_preferred_language_without_an_interpreter_is_listed(opened):
    opened.answer("preferred-language", "Polish")
    [gap] = interpreter_gaps(opened)
    assert "Polish" in gap and "no interpreter" in gap


def test_an_interpreter_recorded_or_declined_clears_the_gap(opened):
    opened.answer("preferred-language", "Polish")
    opened.answer("interpreter-used", "yes")
    assert "no name" in interpreter_gaps(opened)[0]
    opened.answer("interpreter-name", "Anna Kowalska")
    assert interpreter_gaps(opened) == []
    opened.answer("interpreter-name", "")
    opened.answer("interpreter-used", "declined")
    assert interpreter_gaps(opened) == []


def test_an_interpreter_signature_counts_as_recorded(opened):
    opened.answer("preferred-language", "Polish")
    opened.sign("interpreter", "Anna Kowalska", INK, language="Polish")
    assert interpreter_gaps(opened) == []


@pytest.mark.parametrize("language", ["English", " english ", ""])
def test_english_or_no_language_recorded_is_no_gap(opened, language):
    opened.answer("preferred-language", language)
    assert interpreter_gaps(opened) == []


def test_facts_the_consent_form_prints_are_listed_until_recorded(opened):
    [gap] = [g for g in opened.readiness().gaps if g.startswith("Not recorded")]
    assert "MRI: signal change in the cord" in gap and "Operating surgeon" in gap
    opened.answer("mri-signal", "t2-only")
    opened.answer("plate-used", False)
    opened.answer("graft-source", "allograft")
    opened.answer("operating-surgeon", "Ms K. Mensah")
    [gap] = [g for g in opened.readiness().gaps if g.startswith("Not recorded")]
    assert gap == "Not recorded: Capacity"
    opened.answer("capacity", "presumed")
    assert not [g for g in opened.readiness().gaps if g.startswith("Not recorded")]
