"""The consultation on screen: nothing of one patient reaches the next, names, finalizing, and each
panel refreshing only what changed."""

from __future__ import annotations

import getpass
import sqlite3
from datetime import date

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from consultaid import assessment as a
from consultaid.records.backups import backup_folder
from consultaid.strokes import Stroke
from consultaid.ui.discussion_panel import QuestionBox
from consultaid.ui.prompts import confirmation_box
from tests.windows import sign_for_finalizing

A = {
    "family": "Quillfeather",
    "given": "Oriandra",
    "mrn": "MRN-A-77310",
    "representative": "Bartholomew Vantablack",
    "relationship": "Grandnephew-in-law",
    "interpreter": "Ignatia Wobblesworth",
    "language": "Esperanto-Volapuk",
    "question": "Will my parrot Zanzibar mind the scar?",
    "answer": "Zanzibar will adjust within days",
    "teach_back": "Explained it back using the parrot metaphor",
}
INK = (Stroke("blue", ((100.0, 100.0), (300.0, 200.0), (500.0, 150.0))),)


def add(store, mrn: str, family: str, given: str):
    return store.add_patient(
        mrn=mrn, family_name=family, given_names=given, date_of_birth=date(1955, 3, 4), sex="female"
    )


def fill_everything(win) -> None:
    """Patient A's consultation with every panel, field and pad used."""
    c = win.consultations
    cand = win.candidacy_panel
    for item in c.procedure.mjoa.items:
        combo = cand.mjoa_boxes[item.id]
        combo.setCurrentIndex(combo.count() - 1)
        combo.activated.emit(combo.currentIndex())
    for combo in (cand.nurick, cand.asa):
        combo.setCurrentIndex(2)
        combo.activated.emit(2)
    for check in cand.checks.values():
        check.click()
    for fid, text in ((a.HEIGHT, "173"), (a.WEIGHT, "81"), (a.NONSURGICAL_MONTHS, "7")):
        field = cand.numbers[fid]
        field.edit.setText(text)
        field.commit()
    for boxes in cand.choices.values():
        next(iter(boxes.values())).click()
    win.walkthrough.go_to(1)
    for row in win.risk_panel.visible_rows().values():
        row.check.click()
    disc = win.discussion_panel
    for check in disc.alternatives.values():
        check.click()
    disc.new_question.click()
    box = next(iter(disc.question_boxes.values()))
    box.question.setPlainText(A["question"])
    box.answer.setPlainText(A["answer"])
    box.flush()
    disc.teach_buttons["partly"].click()
    disc.teach_note.setText(A["teach_back"])
    disc.teach_note.editingFinished.emit()
    for key, name, detail in (
        ("representative", A["representative"], A["relationship"]),
        ("interpreter", A["interpreter"], A["language"]),
    ):
        fields = disc.people[key]
        fields.check.click()
        fields.name.setText(name)
        fields.detail.setText(detail)
        fields.commit()
    win.levels.setCurrentIndex(win.levels.findText("C6-C7"))
    win.walkthrough.add_stroke(INK[0])
    record = c.record
    assert record.answer("representative")["name"] == A["representative"]
    assert record.questions[0].answer == A["answer"]
    assert record.annotations and record.consultation.levels == ("C6-C7",)


def visible_strings(win) -> list[tuple[QWidget, str]]:
    """Every text a widget of the window (and its docks and dialogs) shows, hints or holds."""
    out: list[tuple[QWidget, str]] = []
    for widget in win.findChildren(QWidget):
        texts = [widget.toolTip(), widget.accessibleName(), widget.windowTitle()]
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit | QPlainTextEdit):
            texts.append(widget.placeholderText())
        if isinstance(widget, QPlainTextEdit):
            texts.append(widget.toPlainText())
        if isinstance(widget, QComboBox):
            texts.append(widget.currentText())
        out += [(widget, text) for text in texts if text]
    return out


def leaks(win) -> list[str]:
    found = [
        (key, f"{type(widget).__name__}/{widget.objectName()}: {text}")
        for widget, text in visible_strings(win)
        for key, value in A.items()
        if value.lower() in text.lower()
    ]
    return sorted({f"{key}: {text[:80]!r}" for key, text in found})


