"""Correcting a final consultation: an amendment with a reason, never an edit in place.

The surgeon picks what to correct, gives the corrected value and says why. The Store keeps the
original beside the correction, and a new consent summary is sealed that supersedes the old one.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
)

from consultaid.content.model import Procedure
from consultaid.levels import format_levels, level_options
from consultaid.records import TEACH_BACK_RESULTS, AmendTarget, ConsultationRecord
from consultaid.ui.style import save_cancel_buttons

CHOICES = (
    ("A risk was discussed", AmendTarget.RISK_DISCUSSED),
    ("An alternative was discussed", AmendTarget.ALTERNATIVE_DISCUSSED),
    ("The answer to a question", AmendTarget.QUESTION_ANSWER),
    ("The teach-back result", AmendTarget.TEACH_BACK_RESULT),
    ("The teach-back note", AmendTarget.TEACH_BACK_NOTE),
    ("The planned level(s)", AmendTarget.LEVELS),
)


ITEM_TARGETS = (
    AmendTarget.RISK_DISCUSSED,
    AmendTarget.ALTERNATIVE_DISCUSSED,
    AmendTarget.QUESTION_ANSWER,
)
TEXT_TARGETS = (AmendTarget.QUESTION_ANSWER, AmendTarget.TEACH_BACK_NOTE)
CHOICE_TARGETS = (AmendTarget.TEACH_BACK_RESULT, AmendTarget.LEVELS)


class AmendDialog(QDialog):
    """`amendment()` gives (target, value, key, reason) once accepted."""

    def __init__(self, procedure: Procedure, record: ConsultationRecord, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Record an amendment")
        self.setAccessibleName("Record an amendment")
        self.resize(620, 420)
        self.what = QComboBox()
        self.what.setAccessibleName("What to correct")
        for label, target in CHOICES:
            self.what.addItem(label, target)
        self.item = QComboBox()
        self.item.setAccessibleName("Which one")
        self.item.setPlaceholderText("Nothing of this kind left to correct")
        self.text = QPlainTextEdit()
        self.text.setAccessibleName("Corrected text")
        self.choice = QComboBox()
        self.choice.setAccessibleName("Corrected value")
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName("Reason for the amendment")
        self.reason.setPlaceholderText("Why the record changes (required)")
        self.reason.setFixedHeight(80)
        self.message = QLabel()
        self.message.setStyleSheet("color: #a12622; font-weight: bold;")
        self.message.setWordWrap(True)
        buttons = save_cancel_buttons(self)
        form = QFormLayout()
        form.addRow("What to correct", self.what)
        form.addRow("Which one", self.item)
        form.addRow("Corrected text", self.text)
        form.addRow("Corrected value", self.choice)
        form.addRow("Reason", self.reason)
        self.form = form
        layout = QVBoxLayout(self)
        note = QLabel(
            "The consultation is final. A correction is recorded beside the original, with the "
            "reason, and a new consent summary is stored; the old one is kept."
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.procedure = procedure
        self.record = record
        self.what.currentIndexChanged.connect(self._fill)
        self.item.currentIndexChanged.connect(self._fill_text)
        self._fill()

    def target(self) -> AmendTarget:
        return AmendTarget(self.what.currentData())

    def _fill(self, *_: object) -> None:
        target, record = self.target(), self.record
        self.item.blockSignals(True)
        self.item.clear()
        self.choice.clear()
        if target is AmendTarget.RISK_DISCUSSED:
            for risk in self.procedure.risks:
                if not record.risk_discussed(risk.id):
                    self.item.addItem(risk.name, risk.id)
        elif target is AmendTarget.ALTERNATIVE_DISCUSSED:
            for alt in self.procedure.alternatives:
                if not record.alternative_discussed(alt.id):
                    self.item.addItem(alt.name, alt.id)
        elif target is AmendTarget.QUESTION_ANSWER:
            for n, question in enumerate(record.questions, 1):
                self.item.addItem(f"{n}. {question.question[:80]}", str(question.id))
        elif target is AmendTarget.TEACH_BACK_RESULT:
            for value in TEACH_BACK_RESULTS:
                self.choice.addItem(value.capitalize(), value)
        elif target is AmendTarget.LEVELS:
            for option in level_options():
                self.choice.addItem(format_levels(option), option)
        self.item.blockSignals(False)
        self.form.setRowVisible(self.item, target in ITEM_TARGETS)
        self.form.setRowVisible(self.text, target in TEXT_TARGETS)
        self.form.setRowVisible(self.choice, target in CHOICE_TARGETS)
        self._fill_text()

    def _fill_text(self, *_: object) -> None:
        target = self.target()
        if target is AmendTarget.QUESTION_ANSWER:
            qid = self.item.currentData()
            question = next((q for q in self.record.questions if str(q.id) == qid), None)
            self.text.setPlainText(question.answer if question else "")
        elif target is AmendTarget.TEACH_BACK_NOTE:
            teach = self.record.teach_back
            self.text.setPlainText(teach.note if teach else "")

    def amendment(self) -> tuple[AmendTarget, object, str, str]:
        target = self.target()
        if target in (AmendTarget.RISK_DISCUSSED, AmendTarget.ALTERNATIVE_DISCUSSED):
            return target, True, self.item.currentData() or "", self.reason.toPlainText()
        if target is AmendTarget.QUESTION_ANSWER:
            return (
                target,
                self.text.toPlainText(),
                self.item.currentData() or "",
                self.reason.toPlainText(),
            )
        if target is AmendTarget.TEACH_BACK_NOTE:
            return target, self.text.toPlainText(), "", self.reason.toPlainText()
        return target, self.choice.currentData(), "", self.reason.toPlainText()

    def accept(self) -> None:
        target, _value, key, reason = self.amendment()
        if target in ITEM_TARGETS and not key:
            self.message.setText("There is nothing of that kind to correct.")
            return
        if not reason.strip():
            self.message.setText("Say why the record changes; the reason is kept with it.")
            return
        super().accept()
