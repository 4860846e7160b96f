"""Alternatives discussed, the patient's questions with the answers given, and teach-back.

Questions are created as soon as "New question" is pressed and every edit is saved when the field
loses focus or after a short pause in typing, so there is never text on screen that is not saved.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from consultaid.changes import Changes, Part
from consultaid.record_keys import INTERPRETER, REPRESENTATIVE
from consultaid.records import Question
from consultaid.ui.record_controller import RecordController
from consultaid.ui.style import vertical_scroll
from consultaid.ui.wrapping_check import WrappingCheck

SAVE_PAUSE_MS = 700
TEACH_BACK_LABELS = {"yes": "Yes", "partly": "Partly", "no": "No"}


class SavingText(QPlainTextEdit):
    """A text box that saves after a pause in typing and when it loses focus."""

    def __init__(self, save, accessible_name: str) -> None:
        super().__init__()
        self._save = save
        self.setAccessibleName(accessible_name)
        self.setTabChangesFocus(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_PAUSE_MS)
        self._timer.timeout.connect(self.flush)
        self.textChanged.connect(self._timer.start)
        self._saved = ""

    def reset(self) -> None:
        """Empty, with nothing waiting to be saved: another consultation is shown now."""
        self._timer.stop()
        self.blockSignals(True)
        self.clear()
        self.blockSignals(False)
        self._saved = ""

    def show_saved(self, text: str) -> None:
        """Show the saved text, unless the box holds edits that are not saved (kept to fix)."""
        if self.toPlainText() == self._saved and text != self._saved:
            self.blockSignals(True)
            self.setPlainText(text)
            self.blockSignals(False)
        self._saved = text

    def flush(self) -> None:
        self._timer.stop()
        text = self.toPlainText()
        if text != self._saved and self._save(text):
            self._saved = text

    def focusOutEvent(self, event) -> None:
        self.flush()
        super().focusOutEvent(event)


class PersonFields(QWidget):
    """A tick, a name and one detail (language or relationship), saved when a field is left."""

    def __init__(self, check_text: str, detail_label: str, save) -> None:
        super().__init__()
        self._save = save
        self.detail_key = detail_label.lower()
        self.check = QCheckBox(check_text)
        self.check.setAccessibleName(check_text)
        self.name = QLineEdit()
        self.name.setAccessibleName(f"{check_text}: name")
        self.name.setPlaceholderText("Name")
        self.detail = QLineEdit()
        self.detail.setAccessibleName(f"{check_text}: {detail_label.lower()}")
        self.detail.setPlaceholderText(detail_label)
        row = QHBoxLayout()
        row.setContentsMargins(24, 0, 0, 0)
        row.addWidget(self.name, 2)
        row.addWidget(self.detail, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.check)
        column.addLayout(row)
        self.check.clicked.connect(self.commit)
        self.name.editingFinished.connect(self.commit)
        self.detail.editingFinished.connect(self.commit)
        self._show_fields(False)

    def _show_fields(self, on: bool) -> None:
        self.name.setVisible(on)
        self.detail.setVisible(on)

    def value(self) -> dict | None:
        if not self.check.isChecked():
            return None
        return {"name": self.name.text().strip(), self.detail_key: self.detail.text().strip()}

    def commit(self, *_: object) -> None:
        self._show_fields(self.check.isChecked())
        self._save(self.value())

    def show_value(self, value: object, *, fresh: bool = False) -> None:
        """Show what is saved; `fresh` (another consultation) replaces even a field in use."""
        on = isinstance(value, dict)
        self.check.setChecked(on)
        self._show_fields(on)
        saved = value if isinstance(value, dict) else {}
        if fresh or not self.name.hasFocus():
            self.name.setText(str(saved.get("name", "")))
        if fresh or not self.detail.hasFocus():
            self.detail.setText(str(saved.get(self.detail_key, "")))


class QuestionBox(QGroupBox):
    def __init__(self, number: int, question: Question, controller: RecordController) -> None:
        super().__init__(f"Question {number}")
        self.question_id = question.id
        self.controller = controller
        self.question = SavingText(self.save_question, f"Question {number}")
        self.question.setPlaceholderText("The patient's question, in their words")
        self.question.setFixedHeight(56)
        self.answer = SavingText(self.save_answer, f"Answer to question {number}")
        self.answer.setPlaceholderText("The answer given")
        self.answer.setFixedHeight(80)
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addWidget(self.answer)
        self.show_question(question)

    def show_question(self, question: Question) -> None:
        self.question.show_saved(question.question)
        self.answer.show_saved(question.answer)

    def save_question(self, text: str) -> bool:
        c = self.controller.consultations
        return not self.controller.do(c.update_question, self.question_id, question=text).refused

    def save_answer(self, text: str) -> bool:
        c = self.controller.consultations
        return not self.controller.do(c.update_question, self.question_id, answer=text).refused

    def flush(self) -> None:
        self.question.flush()
        self.answer.flush()

    def flush_timers_off(self) -> None:
        """Stop the pending saves of a box about to go (its text was flushed before switching)."""
        self.question.reset()
        self.answer.reset()


class DiscussionPanel(QScrollArea):
    def __init__(self, controller: RecordController) -> None:
        super().__init__()
        self.controller = controller
        self.consultations = controller.consultations
        self.procedure = controller.consultations.procedure
        vertical_scroll(area=self)
        self.setAccessibleName("Alternatives, questions and teach-back")
        body = QWidget()
        self.setWidget(body)
        layout = QVBoxLayout(body)

        alternatives = QGroupBox("Alternatives discussed")
        alt_layout = QVBoxLayout(alternatives)
        self.alternatives: dict[str, QCheckBox] = {}
        self.alternative_times: dict[str, QLabel] = {}
        for alt in self.procedure.alternatives:
            row = WrappingCheck(alt.name, f"Discussed: {alt.name}")
            row.setToolTip(f"{alt.plain_text}\n\nWhen used: {alt.when_used}")
            row.check.clicked.connect(lambda on, aid=alt.id: self.tick_alternative(aid, bool(on)))
            alt_layout.addWidget(row)
            self.alternatives[alt.id] = row.check
            self.alternative_times[alt.id] = row.side
        layout.addWidget(alternatives)

        questions = QGroupBox("The patient's questions")
        self.questions_layout = QVBoxLayout(questions)
        self.question_boxes: dict[int, QuestionBox] = {}
        self.new_question = QPushButton("New question")
        self.new_question.setAccessibleName("New question")
        self.new_question.clicked.connect(self.add_question)
        self.questions_layout.addWidget(self.new_question)
        layout.addWidget(questions)

        teach = QGroupBox("Teach-back")
        teach_layout = QVBoxLayout(teach)
        hint = QLabel(
            "Did the patient explain back, in their own words, the procedure, the main risks and "
            "the alternatives?"
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("font-weight: normal;")
        teach_layout.addWidget(hint)
        self.teach_group = QButtonGroup(self)
        row = QHBoxLayout()
        self.teach_buttons: dict[str, QRadioButton] = {}
        for value, label in TEACH_BACK_LABELS.items():
            button = QRadioButton(label)
            button.setAccessibleName(f"Teach-back: {label}")
            self.teach_group.addButton(button)
            button.clicked.connect(lambda _on, v=value: self.save_teach_back(v, None))
            self.teach_buttons[value] = button
            row.addWidget(button)
        row.addStretch(1)
        teach_layout.addLayout(row)
        self.teach_note = QLineEdit()
        self.teach_note.setAccessibleName("Teach-back note")
        self.teach_note.setPlaceholderText("Note: what was explained back, what was re-explained")
        self.teach_note.editingFinished.connect(
            lambda: self.save_teach_back(None, self.teach_note.text())
        )
        teach_layout.addWidget(self.teach_note)
        layout.addWidget(teach)

        people = QGroupBox("Interpreter and representative")
        people_layout = QVBoxLayout(people)
        self.people: dict[str, PersonFields] = {}
        for key, check_text, detail_label in (
            (INTERPRETER, "An interpreter was used", "Language"),
            (REPRESENTATIVE, "A representative consents for the patient", "Relationship"),
        ):
            fields = PersonFields(check_text, detail_label, lambda v, k=key: self.save_person(k, v))
            self.people[key] = fields
            people_layout.addWidget(fields)
        layout.addWidget(people)
        layout.addStretch(1)

        controller.changed.connect(self.record_changed)
        self.rebuild()

    def record_changed(self, changes: Changes) -> None:
        if changes.touches(Part.RECORD):
            self.rebuild()
        elif changes.touches(
            Part.ALTERNATIVES, Part.QUESTIONS, Part.TEACH_BACK, Part.ANSWERS, Part.STATUS
        ):
            self.refresh()

    def tick_alternative(self, alternative_id: str, discussed: bool) -> None:
        self.controller.do(self.consultations.tick_alternative, alternative_id, discussed)

    def add_question(self) -> None:
        outcome = self.controller.do(self.consultations.add_question, "", "")
        if outcome.done and outcome.value is not None:
            self.question_boxes[outcome.value.id].question.setFocus()

    def save_teach_back(self, result: str | None, note: str | None) -> None:
        self.controller.do(self.consultations.set_teach_back, result, note)

    def save_person(self, key: str, value: dict | None) -> None:
        self.controller.do(self.consultations.answer, key, value)

    def flush(self) -> None:
        """Save whatever is being typed now (before closing or switching consultation)."""
        for box in self.question_boxes.values():
            box.flush()
        if self.teach_note.hasFocus():
            self.save_teach_back(None, self.teach_note.text())

    def rebuild(self) -> None:
        """Another consultation (or none): every box, tick, note and name starts afresh."""
        for box in self.question_boxes.values():
            box.flush_timers_off()
            self.questions_layout.removeWidget(box)
            box.setParent(None)  # off the screen now, not at the next event loop turn
            box.deleteLater()
        self.question_boxes = {}
        self.teach_note.clear()
        for key, fields in self.people.items():
            fields.show_value(self.consultations.answers().get(key), fresh=True)
        self.refresh()

    def refresh(self) -> None:
        record = self.consultations.record
        self.setEnabled(self.consultations.editable)
        if record is None:
            for check in self.alternatives.values():
                check.setChecked(False)
            for label in self.alternative_times.values():
                label.setText("")
            self._show_teach_back(None)
            return
        for aid, check in self.alternatives.items():
            discussion = next(
                (x for x in record.alternatives if x.alternative_id == aid and x.discussed), None
            )
            check.setChecked(discussion is not None)
            self.alternative_times[aid].setText(
                discussion.at.astimezone().strftime("%H:%M") if discussion else ""
            )
        for n, question in enumerate(record.questions, 1):
            box = self.question_boxes.get(question.id)
            if box is None:
                box = QuestionBox(n, question, self.controller)
                self.question_boxes[question.id] = box
                self.questions_layout.insertWidget(self.questions_layout.count() - 1, box)
            else:
                box.show_question(question)
        self._show_teach_back(record.teach_back)
        for key, fields in self.people.items():
            fields.show_value(record.answer(key))

    def _show_teach_back(self, teach) -> None:
        self.teach_group.setExclusive(False)
        for value, button in self.teach_buttons.items():
            button.setChecked(teach is not None and teach.result == value)
        self.teach_group.setExclusive(True)
        if not self.teach_note.hasFocus():
            self.teach_note.setText(teach.note if teach else "")
        self.teach_note.setEnabled(teach is not None)
        self.teach_note.setAlignment(Qt.AlignmentFlag.AlignLeft)