def assert_blank_record_panels(win) -> None:
    """Nothing recorded shows and nothing is kept to be saved later."""
    cand, disc = win.candidacy_panel, win.discussion_panel
    assert all(box.currentData() is None for box in cand.mjoa_boxes.values())
    assert cand.nurick.currentData() is None and cand.asa.currentData() is None
    assert not any(check.isChecked() for check in cand.checks.values())
    for field in cand.numbers.values():
        assert field.edit.text() == "" and field._shown is None and not field.message.isVisible()
    assert not any(b.isChecked() for boxes in cand.choices.values() for b in boxes.values())
    assert not any(row.check.isChecked() for row in win.risk_panel.rows.values())
    assert not any(check.isChecked() for check in disc.alternatives.values())
    assert disc.question_boxes == {}
    assert disc.findChildren(QuestionBox) == [], "no box of the last consultation stays on screen"
    assert not any(button.isChecked() for button in disc.teach_buttons.values())
    assert disc.teach_note.text() == ""
    for fields in disc.people.values():
        assert not fields.check.isChecked() and fields.name.text() == fields.detail.text() == ""
    assert win.walkthrough.levels == ("C5-C6",) and win.levels.currentText() == "C5-C6"
    assert win.consultations.drawings.all() == {}


@pytest.fixture
def patient_a(store):
    return add(store, A["mrn"], A["family"], A["given"])


@pytest.fixture
def patient_b(store):
    return add(store, "MRN-B-1", "Brown", "Bea")


def test_nothing_of_patient_a_reaches_patient_b(qtbot, open_window, store, patient_a, patient_b):
    win = open_window(store)
    win.start_consultation(patient_a.id)
    fill_everything(win)
    win.sign_action.trigger()  # a signature dialog left open, prefilled with A's name
    assert win.commands.signature_dialog.isVisible()
    assert leaks(win), "the check must see A's details while A is open"
    win.start_consultation(patient_b.id)
    assert win.consultations.record.patient.id == patient_b.id
    assert leaks(win) == []
    assert_blank_record_panels(win)
    assert win.consultations.record.answer("representative") is None
    win.sign_action.trigger()
    dialog = win.commands.signature_dialog
    assert A["representative"] not in [dialog.default_names.get(r) for r in dialog.default_names]
    assert dialog.name.text() == "Brown Bea" or "Bea" in dialog.name.text()


def test_closing_and_reopening_show_only_the_consultation_open(
    qtbot, open_window, store, patient_a, patient_b
):
    win = open_window(store)
    win.start_consultation(patient_a.id)
    a_id = win.consultations.consultation_id
    fill_everything(win)
    win.close_consultation()
    assert win.consultations.record is None
    assert leaks(win) == []
    assert_blank_record_panels(win)
    win.start_consultation(patient_b.id)
    assert leaks(win) == []
    win.open_consultation(a_id)
    assert win.candidacy_panel.numbers[a.HEIGHT].edit.text() == "173"
    assert A["question"] in [
        b.question.toPlainText() for b in win.discussion_panel.question_boxes.values()
    ]


def test_restoring_a_backup_shows_nothing_of_the_consultation_that_was_open(
    qtbot, open_window, store, prompts, patient_a, tmp_path
):
    backup_folder(store.path).mkdir(parents=True, exist_ok=True)
    store.backup(backup_folder(store.path) / "consultaid-2026-01-01.db")
    win = open_window(store)
    win.start_consultation(patient_a.id)
    fill_everything(win)
    prompts.choice_answer = 0
    win.restore_action.trigger()
    assert win.consultations.record is None
    assert leaks(win) == []
    assert_blank_record_panels(win)


def test_each_panel_refreshes_only_what_changed(qtbot, open_window, store, patient_a):
    win = open_window(store)
    win.start_consultation(patient_a.id)
    calls = {"risks": 0, "candidacy": 0, "discussion": 0}
    for name, panel in (
        ("risks", win.risk_panel),
        ("candidacy", win.candidacy_panel),
        ("discussion", win.discussion_panel),
    ):
        original = panel.refresh

        def counting(*args, name=name, original=original):
            calls[name] += 1
            return original(*args)

        panel.refresh = counting
    win.walkthrough.go_to(1)
    calls.update(risks=0)
    next(iter(win.risk_panel.visible_rows().values())).check.click()
    assert calls == {"risks": 1, "candidacy": 0, "discussion": 0}
    next(iter(win.discussion_panel.alternatives.values())).click()
    assert calls == {"risks": 1, "candidacy": 0, "discussion": 1}


