"""Backups from the app: the daily automatic backup, and File → Restore from backup."""

from datetime import date

import pytest

from consultaid.records import Store
from consultaid.records.backups import auto_backup, backup_folder, list_backups
from consultaid.ui.backups_ui import AutoBackup


def add(store, mrn):
    return store.add_patient(
        mrn=mrn, family_name="Backup", given_names=mrn, date_of_birth=date(1970, 1, 1), sex="other"
    )


@pytest.fixture
def window(open_window, tmp_path):
    """Restoring swaps the window's Store, so the window's own Store is the one closed here."""
    win = open_window(Store.open(tmp_path / "records.db"))
    yield win
    win.consultations.store.close()


def test_the_automatic_backup_runs_once_a_day_in_the_background(qtbot, window):
    store = window.consultations.store
    add(store, "A")
    folder = backup_folder(store.path)
    runner = AutoBackup(store.path, folder)
    with qtbot.waitSignal(runner.finished, timeout=10_000) as made:
        runner.start()
    assert made.args[0] and len(list_backups(folder)) == 1
    again = AutoBackup(store.path, folder)
    with qtbot.waitSignal(again.finished, timeout=10_000) as second:
        again.start()
    assert second.args == [""]


def test_restore_replaces_the_records_and_keeps_the_current_file(window, prompts):
    store = window.consultations.store
    add(store, "BEFORE")
    auto_backup(store.path, backup_folder(store.path))
    patient = add(store, "AFTER")
    window.start_consultation(patient.id)
    prompts.choice_answer = 0
    window.restore_action.trigger()
    restored = window.consultations.store
    assert [p.mrn for p in restored.search_patients("")] == ["BEFORE"]
    assert window.consultations.record is None
    assert "kept as" in prompts.infos[-1][1]
    kept = sorted(store.path.parent.glob("records.before-restore-*.db"))
    assert kept
    with Store.open(kept[0]) as old:
        assert {p.mrn for p in old.search_patients("")} == {"BEFORE", "AFTER"}


def test_restore_can_be_cancelled(window, prompts):
    store = window.consultations.store
    auto_backup(store.path, backup_folder(store.path))
    add(store, "STAYS")
    prompts.choice_answer = 0
    prompts.confirm_answer = False
    window.restore_action.trigger()
    assert [p.mrn for p in window.consultations.store.search_patients("")] == ["STAYS"]


def test_a_damaged_backup_is_refused_and_nothing_changes(window, prompts, tmp_path):
    store = window.consultations.store
    add(store, "KEEP")
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    prompts.choice_answer = 0
    prompts.file_answer = bad
    window.restore_action.trigger()
    assert "unchanged" in prompts.errors[-1][1]
    assert [p.mrn for p in window.consultations.store.search_patients("")] == ["KEEP"]


def test_a_change_made_in_another_window_appears_after_a_refresh(qtbot, tmp_path, window):
    store = window.consultations.store
    patient = add(store, "TWO")
    window.start_consultation(patient.id)
    cid = window.consultations.consultation_id
    with Store.open(store.path) as other:
        other.set_risk_discussed(cid, "infection", True)
    assert not window.consultations.record.risk_discussed("infection")
    window.refresh_action.trigger()
    assert window.consultations.record.risk_discussed("infection")
    window.walkthrough.go_to(1)
    assert window.risk_panel.rows["infection"].check.isChecked()
