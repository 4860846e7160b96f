"""The candidacy rules at every band boundary and for every rule in the pack."""

from datetime import date

import pytest

from consultaid import assessment as a
from consultaid.content import load_procedure
from consultaid.content.model import CandidacyFactor
from consultaid.errors import InputError


@pytest.fixture(scope="module")
def procedure():
    return load_procedure()


def answers_for_total(procedure, total: int) -> dict:
    """mJOA answers that add up to `total`, filling items in order."""
    out = {}
    left = total
    for item in procedure.mjoa.items:
        points = min(item.max_points, left)
        out[a.mjoa_key(item.id)] = points
        left -= points
    assert left == 0
    return out


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "severe"),
        (11, "severe"),
        (12, "moderate"),
        (14, "moderate"),
        (15, "mild"),
        (17, "mild"),
        (18, "normal"),
    ],
)
def test_mjoa_bands_at_every_boundary(procedure, total, band):
    result = a.mjoa_result(procedure.mjoa, answers_for_total(procedure, total))
    assert result is not None
    assert result.total == total
    assert result.band.id == band


def test_mjoa_is_incomplete_until_every_item_is_scored(procedure):
    answers = answers_for_total(procedure, 16)
    answers.pop(a.mjoa_key(procedure.mjoa.items[-1].id))
    assert a.mjoa_result(procedure.mjoa, answers) is None
    prompts = a.candidacy_prompts(procedure, answers)
    assert not [p for p in prompts if p.kind == "guideline"]


def test_mjoa_rejects_a_score_the_item_does_not_have(procedure):
    answers = answers_for_total(procedure, 18)
    answers[a.mjoa_key(procedure.mjoa.items[0].id)] = 9
    with pytest.raises(InputError):
        a.mjoa_result(procedure.mjoa, answers)


@pytest.mark.parametrize("total", [11, 12, 14, 15, 17, 18])
def test_guideline_prompt_quotes_the_band_wording_with_its_source(procedure, total):
    prompts = a.candidacy_prompts(procedure, answers_for_total(procedure, total))
    guideline = [p for p in prompts if p.kind == "guideline"]
    assert len(guideline) == 1
    band = a.mjoa_band(procedure.mjoa, total)
    assert band.guidance in guideline[0].text
    assert guideline[0].sources == band.sources


def test_mild_and_moderate_guidance_differ(procedure):
    assert a.mjoa_band(procedure.mjoa, 15).guidance != a.mjoa_band(procedure.mjoa, 14).guidance


def test_nonsurgical_note_when_nothing_is_recorded(procedure):
    kinds = [p.kind for p in a.candidacy_prompts(procedure, {})]
    assert "nonsurgical" in kinds
    recorded = {a.NONSURGICAL_KINDS: ["Medication"], a.NONSURGICAL_MONTHS: 4}
    assert "nonsurgical" not in [p.kind for p in a.candidacy_prompts(procedure, recorded)]
    none_tried = {a.NONSURGICAL_KINDS: [], a.NONSURGICAL_MONTHS: 0}
    assert "nonsurgical" not in [p.kind for p in a.candidacy_prompts(procedure, none_tried)]


BOOLEAN_RULES = {  # CONTENT.md v2 §4 and CONTENT-CHANGES "Candidacy"
    "smoking": {"non-union", "infection"},
    "previous-anterior-neck-surgery": {"hoarseness"},
    "antithrombotic": {"haematoma"},
    "osteoporosis": {"hardware-subsidence"},
    "opll": {"dural-tear", "haematoma"},
}


@pytest.mark.parametrize(("factor", "risks"), BOOLEAN_RULES.items())
def test_each_recorded_factor_raises_its_risks(procedure, factor, risks):
    raised = a.raised_risks(procedure, {factor: True})
    assert risks <= set(raised)
    label = procedure.factor(factor).label
    assert all(label in raised[r] for r in risks)
    assert a.raised_risks(procedure, {factor: False}) == {}


def test_smoking_no_longer_raises_bleeding_and_kyphosis_raises_nothing(procedure):
    assert "haematoma" not in a.raised_risks(procedure, {"smoking": True})
    assert a.raised_risks(procedure, {"kyphosis": True}) == {}


def test_more_than_one_level_raises_dysphagia_and_non_union(procedure):
    assert a.raised_risks(procedure, {}, levels=("C5-C6",)) == {}
    raised = a.raised_risks(procedure, {}, levels=("C5-C6", "C6-C7"))
    assert {"dysphagia-early", "dysphagia-persistent", "non-union"} <= set(raised)