def test_finalize_is_refused_until_both_have_signed_and_cancel_is_the_default(
    qtbot, open_window, store, prompts, patient_a
):
    win = open_window(store)
    win.start_consultation(patient_a.id)
    win.finalize_action.trigger()
    title, message = prompts.errors[-1]
    assert title == "Not ready to finalize"
    assert "patient (or their representative) has not signed" in message
    assert "surgeon has not signed" in message
    assert prompts.confirms == [] and not win.consultations.is_final
    sign_for_finalizing(win)
    win.discussion_panel.teach_buttons["no"].click()
    win.finalize_action.trigger()
    _title, message = prompts.confirms[-1]
    assert "could not explain it back" in message and "risks not ticked" in message
    assert win.consultations.is_final
    box, ok = confirmation_box("Finalize consultation", "Sure?", "Finalize")
    qtbot.addWidget(box)
    assert box.defaultButton() is not ok
    assert box.defaultButton() is box.escapeButton()


def test_first_start_asks_for_the_surgeon_and_clinic_and_records_the_surgeon(
    qtbot, open_window, store, prompts, settings, patient_a
):
    win = open_window(store)
    prompts.names_answer = None
    win.start_consultation(patient_a.id)
    assert win.consultations.record is None
    assert "surgeon's name" in prompts.errors[-1][1]
    prompts.names_answer = ("Dr Imani Okoro", "Riverside Spine Clinic")
    win.start_consultation(patient_a.id)
    assert prompts.names_asked == 2
    assert win.consultations.record.consultation.clinician == "Dr Imani Okoro"
    assert settings.value("clinician") == "Dr Imani Okoro"
    assert store.get_setting("clinic.name") == "Riverside Spine Clinic"
    conn = sqlite3.connect(store.path)
    try:
        actor, login = conn.execute(
            "SELECT actor, login FROM audit_log WHERE action = 'start_consultation'"
        ).fetchone()
    finally:
        conn.close()
    assert actor == "Dr Imani Okoro" and login == getpass.getuser()
    win.close_consultation()
    win.start_consultation(patient_a.id)
    assert prompts.names_asked == 2, "asked once only"


def test_a_second_draft_on_the_same_day_asks_first(qtbot, open_window, store, prompts, patient_a):
    win = open_window(store)
    win.start_consultation(patient_a.id)
    first = win.consultations.consultation_id
    win.close_consultation()
    prompts.choice_answer = None
    win.start_consultation(patient_a.id)
    assert win.consultations.record is None
    assert prompts.choices[-1][0] == "A draft from today exists"
    prompts.choice_answer = 0
    win.start_consultation(patient_a.id)
    assert win.consultations.consultation_id == first
    prompts.choice_answer = 1
    win.start_consultation(patient_a.id)
    assert win.consultations.consultation_id != first
    assert len(store.list_consultations(patient_a.id)) == 2


def test_one_level_change_on_a_failing_disk_queues_one_edit_and_stays_shown(
    qtbot, open_window, store, patient_a
):
    win = open_window(store)
    win.start_consultation(patient_a.id)
    store._db._conn.execute("PRAGMA query_only = ON")
    next(iter(win.discussion_panel.alternatives.values())).click()
    assert len(win.consultations.pending) == 1
    win.levels.setCurrentIndex(win.levels.findText("C6-C7"))
    assert [e.name for e in win.consultations.pending] == [
        "set_alternative_discussed",
        "set_levels",
    ]
    assert win.levels.currentText() == "C6-C7" and win.walkthrough.levels == ("C6-C7",)
    assert win.pending_bar.isVisible()
    store._db._conn.execute("PRAGMA query_only = OFF")
    assert win.controller.retry()
    assert store.load_record(win.consultations.consultation_id).consultation.levels == ("C6-C7",)
    assert not win.pending_bar.isVisible()


def test_the_idle_lock_closes_the_consent_preview_and_the_signing_dialog(
    qtbot, open_window, store, patient_a
):
    win = open_window(store)
    win.start_consultation(patient_a.id)
    win.summary_action.trigger()
    preview = win.commands.consent_preview
    assert preview.isVisible()
    win.window_lock.lock()
    assert not preview.isVisible()
    assert not [
        d for d in win.findChildren(QWidget) if d.isWindow() and d.isVisible() and d is not win
    ]
    win.window_lock.screen.button.click()
    assert win.centralWidget().isVisible()
