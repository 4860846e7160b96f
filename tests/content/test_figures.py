"""Every risk figure in the pack is the one CONTENT.md gives, and reads the same way everywhere.

The table below was checked by hand against CONTENT.md §1b: the representative figure, its
denominator, the reported range (percent) and the source of the figure. A change to the pack's
numbers must change this table too, on purpose.
"""

import pytest

from consultaid.content import format_frequency, format_range, load_procedure
from consultaid.content.figures import icon_count

EXPECTED = {
    "dysphagia-early": (10, 100, 1.7, 69.0, "T1"),
    "dysphagia-persistent": (15, 100, 13.6, 35.1, "L1"),
    "hoarseness": (2, 100, 0.9, 11.0, "T1"),
    "dural-tear": (1, 100, 0.24, 3.66, "N1"),
    "infection": (1, 100, 1.0, 2.3, "Y1"),
    "haematoma": (1, 100, 0.4, 5.6, "MS1"),
    "oesophageal-perforation": (2, 1000, 0.02, 1.52, "Y1"),
    "vertebral-artery": (0.2, 1000, 0.02, 0.084, "VA2"),
    "c5-palsy": (3, 100, 3.3, 3.3, "C51"),
    "neurological-deficit": (8, 100, 0.2, 7.7, "T1"),
    "non-union": (10, 100, 2.0, 10.0, "T1"),
    "smoking-fusion": (50, 100, 24.0, 50.0, "HS1"),
    "hardware-subsidence": (9, 100, 0.1, 34.0, "T1"),
    "adjacent-segment": (3, 100, 0.0, 4.8, "HI1"),
    "horner": (6, 1000, 0.06, 4.8, "H1"),
    "anaesthesia": (1, 100, 0.0, 14.0, "E1"),
    "death": (1, 1000, 0.1, 0.1, "T1"),
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
    assert format_frequency(p.risk("dysphagia-early").frequency) == "about 10 in 100"
    assert format_frequency(p.risk("vertebral-artery").frequency) == "fewer than 1 in 1,000"
    assert format_frequency(p.risk("death").frequency) == "about 1 in 1,000"
    assert format_range(p.risk("dysphagia-early").frequency) == "reported 1.7 to 69 in 100"
    assert format_range(p.risk("oesophageal-perforation").frequency) == (
        "reported 0.2 to 15 in 1,000"
    )
    assert format_range(p.risk("c5-palsy").frequency) == "reported 3.3 in 100"


def test_icon_arrays_only_for_risks_of_one_in_a_hundred_or_more():
    p = load_procedure()
    assert icon_count(p.risk("dysphagia-early").frequency) == 10
    assert icon_count(p.risk("death").frequency) is None
    assert icon_count(p.risk("horner").frequency) is None
