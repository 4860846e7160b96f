"""The printed name under a signature is written in its bearer's order (issue 12 item 2)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from consultaid.records.rows import Patient


def patient(family: str, given: str) -> Patient:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    return Patient(1, "M-1", family, given, date(1960, 1, 1), "female", now, now)


@pytest.mark.parametrize(
    ("family", "given", "printed"),
    [
        ("Smith", "Anna Maria", "Anna Maria Smith"),
        ("Παπαδοπούλου", "Σοφία", "Σοφία Παπαδοπούλου"),
        ("عبد الله", "محمد", "محمد عبد الله"),
        ("王", "小明", "王小明"),
        ("陳", "淑芬", "陳淑芬"),
        ("山田", "さくら", "山田さくら"),
        ("김", "민준", "김민준"),
        ("王", "Lily", "王 Lily"),
        ("Kim", "Min-jun", "Min-jun Kim"),
        ("Madonna", "", "Madonna"),
        ("", "Cher", "Cher"),
    ],
)
def test_family_name_first_only_where_the_script_writes_it_so(family, given, printed):
    assert patient(family, given).printed_name == printed


def test_the_list_form_is_unchanged():
    assert patient("王", "小明").display_name == "王, 小明"
