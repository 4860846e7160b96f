"""The risk panel shows what the leaflet shows: what makes a risk more likely, emphasised for
this patient, and how the figure changes over time."""

from datetime import date

import pytest

from consultaid.ui.risk_panel import RiskRow


@pytest.fixture
def record_window(open_window, store):
    patient = store.add_patient(
        mrn="MRN-RISK",
        family_name="Okafor",
        given_names="Ada",
        date_of_birth=date(1964, 2, 9),
        sex="female",
    )
    win = open_window(store)
    win.start_consultation(patient.id)
    return win


def emphasised(row: RiskRow) -> list[str]:
    return [m.text for m in row.applying]


def test_every_more_likely_sentence_is_shown_and_the_patients_own_are_marked(record_window):
    record_window.walkthrough.go_to(1)  # the incision step: swallowing, bleeding, infection
    row = record_window.risk_panel.rows["dysphagia-early"]
    text = row.more_likely.text()
    for entry in row.risk.more_likely:
        assert entry.text in text
    women = "It is more likely in women."
    assert emphasised(row) == [women]  # the patient record says female; nothing else recorded
    assert f"<b>▲ {women}</b>" in text
    assert "<b>▲ It is more likely in people who smoke." not in text


def test_a_recorded_factor_emphasises_its_sentence_at_once(record_window):
    record_window.walkthrough.go_to(1)
    row = record_window.risk_panel.rows["infection"]
    assert emphasised(row) == []
    record_window.candidacy_panel.checks["smoking"].click()
    assert emphasised(row) == [row.risk.more_likely[0].text]
    assert "<b>▲ Smoking makes infection more likely." in row.more_likely.text()
    bleeding = record_window.risk_panel.rows["haematoma"]
    assert emphasised(bleeding) == []  # smoking is not shown for bleeding (CONTENT.md §2c)


def test_the_plate_and_the_levels_choose_the_non_union_figure(record_window):
    record_window.walkthrough.go_to(3)
    row = record_window.risk_panel.rows["non-union"]
    record_window.candidacy_panel.checks["plate-used"].click()
    assert any("one level and a plate" in t for t in emphasised(row))
    record_window.candidacy_panel.checks["plate-used"].click()
    assert any("one level and no plate" in t for t in emphasised(row))


def test_the_figures_over_time_are_shown(record_window):
    record_window.walkthrough.go_to(1)
    early = record_window.risk_panel.rows["dysphagia-early"]
    assert "Over time: 1 month: about 54 in 100 · 2 months: about 34 in 100" in early.detail.text()
    record_window.walkthrough.go_to(4)
    lasting = record_window.risk_panel.rows["dysphagia-persistent"]
    assert lasting.isVisible() or not record_window.isVisible()
    assert "12 months: about 15 in 100 · 24 months: about 14 in 100" in lasting.detail.text()
