"""The bundled pack loads completely; another pack loads from a path; the version is a real hash."""

import dataclasses
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from consultaid.content import content_version, load_procedure
from consultaid.levels import LEVELS

STEP_IDS = ("condition", "incision", "decompression", "implant-graft", "recovery")


def test_bundled_pack_has_the_fixed_steps_in_order():
    p = load_procedure()
    assert tuple(s.id for s in p.steps) == STEP_IDS
    assert p.id == "mis-cervical-stabilization"


def test_bundled_pack_has_all_nineteen_risks_each_with_a_source():
    p = load_procedure()
    assert len(p.risks) == 19
    source_ids = {s.id for s in p.sources}
    for risk in p.risks:
        assert risk.sources, risk.id
        assert set(risk.sources) <= source_ids
        assert risk.frequency.source in risk.sources


def test_every_risk_belongs_to_a_step():
    p = load_procedure()
    on_steps = {r for s in p.steps for r in s.risks}
    assert on_steps == {r.id for r in p.risks}


def test_steps_have_patient_text_talking_points_and_an_existing_illustration():
    p = load_procedure()
    for step in p.steps:
        assert len(step.paragraphs()) >= 1
        assert step.talking_points
        assert p.illustration_path(step.id).is_file()


def test_summary_names_the_levels():
    p = load_procedure()
    assert "{levels}" in p.summary
    assert "C6-C7" in p.summary_text("C6-C7")


def test_mjoa_totals_eighteen_and_bands_match_content_guide():
    m = load_procedure().mjoa
    assert [i.max_points for i in m.items] == [5, 7, 3, 3]
    bands = {b.id: (b.low, b.high) for b in m.bands}
    assert bands["mild"] == (15, 17)
    assert bands["moderate"] == (12, 14)
    assert bands["severe"] == (0, 11)


def test_nurick_and_asa_scales_are_complete():
    p = load_procedure()
    assert [g.grade for g in p.nurick.grades] == ["0", "1", "2", "3", "4", "5"]
    assert [g.grade for g in p.asa.grades] == ["I", "II", "III", "IV", "V", "VI"]


def test_alternatives_include_no_treatment_and_nonsurgical_care():
    ids = {a.id for a in load_procedure().alternatives}
    assert {"no-treatment", "nonsurgical-care"} <= ids


def test_every_citation_has_an_identifier_or_says_what_was_not_verified():
    for source in load_procedure().sources:
        if source.kind == "journal":
            assert source.pmid or source.doi or source.unverified, source.id
        else:
            assert source.issuer, source.id
        assert "http" not in source.citation(), source.id


def test_content_version_is_sha256_over_the_files_in_fixed_order(pack_copy: Path):
    digest = hashlib.sha256()
    for file in sorted(p for p in pack_copy.rglob("*") if p.is_file()):
        digest.update(file.relative_to(pack_copy).as_posix().encode() + b"\0")
        digest.update(file.read_bytes() + b"\0")
    assert content_version(pack_copy) == digest.hexdigest()
    assert load_procedure(pack_copy).content_version == digest.hexdigest()
    assert load_procedure().content_version == digest.hexdigest()


def test_editing_a_pack_changes_its_version(pack_copy: Path):
    before = load_procedure(pack_copy).content_version
    toml = pack_copy / "procedure.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    after = load_procedure(pack_copy / "procedure.toml").content_version
    assert after != before


def test_load_procedure_returns_frozen_dataclasses():
    p = load_procedure()
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.steps[0].title = "changed"  # type: ignore[misc]


def test_candidacy_raises_only_real_risks():
    p = load_procedure()
    risk_ids = {r.id for r in p.risks}
    for factor in p.candidacy:
        assert set(factor.raises) <= risk_ids


def test_level_names_follow_the_design():
    assert LEVELS[0] == "C3-C4" and LEVELS[-1] == "C7-T1"


def test_importing_content_does_not_load_qt_reportlab_or_svglib():
    code = (
        "import sys, consultaid.content; "
        "bad = [m for m in ('PySide6', 'reportlab', 'svglib') if m in sys.modules]; "
        "print(','.join(bad))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == ""


def test_a_broken_pack_is_never_served_from_the_cache(pack_copy: Path):
    from consultaid.errors import ContentError

    load_procedure(pack_copy)
    (pack_copy / "illustrations" / "recovery.svg").unlink()
    with pytest.raises(ContentError, match="does not exist"):
        load_procedure(pack_copy)


def test_the_bundled_pack_has_every_word_its_pictures_draw():
    labels = load_procedure().illustration_labels
    assert labels is not None
    assert labels.implant_graft.fusion == ("Bones grow together", "over months")
    assert labels.heading("C5-C6", 1) == "Level C5-C6"
    assert labels.heading("C5-C6 and C6-C7", 2) == "Levels C5-C6 and C6-C7"
