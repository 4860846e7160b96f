"""The loader refuses a pack that breaks the content policy, with one message naming the fix.

Each test edits one thing in a copy of the bundled pack; the bundled pack itself loads (other
tests), so each refusal comes from the check the test names.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from consultaid.content import load_procedure
from consultaid.errors import ContentError


def edit(pack: Path, old: str, new: str) -> None:
    toml = pack / "procedure.toml"
    text = toml.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"the pack should hold {old!r} exactly once"
    toml.write_text(text.replace(old, new), encoding="utf-8")


def append(pack: Path, text: str) -> None:
    toml = pack / "procedure.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")


def refusal(pack: Path) -> str:
    with pytest.raises(ContentError) as info:
        load_procedure(pack)
    message = str(info.value)
    assert message.startswith(str(pack / "procedure.toml")), message
    assert "\n" not in message.strip(), "one message, one line"
    return message


HAEMATOMA_RANGE = 'high_percent = 1.2\nsource = "Y1"\ntime_frame = "in the first day'
HAEMATOMA_TIME = 'time_frame = "in the first day or a few days later"\n'


def test_a_figure_above_its_range_is_refused(pack_copy: Path):
    edit(pack_copy, HAEMATOMA_RANGE, HAEMATOMA_RANGE.replace("1.2", "0.8"))
    message = refusal(pack_copy)
    assert "risks 'haematoma'" in message and "outside its reported range 0.4-0.8%" in message


def test_a_risk_without_a_time_frame_is_refused(pack_copy: Path):
    edit(pack_copy, HAEMATOMA_TIME, "")
    message = refusal(pack_copy)
    assert "risks 'haematoma'" in message and "no time frame" in message


def test_a_journal_source_without_pmid_or_doi_must_say_so(pack_copy: Path):
    edit(pack_copy, 'pmid = "17436916"\n', "")
    message = refusal(pack_copy)
    assert "sources 'FR1'" in message and "identifier_verified = false" in message


def test_an_unverified_citation_must_be_complete(pack_copy: Path):
    edit(
        pack_copy,
        'journal = "J Spine Surg"\nyear = 2020\nvolume = "6"\nissue = "1"\npages = "302-322"\n',
        'year = 2020\nvolume = "6"\nissue = "1"\npages = "302-322"\n',
    )
    message = refusal(pack_copy)
    assert "sources 'Y1'" in message and "journal missing" in message


def test_an_identifier_marked_unverified_is_refused(pack_copy: Path):
    edit(pack_copy, 'pmid = "17436916"\n', 'pmid = "17436916"\nidentifier_verified = false\n')
    assert "sources 'FR1'" in refusal(pack_copy)


def test_a_guideline_needs_its_issuing_body(pack_copy: Path):
    edit(pack_copy, 'issuer = "National Institute for Health and Care Excellence, London"\n', "")
    message = refusal(pack_copy)
    assert "sources 'NICE1'" in message and "issuing body" in message


@pytest.mark.parametrize(
    "url",
    [
        "https://www.scribd.com/document/683912124",
        "https://docksci.com/risk-factors.html",
        "https://www.sciencegate.app/document/10.21037/jss-20-506",
        "https://www.healthline.com/health/acdf-complications",
        "https://en.wikipedia.org/wiki/Myelopathy",
        "https://www.researchgate.net/publication/1",
        "https://www.medrxiv.org/content/1",
        "https://www.biorxiv.org/content/1",
    ],
)
def test_a_source_on_a_clinic_wiki_sharing_or_preprint_site_is_refused(pack_copy: Path, url):
    edit(pack_copy, 'pmid = "17436916"\n', f'pmid = "17436916"\nurl = "{url}"\n')
    message = refusal(pack_copy)
    assert "sources 'FR1'" in message and "not a source" in message


def test_a_retired_source_id_is_refused(pack_copy: Path):
    append(pack_copy, '[[sources]]\nid = "MS1"\ntitle = "A registry abstract"\npmid = "1"\n')
    message = refusal(pack_copy)
    assert "sources 'MS1'" in message and "retired" in message


def test_a_retired_source_cited_in_a_talking_point_is_refused(pack_copy: Path):
    edit(pack_copy, "Neck swelling 11% [T1].", "Neck swelling 11% [T1], [MS1].")
    message = refusal(pack_copy)
    assert "steps 'incision'" in message and "[MS1]" in message and "retired" in message


def test_the_retired_smoking_fusion_risk_is_refused(pack_copy: Path):
    edit(pack_copy, 'id = "worse-despite-surgery"\nname', 'id = "smoking-fusion"\nname')
    edit(pack_copy, '"dysphagia-persistent", "worse-despite-surgery"]', '"smoking-fusion"]')
    message = refusal(pack_copy)
    assert "risks 'smoking-fusion'" in message and "retired" in message


BENEFIT = """
[[benefits]]
id = "extra"
title = "Extra"
patient_text = "Text."
sources = {sources}
"""
FIGURE = """[benefits.figure]
about = 50
per = 100
low_percent = 40.0
high_percent = 60.0
time_frame = "1 year after surgery"
source = "MC1"
"""


def test_a_benefit_without_a_figure_is_refused(pack_copy: Path):
    append(pack_copy, BENEFIT.format(sources='["MC1"]'))
    message = refusal(pack_copy)
    assert "benefits 'extra'" in message and "no figure" in message


def test_a_benefit_whose_figure_has_no_source_is_refused(pack_copy: Path):
    append(pack_copy, BENEFIT.format(sources="[]") + FIGURE)
    message = refusal(pack_copy)
    assert "benefits 'extra'" in message and "'MC1' is not in the benefit's sources" in message


def test_a_benefit_figure_outside_its_range_is_refused(pack_copy: Path):
    append(
        pack_copy, BENEFIT.format(sources='["MC1"]') + FIGURE.replace("about = 50", "about = 70")
    )
    assert "outside its reported range" in refusal(pack_copy)


def test_a_condition_on_a_fact_not_recorded_is_refused(pack_copy: Path):
    edit(pack_copy, "when = { antithrombotic = true }", "when = { blood-thinners = true }")
    message = refusal(pack_copy)
    assert "risks 'haematoma'" in message and "'blood-thinners'" in message


def test_a_condition_on_a_choice_that_does_not_exist_is_refused(pack_copy: Path):
    edit(
        pack_copy, 'when = { mri-signal = "t2-t1" }\ntext', 'when = { mri-signal = "t2_t1" }\ntext'
    )
    message = refusal(pack_copy)
    assert "steps 'condition'" in message and "none, t2-only, t2-t1" in message


def test_a_slot_without_a_fallback_is_refused(pack_copy: Path):
    edit(
        pack_copy,
        'slot = "mri"\nfallback = true\n',
        'slot = "mri"\nwhen = { mri-signal = "none" }\n',
    )
    message = refusal(pack_copy)
    assert "steps 'condition'" in message and "{mri} has no fallback" in message


def test_a_variant_for_a_slot_the_text_lacks_is_refused(pack_copy: Path):
    edit(pack_copy, "At {levels}, worn discs", "At {levels}, the worn discs")
    edit(pack_copy, "\n\n{mri}\n\n", "\n\n")
    message = refusal(pack_copy)
    assert "steps 'condition'" in message and "fills {mri}" in message