def test_age_over_65_raises_haematoma_and_general_risks(procedure):
    assert a.raised_risks(procedure, {}, age=65) == {}
    raised = a.raised_risks(procedure, {}, age=66)
    assert {"haematoma", "anaesthesia"} <= set(raised)


def test_asa_3_or_higher_raises_haematoma_and_general_risks(procedure):
    assert a.raised_risks(procedure, {a.ASA: "II"}) == {}
    for grade in ("III", "IV"):
        raised = a.raised_risks(procedure, {a.ASA: grade})
        assert {"haematoma", "anaesthesia"} <= set(raised)


def test_raised_prompts_name_the_risk_and_the_factor(procedure):
    prompts = a.candidacy_prompts(procedure, {"smoking": True, a.NONSURGICAL_MONTHS: 3})
    raised = [p for p in prompts if p.kind == "raised"]
    assert {p.risk_ids[0] for p in raised} >= {"non-union", "infection"}
    assert all("Smokes" in p.text for p in raised)


def test_age_on_counts_whole_years():
    assert a.age_on(date(1960, 6, 15), date(2026, 6, 14)) == 65
    assert a.age_on(date(1960, 6, 15), date(2026, 6, 15)) == 66
    assert a.age_on(date(2000, 2, 29), date(2026, 2, 28)) == 25
    with pytest.raises(InputError):
        a.age_on(date(2030, 1, 1), date(2026, 1, 1))


def test_bmi_from_height_and_weight():
    assert a.bmi(180, 81) == 25.0
    assert a.bmi(None, 80) is None
    assert a.bmi(170, None) is None


@pytest.mark.parametrize(("factor", "value"), [("height", 20), ("height", 400), ("weight", 3)])
def test_out_of_range_numbers_are_refused_with_the_range(procedure, factor, value):
    with pytest.raises(InputError, match="outside the range"):
        a.check_number(procedure.factor(factor), value)


def test_in_range_numbers_pass(procedure):
    assert a.check_number(procedure.factor("height"), 172) == 172


def factor(minimum=None, maximum=None, unit="kg") -> CandidacyFactor:
    return CandidacyFactor(
        "weight", "Weight", "number", "", unit=unit, minimum=minimum, maximum=maximum
    )


def test_a_factor_with_only_a_minimum_is_checked_against_it():
    only_min = factor(minimum=25)
    assert a.check_number(only_min, 25) == 25
    assert a.check_number(only_min, 10_000) == 10_000
    with pytest.raises(InputError) as info:
        a.check_number(only_min, 3)
    assert str(info.value) == (
        "Weight: 3 kg is outside the range this form accepts (25 kg or more). Check the number."
    )


def test_a_factor_with_only_a_maximum_is_checked_against_it():
    only_max = factor(maximum=350)
    assert a.check_number(only_max, 350) == 350
    assert a.check_number(only_max, -5) == -5
    with pytest.raises(InputError) as info:
        a.check_number(only_max, 400)
    assert str(info.value) == (
        "Weight: 400 kg is outside the range this form accepts (350 kg or less). Check the number."
    )


def test_a_factor_without_bounds_takes_any_number():
    assert a.check_number(factor(unit=""), -1e9) == -1e9
    assert a.accepted_range(factor(unit="")) == ""


def test_both_bounds_are_named_with_the_unit(procedure):
    with pytest.raises(InputError, match=r"\(25–350 kg\)"):
        a.check_number(procedure.factor("weight"), 3)
    assert a.accepted_range(factor(minimum=0, maximum=600, unit="months")) == "0–600 months"
    assert a.accepted_range(factor(minimum=18.5, unit="")) == "18.5 or more"


def test_a_pack_factor_with_one_bound_is_checked(pack_copy):
    toml = pack_copy / "procedure.toml"
    text = toml.read_text(encoding="utf-8")
    old = 'unit = "kg"\nminimum = 25\nmaximum = 350\n'
    assert old in text
    toml.write_text(text.replace(old, 'unit = "kg"\nmaximum = 350\n'), encoding="utf-8")
    weight = load_procedure(pack_copy).factor("weight")
    assert a.check_number(weight, 1) == 1
    with pytest.raises(InputError, match=r"\(350 kg or less\)"):
        a.check_number(weight, 351)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_nan_and_infinity_are_not_numbers_even_without_bounds(value):
    with pytest.raises(InputError, match="is not a number"):
        a.check_number(factor(), value)
