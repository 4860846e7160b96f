"""Patients: round trips, the bad input the dialog must catch, and search as you type."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consultaid.errors import InputError
from consultaid.records import Patient, Store
from tests.records.conftest import NOW

TODAY = NOW.date()
FIXTURE_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def test_add_and_get_round_trip(records_store: Store):
    p = records_store.add_patient("MRN-7", "Nguyễn", "Thị Minh", date(1975, 2, 28), "female")
    assert isinstance(p, Patient)
    assert records_store.get_patient(p.id) == p
    assert (p.mrn, p.family_name, p.given_names, p.date_of_birth, p.sex) == (
        "MRN-7", "Nguyễn", "Thị Minh", date(1975, 2, 28), "female",
    )  # fmt: skip
    assert p.created_at == p.updated_at
    assert p.created_at.tzinfo is not None
    assert p.display_name == "Nguyễn, Thị Minh"


def test_update_changes_only_the_given_fields(records_store: Store, patient: Patient):
    changed = records_store.update_patient(patient.id, family_name="Lefebvre", sex="other")
    assert changed.family_name == "Lefebvre"
    assert changed.sex == "other"
    assert (changed.mrn, changed.given_names, changed.date_of_birth) == (
        patient.mrn, patient.given_names, patient.date_of_birth,
    )  # fmt: skip
    assert changed.updated_at > patient.updated_at
    assert records_store.get_patient(patient.id) == changed


def test_update_with_nothing_changed_writes_nothing(records_store: Store, patient: Patient):
    before = len(records_store.audit_entries())
    assert records_store.update_patient(patient.id, family_name=patient.family_name) == patient
    assert len(records_store.audit_entries()) == before


def test_mrn_is_trimmed_and_unique_ignoring_case(records_store: Store, patient: Patient):
    with pytest.raises(InputError, match="A patient with MRN mrn-0001 already exists"):
        records_store.add_patient("  mrn-0001 ", "Other", "", date(1980, 1, 1), "male")
    other = records_store.add_patient(" MRN-0002 ", "Other", "", date(1980, 1, 1), "male")
    assert other.mrn == "MRN-0002"
    with pytest.raises(InputError, match="already exists"):
        records_store.update_patient(other.id, mrn="MRN-0001")
    assert records_store.patient_by_mrn("mrn-0002 ") == other
    assert records_store.patient_by_mrn("nope") is None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"mrn": "   "}, "The MRN is empty"),
        ({"mrn": "X" * 65}, "MRN is longer than 64"),
        ({"family_name": ""}, "The family name is empty"),
        ({"family_name": " \t "}, "The family name is empty"),
        ({"family_name": "A" * 201}, "longer than 200 characters"),
        ({"given_names": "B" * 201}, "longer than 200 characters"),
        ({"date_of_birth": date(2025, 6, 16)}, "in the future"),
        ({"date_of_birth": date(1905, 6, 14)}, "more than 120 years ago"),
        ({"sex": "f"}, "Choose the sex from female, male, other, unknown"),
        ({"family_name": "Bad\ud800"}, "cannot be stored"),
    ],
)
def test_bad_input_is_refused_with_a_sentence_and_nothing_saved(
    records_store: Store, fields, message
):
    values = {
        "mrn": "MRN-9",
        "family_name": "Doe",
        "given_names": "",
        "date_of_birth": date(1970, 1, 1),
        "sex": "male",
    } | fields
    with pytest.raises(InputError, match=message):
        records_store.add_patient(**values)
    assert records_store.search_patients("") == ()
    assert records_store.audit_entries() == ()


def test_date_of_birth_limits_are_inclusive(records_store: Store):
    assert records_store.add_patient("A", "Today", "", TODAY, "unknown").date_of_birth == TODAY
    oldest = date(TODAY.year - 120, TODAY.month, TODAY.day)
    assert records_store.add_patient("B", "Oldest", "", oldest, "unknown").date_of_birth == oldest


def test_editing_a_name_does_not_recheck_an_unchanged_date_of_birth(
    db_path, patient: Patient, records_store: Store
):
    old = records_store.add_patient("OLD", "Old", "", date(1905, 6, 15), "male")
    records_store.close()
    later = Store.open(db_path, clock=lambda: NOW.replace(year=2026))
    try:
        assert later.update_patient(old.id, given_names="Ada").given_names == "Ada"
        with pytest.raises(InputError, match="120 years"):
            later.update_patient(old.id, date_of_birth=date(1905, 6, 14))
    finally:
        later.close()


def test_unknown_patient_is_an_input_error(records_store: Store):
    with pytest.raises(InputError, match="There is no patient 999"):
        records_store.get_patient(999)


@FIXTURE_SETTINGS
@given(
    family=st.text(min_size=1, max_size=200).filter(str.strip), given_names=st.text(max_size=200)
)
def test_any_unicode_name_round_trips_exactly(records_store: Store, family: str, given_names: str):
    mrn = f"H-{len(records_store.search_patients('', limit=10_000))}"
    p = records_store.add_patient(mrn, family, given_names, date(1990, 5, 5), "unknown")
    got = records_store.get_patient(p.id)
    assert (got.family_name, got.given_names) == (family, given_names)


@pytest.mark.parametrize(
    "name",
    ["Zoë\x00Nul", "שָׁלוֹם כהן", "محمد عبد الله", "😀 Smiley 👩‍⚕️", "e\u0301\u0301", "‮RTL override"],
)
def test_awkward_unicode_names_round_trip_and_are_findable(records_store: Store, name: str):
    p = records_store.add_patient("U-1", name, "", date(1990, 5, 5), "unknown")
    assert records_store.get_patient(p.id).family_name == name
    assert records_store.search_patients("U-1") == (records_store.get_patient(p.id),)


@pytest.fixture
def people(records_store: Store) -> dict[str, Patient]:
    rows = {
        "zoe": ("MRN-000123", "Lefèvre", "Zoë", "female"),
        "lukas": ("MRN-000124", "Łukasiewicz", "Jan", "male"),
        "greek": ("AB/77-1", "Παπαδόπουλος", "Γιώργος", "male"),
        "russian": ("RU-5", "Кузнецова", "Ольга", "female"),
        "zoey": ("X-9", "Smith", "Zoey", "female"),
        "strasse": ("S-1", "Straße", "Ørjan", "male"),
    }
    return {
        key: records_store.add_patient(mrn, family, given, date(1970, 1, 1), sex)
        for key, (mrn, family, given, sex) in rows.items()
    }


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Zoe", {"zoe", "zoey"}),
        ("zoë", {"zoe", "zoey"}),
        ("lefe", {"zoe"}),
        ("LEFÈVRE zo", {"zoe"}),
        ("lukas", {"lukas"}),
        ("łukas", {"lukas"}),
        ("παπαδο", {"greek"}),
        ("ΠΑΠΑΔΌ", {"greek"}),
        ("кузн", {"russian"}),
        ("strasse", {"strasse"}),
        ("orjan", {"strasse"}),
        ("MRN-00012", {"zoe", "lukas"}),
        ("mrn-000124", {"lukas"}),
        ("000123", {"zoe"}),
        ("AB/77", {"greek"}),
        ("ab 77", {"greek"}),
        ("nobody", set()),
        ('"zoe', {"zoe", "zoey"}),
        ("zoe*) OR (a", set()),
        ("NEAR(", set()),
    ],
)
def test_search_is_accent_insensitive_prefix_search_on_names_and_mrn(
    records_store: Store, people: dict[str, Patient], typed: str, expected: set[str]
):
    found = {p.id for p in records_store.search_patients(typed)}
    assert found == {people[k].id for k in expected}


def test_empty_search_lists_the_most_recently_changed_first(records_store: Store, people):
    records_store.update_patient(people["lukas"].id, given_names="Jan Paweł")
    listed = records_store.search_patients("   ")
    assert listed[0].id == people["lukas"].id
    assert listed[1].id == people["strasse"].id
    assert len(records_store.search_patients("", limit=2)) == 2


def test_search_follows_edits(records_store: Store, people):
    records_store.update_patient(people["zoe"].id, family_name="Martin")
    assert records_store.search_patients("lefevre") == ()
    assert [p.id for p in records_store.search_patients("martin")] == [people["zoe"].id]


def test_search_limit(records_store: Store):
    for i in range(30):
        records_store.add_patient(f"L-{i}", "Same", "", date(1970, 1, 1), "male")
    assert len(records_store.search_patients("same", limit=7)) == 7


@FIXTURE_SETTINGS
@given(typed=st.text(alphabet=st.characters(exclude_categories=()), max_size=60))
def test_search_accepts_anything_typed(records_store: Store, people, typed: str):
    assert len(records_store.search_patients(typed)) <= 50
