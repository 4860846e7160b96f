"""Every risk figure in the pack is the one CONTENT.md gives, and reads the same way everywhere.

The table below was checked by hand against CONTENT.md v2 §2b: the representative figure, its
denominator, the reported range (percent) and the source of the figure. A change to the pack's
numbers must change this table too, on purpose.
"""

import pytest

from consultaid.content import format_frequency, format_range, load_procedure
from consultaid.content.figures import icon_count

EXPECTED = {
    "overall-complications": (16, 100, 13.2, 19.3, "T1"),
    "neck-swelling": (11, 100, 11.0, 11.0, "T1"),
    "dysphagia-early": (54, 100, 34.5, 71.0, "L1"),
    "dysphagia-persistent": (15, 100, 13.0, 21.0, "L1"),
    "hoarseness": (2, 100, 0.9, 3.41, "T1"),
    "dural-tear": (5, 1000, 0.24, 1.7, "Y1"),
    "infection": (1, 100, 1.0, 2.3, "Y1"),
    "haematoma": (1, 100, 0.4, 1.2, "Y1"),
    "oesophageal-perforation": (2, 1000, 0.02, 0.9, "Y1"),
    "vertebral-artery": (0.2, 1000, 0.02, 0.5, "VA2"),
    "c5-palsy": (3, 100, 3.0, 3.3, "C51"),
    "neurological-deficit": (1, 100, 0.2, 3.3, "A1"),
    "non-union": (10, 100, 2.0, 35.0, "T1"),
    "hardware-subsidence": (21, 100, 0.0, 83.0, "ND1"),
    "adjacent-segment": (1.4, 100, 0.0, 4.8, "AS1"),
    "horner": (4, 1000, 0.02, 4.0, "Y1"),
    "anaesthesia": (3, 100, 1.1, 3.0, "A1"),
    "death": (1, 1000, 0.1, 0.1, "T1"),
    "worse-despite-surgery": (12, 100, 11.9, 12.4, "NR2"),
}


@pytest.mark.parametrize(("risk_id", "expected"), EXPECTED.items())
def test_risk_figure_matches_the_content_guide(risk_id, expected):
    f = load_procedure().risk(risk_id).frequency
    assert (f.about, f.per, f.low_percent, f.high_percent, f.source) == pytest.approx(expected)


def test_the_table_covers_every_risk():
    assert {r.id for r in load_procedure().risks} == set(EXPECTED)


def test_rare_risks_use_one_in_a_thousand_and_common_ones_one_in_a_hundred():
    for risk in load_procedure().risks:
        assert risk.frequency.per == (1000 if risk.category == "rare" else 100), risk.id


def test_wording_of_figures():
    p = load_procedure()
    assert format_frequency(p.risk("dysphagia-early").frequency) == "about 54 in 100"
    assert format_frequency(p.risk("vertebral-artery").frequency) == "fewer than 1 in 1,000"
    assert format_frequency(p.risk("death").frequency) == "about 1 in 1,000"
    assert format_range(p.risk("dysphagia-early").frequency) == "reported 34 to 71 in 100"
    assert format_range(p.risk("oesophageal-perforation").frequency) == (
        "reported 0.2 to 9 in 1,000"
    )
    assert format_range(p.risk("neck-swelling").frequency) == "reported 11 in 100"


def test_icon_arrays_only_for_risks_of_one_in_a_hundred_or_more():
    p = load_procedure()
    assert icon_count(p.risk("dysphagia-early").frequency) == 54
    assert icon_count(p.risk("death").frequency) is None
    assert icon_count(p.risk("horner").frequency) is None


def test_every_representative_figure_lies_inside_its_range_and_has_a_time_frame():
    for risk in load_procedure().risks:
        f = risk.frequency
        percent = f.about * 100 / f.per
        assert f.low_percent <= percent <= f.high_percent, risk.id
        assert f.time_frame, risk.id


def test_swallowing_figures_over_time_come_from_one_measure():
    p = load_procedure()
    early = p.risk("dysphagia-early").frequency.time_points
    late = p.risk("dysphagia-persistent").frequency.time_points
    assert [(t.when, t.percent) for t in early + late] == [
        ("1 month", 54.0),
        ("2 months", 33.6),
        ("6 months", 18.6),
        ("12 months", 15.2),
        ("24 months", 13.6),
    ]
