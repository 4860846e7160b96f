"""The pack's text chosen for one patient: MRI variants, "more likely" entries, benefits."""

from __future__ import annotations

import pytest

from consultaid.content import load_procedure
from consultaid.content.model import Condition, MoreLikely, Risk
from consultaid.content.selection import (
    benefit_text,
    benefits_for,
    holds,
    more_likely_for,
    step_text,
)


@pytest.fixture(scope="module")
def procedure():
    return load_procedure()


def test_no_mri_finding_recorded_says_so_and_never_says_soft(procedure):
    text = step_text(procedure, "condition", {}, levels_text="C5-C6")
    assert "not been written down" in text
    assert "soft" not in text and "{mri}" not in text and "C5-C6" in text


@pytest.mark.parametrize(
    ("answers", "present", "absent"),
    [
        ({"mri-signal": "none"}, "does not show any change", "bright area"),
        ({"mri-signal": "t2-only"}, "about as well", "more than one level"),
        (
            {"mri-signal": "t2-only", "t2-multisegmental": True},
            "more than one level",
            "two kinds of scan",
        ),
        ({"mri-signal": "t2-t1"}, "two kinds of scan", "about as well"),
    ],
)
def test_the_condition_text_follows_the_recorded_mri_finding(procedure, answers, present, absent):
    text = step_text(procedure, "condition", answers)
    assert present in text and absent not in text
    assert "not been written down" not in text and "soft" not in text


def test_steps_without_variants_read_as_written(procedure):
    step = procedure.step("decompression")
    text = step_text(procedure, "decompression", {"mri-signal": "t2-t1"}, levels_text="C6-C7")
    assert text == step.patient_text.replace("{levels}", "C6-C7")


def risk_with(*entries: MoreLikely) -> Risk:
    base = load_procedure().risks[0]
    return Risk(
        id="r",
        name="R",
        explanation="",
        frequency=base.frequency,
        more_likely=entries,
        sources=base.sources,
    )


def test_more_likely_entries_apply_only_when_their_factors_are_recorded():
    general = MoreLikely("Anyone.")
    smoking = MoreLikely("Smoking.", (Condition("smoking", "is", True),))
    no_plate_one_level = MoreLikely(
        "One level, no plate.",
        (Condition("plate-used", "is", False), Condition("levels", "is", 1)),
    )
    female = MoreLikely("Women.", (Condition("sex", "is", "female"),))
    older = MoreLikely("Older.", (Condition("age", "over", 65),))
    risk = risk_with(general, smoking, no_plate_one_level, female, older)
    assert more_likely_for(risk, {}) == ()
    assert more_likely_for(risk, {"smoking": True}) == (smoking,)
    assert more_likely_for(risk, {"smoking": False}) == ()
    assert more_likely_for(risk, {"plate-used": False}, levels=("C5-C6",)) == (no_plate_one_level,)
    assert more_likely_for(risk, {"plate-used": False}, levels=("C5-C6", "C6-C7")) == ()
    assert more_likely_for(risk, {}, sex="female", age=70) == (female, older)
    assert more_likely_for(risk, {}, sex="male", age=65) == ()


def test_a_missing_answer_never_satisfies_a_condition():
    assert not holds(Condition("plate-used", "is", False), {})
    assert not holds(Condition("symptom-months", "at-most", 4), {"symptom-months": None})
    assert holds(Condition("level", "is", "C3-C4"), {"level": ("C3-C4", "C4-C5")})


def test_benefits_follow_the_band_and_the_symptom_duration(procedure):
    everyone = benefits_for(procedure, {})
    assert everyone and all(not b.when for b in everyone)
    early = benefit_text(procedure, everyone[0], {"symptom-months": 3})
    late = benefit_text(procedure, everyone[0], {"symptom-months": 9})
    unknown = benefit_text(procedure, everyone[0], {})
    assert "4 months ago or less" in early and "more than 4 months" in late
    assert "4 months" not in unknown and "{" not in unknown


def test_bundled_more_likely_follows_recorded_factors(procedure):
    non_union = procedure.risk("non-union")
    assert more_likely_for(non_union, {}) == ()
    smoking = more_likely_for(non_union, {"smoking": True})
    assert [m.text for m in smoking] and all("mok" in m.text for m in smoking)
    [one_level] = more_likely_for(non_union, {"plate-used": False}, levels=("C5-C6",))
    assert "8 in 100" in one_level.text
    [two_levels] = more_likely_for(non_union, {"plate-used": True}, levels=("C5-C6", "C6-C7"))
    assert "5 in 100" in two_levels.text


def test_smoking_is_not_shown_for_bleeding(procedure):
    haematoma = procedure.risk("haematoma")
    assert more_likely_for(haematoma, {"smoking": True}) == ()
    assert not any("smok" in m.text.lower() for m in haematoma.more_likely)
    assert more_likely_for(haematoma, {"antithrombotic": True})


def test_the_mild_and_severe_benefits_follow_the_mjoa_band(procedure):
    def ids(answers):
        return {b.id for b in benefits_for(procedure, answers)}

    mild = {"mjoa.motor-upper": 5, "mjoa.motor-lower": 6, "mjoa.sensory-upper": 3}
    mild["mjoa.sphincter"] = 2
    severe = {**mild, "mjoa.motor-lower": 1, "mjoa.sensory-upper": 1, "mjoa.sphincter": 1}
    assert "mild-symptoms" in ids(mild) and "severe-symptoms" not in ids(mild)
    assert "severe-symptoms" in ids(severe) and "mild-symptoms" not in ids(severe)
    unscored = ids({})
    assert "mild-symptoms" not in unscored and "severe-symptoms" not in unscored
    assert "without-surgery" in unscored
    assert {b.id for b in benefits_for(procedure, {}, band="mild")} >= {"mild-symptoms"}
