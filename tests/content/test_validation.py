"""A broken hand-edited pack fails with one message naming the file, the entry and the fix."""

import re
from pathlib import Path

import pytest

from consultaid.content import load_procedure
from consultaid.content.required import REQUIRED_FACTORS, FactorSpec
from consultaid.errors import ContentError

RISK = """
[[risks]]
id = "{id}"
name = "Test risk"
category = "common"
explanation = "A test."
more_likely = [{{ text = "Nothing." }}]
sources = {sources}
[risks.frequency]
about = 2
per = 100
low_percent = 1.0
high_percent = 3.0
source = "{figure_source}"
time_frame = "in the first year"
"""


def append(pack: Path, text: str) -> None:
    toml = pack / "procedure.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")


def first_source_id(pack: Path) -> str:
    return load_procedure(pack).sources[0].id


def load_error(pack: Path) -> str:
    with pytest.raises(ContentError) as info:
        load_procedure(pack)
    message = str(info.value)
    assert str(pack / "procedure.toml") in message, message
    assert "\n" not in message.strip(), "one message, one line"
    return message


def test_toml_syntax_error_names_the_line(pack_copy: Path):
    toml = pack_copy / "procedure.toml"
    lines = toml.read_text(encoding="utf-8").splitlines()
    lines.insert(2, 'broken = "no closing quote')
    toml.write_text("\n".join(lines), encoding="utf-8")
    message = load_error(pack_copy)
    assert "line 3" in message
    assert "syntax" in message.lower()


def test_step_naming_an_unknown_risk(pack_copy: Path):
    append(
        pack_copy,
        '[[steps]]\nid = "extra"\ntitle = "Extra"\npatient_text = "Text."\n'
        'talking_points = ["x"]\nillustration = "illustrations/condition.svg"\n'
        'risks = ["no-such-risk"]\n',
    )
    message = load_error(pack_copy)
    assert "steps 'extra'" in message and "'no-such-risk'" in message
    assert "Add it or correct the id" in message


def test_risk_without_a_source(pack_copy: Path):
    append(pack_copy, RISK.format(id="unsourced", sources="[]", figure_source="T1"))
    message = load_error(pack_copy)
    assert "risks 'unsourced'" in message and "no source" in message


def test_source_id_that_nothing_defines(pack_copy: Path):
    append(pack_copy, RISK.format(id="orphan", sources='["NOPE9"]', figure_source="NOPE9"))
    message = load_error(pack_copy)
    assert "risks 'orphan'" in message and "'NOPE9'" in message
    assert "[[sources]]" in message


def test_duplicate_id(pack_copy: Path):
    dup = first_source_id(pack_copy)
    append(pack_copy, f'[[sources]]\nid = "{dup}"\ntitle = "Again"\nurl = "https://example.org"\n')
    message = load_error(pack_copy)
    assert f"sources '{dup}'" in message and "used twice" in message


def test_missing_illustration_file(pack_copy: Path):
    illustration = load_procedure(pack_copy).step("recovery").illustration
    (pack_copy / illustration).unlink()
    message = load_error(pack_copy)
    assert "steps 'recovery'" in message and illustration in message
    assert "does not exist" in message


def test_broken_illustration_file(pack_copy: Path):
    illustration = load_procedure(pack_copy).step("incision").illustration
    (pack_copy / illustration).write_text("<svg><g></svg>", encoding="utf-8")
    message = load_error(pack_copy)
    assert "steps 'incision'" in message and "not valid SVG" in message


def test_mjoa_items_that_do_not_add_up_to_18(pack_copy: Path):
    append(
        pack_copy,
        '[[mjoa.items]]\nid = "extra-item"\nlabel = "Extra"\n'
        'options = [{ points = 0, text = "a" }, { points = 1, text = "b" }]\n',
    )
    message = load_error(pack_copy)
    assert "[mjoa]" in message and "19" in message and "18" in message


def test_mjoa_item_with_a_gap_in_its_points(pack_copy: Path):
    toml = pack_copy / "procedure.toml"
    text = toml.read_text(encoding="utf-8")
    changed = re.sub(r"points\s*=\s*1\b", "points = 9", text, count=1)
    assert changed != text
    toml.write_text(changed, encoding="utf-8")
    message = load_error(pack_copy)
    assert "mjoa.items" in message and "without gaps" in message


def test_missing_required_field(pack_copy: Path):
    append(pack_copy, '[[alternatives]]\nid = "half"\nname = "Half written"\n')
    message = load_error(pack_copy)
    assert "alternatives 'half'" in message and "'plain_text' is missing" in message


def test_figure_on_the_wrong_denominator(pack_copy: Path):
    text = RISK.format(id="wrong-per", sources='["T1"]', figure_source="T1")
    append(pack_copy, text.replace('category = "common"', 'category = "rare"'))
    message = load_error(pack_copy)
    assert "risks 'wrong-per'" in message and "per = 1000" in message


def test_file_that_is_not_utf8(pack_copy: Path):
    toml = pack_copy / "procedure.toml"
    toml.write_bytes(toml.read_bytes() + b"\n# \xff\xfe\n")
    assert "UTF-8" in load_error(pack_copy)


