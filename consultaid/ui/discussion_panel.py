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

from consultaid.record_keys import INTERPRETER, REPRESENTATIVE
from consultaid.records import Question
from consultaid.ui.session import Session
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

    def show_value(self, value: object) -> None:
        on = isinstance(value, dict)
        self.check.setChecked(on)
        self._show_fields(on)
        if on:
            if not self.name.hasFocus():
                self.name.setText(str(value.get("name", "")))
            if not self.detail.hasFocus():
                self.detail.setText(str(value.get(self.detail_key, "")))


class QuestionBox(QGroupBox):
    def __init__(self, number: int, question: Question, session: Session) -> None:
        super().__init__(f"Question {number}")
        self.question_id = question.id
        self.session = session
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
        store, qid = self.session.store, self.question_id
        return self.session.apply(lambda: store.update_question(qid, question=text)) is not None

    def save_answer(self, text: str) -> bool:
        store, qid = self.session.store, self.question_id
        return self.session.apply(lambda: store.update_question(qid, answer=text)) is not None

    def flush(self) -> None:
        self.question.flush()
        self.answer.flush()


class DiscussionPanel(QScrollArea):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.procedure = session.procedure
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

        session.consultationChanged.connect(self.rebuild)
        session.recordChanged.connect(self.refresh)
        self.rebuild()

    def tick_alternative(self, alternative_id: str, discussed: bool) -> None:
        store = self.session.store
        self.session.save(store.set_alternative_discussed, alternative_id, discussed)

    def add_question(self) -> None:
        question = self.session.save(self.session.store.add_question, "", "")
        if question is not None:
            self.question_boxes[question.id].question.setFocus()

    def save_teach_back(self, result: str | None, note: str | None) -> None:
        record = self.session.record
        if record is None:
            return
        current = record.teach_back
        result = result or (current.result if current else None)
        if result is None:
            return
        note = note if note is not None else (current.note if current else "")
        if current and current.result == result and current.note == note:
            return
        self.session.save(self.session.store.set_teach_back, result, note)

    def save_person(self, key: str, value: dict | None) -> None:
        record = self.session.record
        if record is not None and record.answer(key) != value:
            self.session.save(self.session.store.set_answer, key, value)

    def flush(self) -> None:
        """Save whatever is being typed now (before closing or switching consultation)."""
        for box in self.question_boxes.values():
            box.flush()
        if self.teach_note.hasFocus():
            self.save_teach_back(None, self.teach_note.text())

    def rebuild(self, *_: object) -> None:
        for box in self.question_boxes.values():
            box.deleteLater()
        self.question_boxes = {}
        self.refresh()

    def refresh(self, *_: object) -> None:
        record = self.session.record
        self.setEnabled(self.session.editable)
        if record is None:
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
                box = QuestionBox(n, question, self.session)
                self.question_boxes[question.id] = box
                self.questions_layout.insertWidget(self.questions_layout.count() - 1, box)
            else:
                box.show_question(question)
        teach = record.teach_back
        self.teach_group.setExclusive(False)
        for value, button in self.teach_buttons.items():
            button.setChecked(teach is not None and teach.result == value)
        self.teach_group.setExclusive(True)
        if not self.teach_note.hasFocus():
            self.teach_note.setText(teach.note if teach else "")
        for key, fields in self.people.items():
            fields.show_value(record.answer(key))
        self.teach_note.setEnabled(teach is not None)
        self.teach_note.setAlignment(Qt.AlignmentFlag.AlignLeft)