def test_missing_pack_file(tmp_path: Path):
    with pytest.raises(ContentError, match="content pack file is missing"):
        load_procedure(tmp_path)


# What the code relies on -------------------------------------------------------------------------


def edit(pack: Path, old: str, new: str) -> None:
    toml = pack / "procedure.toml"
    text = toml.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    toml.write_text(text.replace(old, new), encoding="utf-8")


def remove_factor(pack: Path, factor_id: str) -> None:
    """Delete one [[candidacy]] entry, from its header to the blank line after it."""
    toml = pack / "procedure.toml"
    text = toml.read_text(encoding="utf-8")
    start = text.index(f'[[candidacy]]\nid = "{factor_id}"\n')
    end = text.index("\n\n", start) + 2
    toml.write_text(text[:start] + text[end:], encoding="utf-8")


def test_a_pack_without_weight_is_refused_at_load(pack_copy: Path):
    remove_factor(pack_copy, "weight")
    message = load_error(pack_copy)
    assert "candidacy 'weight'" in message and "is missing" in message
    assert "BMI" in message
    assert 'id = "weight", kind = "number", unit = "kg"' in message


@pytest.mark.parametrize("spec", REQUIRED_FACTORS, ids=lambda s: s.id)
def test_every_factor_the_code_reads_is_required(pack_copy: Path, spec: FactorSpec):
    remove_factor(pack_copy, spec.id)
    message = load_error(pack_copy)
    assert f"candidacy '{spec.id}'" in message and "is missing" in message
    assert f'kind = "{spec.kind}"' in message


def test_weight_as_a_yes_or_no_is_refused(pack_copy: Path):
    edit(pack_copy, 'label = "Weight"\nkind = "number"', 'label = "Weight"\nkind = "boolean"')
    message = load_error(pack_copy)
    assert "candidacy 'weight'" in message and 'Set kind = "number"' in message


def test_weight_in_pounds_is_refused(pack_copy: Path):
    edit(pack_copy, 'unit = "kg"', 'unit = "lb"')
    message = load_error(pack_copy)
    assert "candidacy 'weight'" in message and '"lb"' in message and 'Set unit = "kg"' in message


def test_height_in_metres_is_refused(pack_copy: Path):
    edit(pack_copy, 'unit = "cm"', 'unit = "m"')
    message = load_error(pack_copy)
    assert "candidacy 'height'" in message and 'Set unit = "cm"' in message


@pytest.mark.parametrize("reserved", ["nurick", "asa", "representative", "mjoa.extra"])
def test_a_factor_may_not_take_the_name_of_another_answer(pack_copy: Path, reserved: str):
    append(
        pack_copy,
        f'[[candidacy]]\nid = "{reserved}"\nlabel = "Clash"\nkind = "boolean"\nhelp = ""\n',
    )
    message = load_error(pack_copy)
    assert f"candidacy '{reserved}'" in message and "Choose another id" in message


def test_a_factor_with_only_one_bound_loads(pack_copy: Path):
    edit(pack_copy, 'unit = "kg"\nminimum = 25\nmaximum = 350\n', 'unit = "kg"\nminimum = 25\n')
    edit(pack_copy, 'unit = "cm"\nminimum = 100\nmaximum = 250\n', 'unit = "cm"\nmaximum = 250\n')
    procedure = load_procedure(pack_copy)
    weight, height = procedure.factor("weight"), procedure.factor("height")
    assert (weight.minimum, weight.maximum) == (25, None)
    assert (height.minimum, height.maximum) == (None, 250)


# The words of the pictures ------------------------------------------------------------------------


def test_a_missing_label_is_refused_at_load(pack_copy: Path):
    edit(pack_copy, 'plate = ["Plate"]', "")
    message = load_error(pack_copy)
    assert "[illustration_labels.implant-graft]" in message
    assert "'plate' is missing" in message


@pytest.mark.parametrize("key", ["level", "front_of_neck"])
def test_a_missing_top_level_label_is_refused(pack_copy: Path, key: str):
    toml = pack_copy / "procedure.toml"
    text = toml.read_text(encoding="utf-8")
    changed = re.sub(rf"^{key} = .*\n", "", text, count=1, flags=re.M)
    assert changed != text
    toml.write_text(changed, encoding="utf-8")
    message = load_error(pack_copy)
    assert "[illustration_labels]" in message and f"'{key}' is missing" in message


def test_a_missing_table_of_labels_is_refused(pack_copy: Path):
    edit(pack_copy, "[illustration_labels.recovery]\n", "[illustration_labels.recovery-renamed]\n")
    message = load_error(pack_copy)
    assert "[illustration_labels.recovery]" in message and "is missing" in message


def test_a_label_written_as_text_instead_of_lines_is_refused(pack_copy: Path):
    edit(pack_copy, 'bone_spur = ["Bone spur"]', 'bone_spur = "Bone spur"')
    message = load_error(pack_copy)
    assert "[illustration_labels.condition]" in message and "'bone_spur'" in message
    assert "list of lines" in message


def test_a_heading_without_the_levels_is_refused(pack_copy: Path):
    edit(pack_copy, 'levels = "Levels {levels}"', 'levels = "Levels"')
    message = load_error(pack_copy)
    assert "[illustration_labels]" in message and "{levels}" in message
