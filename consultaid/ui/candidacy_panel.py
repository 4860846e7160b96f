"""The candidacy panel: mJOA, Nurick, ASA and the recorded factors, with prompts beside them.

Every control saves its value the moment it changes (through the Session); numbers are checked
against the pack's human range first and refused with a message under the field, never clamped.
The prompts are computed by `assessment`, so the panel holds no rule of its own.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from consultaid import assessment as a
from consultaid.changes import Changes, Part
from consultaid.content.model import CandidacyFactor, Procedure, Scale
from consultaid.errors import InputError
from consultaid.ui.record_controller import RecordController
from consultaid.ui.style import vertical_scroll
from consultaid.ui.walkthrough import Walkthrough

DERIVED = (a.AGE, a.MULTI_LEVEL)
NOT_RECORDED = "— not recorded —"
SECTION_TITLES = {"factors": "Factors", "operation": "The operation", "consent": "Consent"}


class NumberField(QWidget):
    """A number typed as text, checked on Enter or leaving the field; the message sits below it."""

    def __init__(self, factor: CandidacyFactor, save) -> None:
        super().__init__()
        self.factor = factor
        self._save = save
        self.edit = QLineEdit()
        self.edit.setAccessibleName(factor.label)
        self.edit.setPlaceholderText(factor.unit)
        self.edit.setMaximumWidth(120)
        self.edit.editingFinished.connect(self.commit)
        self.message = QLabel()
        self.message.setObjectName("fieldError")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a12622;")
        self.message.hide()
        unit = QLabel(factor.unit)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit)
        row.addWidget(unit)
        row.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(self.message)
        self._shown: Any = None

    def show_value(self, value: Any) -> None:
        self._shown = value
        if not self.edit.hasFocus() or not self.message.isVisible():
            self.edit.setText("" if value is None else f"{value:g}")

    def reset(self) -> None:
        """Forget what was typed and any message: another consultation is shown now."""
        self._shown = None
        self.edit.clear()
        self.show_error("")

    def show_error(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def commit(self) -> None:
        text = self.edit.text().strip().replace(",", ".")
        if text == "" and self._shown is None:
            self.show_error("")
            return
        try:
            if text == "":
                raise InputError(f"{self.factor.label}: type a number, or leave it as it was.")
            try:
                value = float(text)
            except ValueError:
                raise InputError(
                    f"{self.factor.label}: {text!r} is not a number. Type digits only."
                ) from None
            value = a.check_number(self.factor, value)
        except InputError as exc:
            self.show_error(str(exc))
            return
        self.show_error("")
        number = int(value) if value.is_integer() else value
        if number != self._shown:
            self._save(self.factor.id, number)


class CandidacyPanel(QScrollArea):
    def __init__(self, controller: RecordController, walkthrough: Walkthrough) -> None:
        super().__init__()
        self.controller = controller
        self.consultations = controller.consultations
        self.walkthrough = walkthrough
        self.procedure: Procedure = controller.consultations.procedure
        vertical_scroll(area=self)
        self.setAccessibleName("Candidacy")
        body = QWidget()
        self.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setSpacing(10)

        self.patient_line = QLabel()
        self.patient_line.setAccessibleName("Age and levels")
        self.patient_line.setWordWrap(True)
        layout.addWidget(self.patient_line)

        self.prompts = QLabel()
        self.prompts.setObjectName("prompts")
        self.prompts.setAccessibleName("Prompts")
        self.prompts.setWordWrap(True)
        self.prompts.setTextFormat(Qt.TextFormat.RichText)
        self.prompts.setStyleSheet(
            "background: #fff8e6; border: 1px solid #ecd9a8; border-radius: 6px; padding: 8px;"
        )
        layout.addWidget(self.prompts)

        layout.addWidget(self._mjoa_box())
        layout.addWidget(self._scales_box())
        self.checks: dict[str, QCheckBox] = {}
        self.numbers: dict[str, NumberField] = {}
        self.choices: dict[str, dict[str, QCheckBox]] = {}
        self.single_choices: dict[str, QComboBox] = {}
        self.texts: dict[str, QLineEdit] = {}
        for section, title in SECTION_TITLES.items():
            factors = [f for f in self.procedure.candidacy if f.section == section]
            if factors:
                layout.addWidget(self._factors_box(title, factors))
        layout.addStretch(1)
        controller.changed.connect(self.record_changed)
        self.refresh()

    def record_changed(self, changes: Changes) -> None:
        if changes.touches(Part.RECORD):
            for field in self.numbers.values():
                field.reset()
        if changes.touches(Part.ANSWERS, Part.LEVELS, Part.STATUS, Part.PATIENT):
            self.refresh()

    def _mjoa_box(self) -> QGroupBox:
        box = QGroupBox("mJOA score")
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.mjoa_boxes: dict[str, QComboBox] = {}
        for item in self.procedure.mjoa.items:
            combo = QComboBox()
            combo.setAccessibleName(item.label)
            combo.setToolTip("Modified Japanese Orthopaedic Association score, 0 to 18")
            combo.addItem(NOT_RECORDED, None)
            for option in item.options:
                combo.addItem(f"{option.points}  {option.text}", option.points)
            key = a.mjoa_key(item.id)
            combo.activated.connect(lambda _i, c=combo, k=key: self.save(k, c.currentData()))
            self.mjoa_boxes[item.id] = combo
            form.addRow(item.label, combo)
        self.mjoa_total = QLabel()
        self.mjoa_total.setObjectName("mjoaTotal")
        self.mjoa_total.setAccessibleName("mJOA total and band")
        font = self.mjoa_total.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.mjoa_total.setFont(font)
        form.addRow(self.mjoa_total)
        return box

    def _scales_box(self) -> QGroupBox:
        box = QGroupBox("Function and general health")
        form = QFormLayout(box)
        self.nurick = self._scale_combo(self.procedure.nurick, a.NURICK)
        self.asa = self._scale_combo(self.procedure.asa, a.ASA)
        form.addRow(self.procedure.nurick.name, self.nurick)
        form.addRow(self.procedure.asa.name, self.asa)
        return box

    def _scale_combo(self, scale: Scale, key: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(scale.name)
        combo.addItem(NOT_RECORDED, None)
        for grade in scale.grades:
            combo.addItem(f"{grade.grade}  {grade.definition}", grade.grade)
            tip = grade.definition + (f"\nFor example: {grade.examples}" if grade.examples else "")
            combo.setItemData(combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        combo.setToolTip(scale.note or scale.name)
        combo.activated.connect(lambda _i: self.save(key, combo.currentData()))
        return combo

    def _factors_box(self, title: str, factors: list[CandidacyFactor]) -> QGroupBox:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for factor in factors:
            if factor.id in DERIVED:
                continue
            if factor.kind == "boolean":
                check = QCheckBox(factor.label)
                check.setAccessibleName(factor.label)
                check.setToolTip(factor.help)
                check.clicked.connect(lambda on, fid=factor.id: self.save(fid, bool(on)))
                self.checks[factor.id] = check
                form.addRow(check)
            elif factor.kind == "number":
                field = NumberField(factor, self.save)
                field.setToolTip(factor.help)
                self.numbers[factor.id] = field
                form.addRow(factor.label, field)
                if factor.id == a.WEIGHT:
                    self.bmi = QLabel()
                    self.bmi.setAccessibleName("BMI")
                    form.addRow("BMI", self.bmi)
            elif factor.kind == "choice" and not factor.multiple:
                combo = QComboBox()
                combo.setAccessibleName(factor.label)
                combo.setToolTip(factor.help)
                combo.addItem(NOT_RECORDED, None)
                for choice in factor.choices:
                    combo.addItem(factor.label_of(choice), choice)
                combo.activated.connect(
                    lambda _i, c=combo, fid=factor.id: self.save(fid, c.currentData())
                )
                self.single_choices[factor.id] = combo
                form.addRow(factor.label, combo)
            elif factor.kind == "choice":
                group = QWidget()
                column = QVBoxLayout(group)
                column.setContentsMargins(0, 0, 0, 0)
                boxes: dict[str, QCheckBox] = {}
                for choice in factor.choices:
                    check = QCheckBox(factor.label_of(choice))
                    check.setAccessibleName(f"{factor.label}: {factor.label_of(choice)}")
                    check.clicked.connect(lambda _on, fid=factor.id: self.save_choices(fid))
                    boxes[choice] = check
                    column.addWidget(check)
                self.choices[factor.id] = boxes
                form.addRow(factor.label, group)
            else:
                edit = QLineEdit()
                edit.setAccessibleName(factor.label)
                edit.setToolTip(factor.help)
                edit.editingFinished.connect(lambda e=edit, fid=factor.id: self.save_text(fid, e))
                self.texts[factor.id] = edit
                form.addRow(factor.label, edit)
        return box

    def save_text(self, factor_id: str, edit: QLineEdit) -> None:
        value = edit.text().strip()
        answers = self.consultations.answers()
        if value != (answers.get(factor_id) or ""):
            self.save(factor_id, value)

    def save(self, key: str, value: Any) -> None:
        self.controller.do(self.consultations.answer, key, value)

    def save_choices(self, factor_id: str) -> None:
        chosen = [c for c, box in self.choices[factor_id].items() if box.isChecked()]
        self.save(factor_id, chosen)

    def refresh(self, *_: object) -> None:
        record = self.consultations.record
        self.setEnabled(self.consultations.editable)
        answers = self.consultations.answers()
        levels = self.consultations.levels
        age = self.consultations.patient_age()
        levels_text = " and ".join(levels)
        self.patient_line.setText(
            f"Age {age} at this consultation · {len(levels)} level{'s' if len(levels) > 1 else ''}"
            f" planned ({levels_text})"
            if record
            else "No consultation is open."
        )
        for item in self.procedure.mjoa.items:
            _select(self.mjoa_boxes[item.id], answers.get(a.mjoa_key(item.id)))
        result = a.mjoa_result(self.procedure.mjoa, answers)
        self.mjoa_total.setText(
            f"mJOA {result.total} of {self.procedure.mjoa.max_total}: {result.band.name}"
            if result
            else "mJOA: score every item to see the total"
        )
        _select(self.nurick, answers.get(a.NURICK))
        _select(self.asa, answers.get(a.ASA))
        for fid, check in self.checks.items():
            check.setChecked(answers.get(fid) is True)
        for fid, field in self.numbers.items():
            field.show_value(answers.get(fid))
        for fid, combo in self.single_choices.items():
            _select(combo, answers.get(fid))
        for fid, edit in self.texts.items():
            value = answers.get(fid)
            if not edit.hasFocus():
                edit.setText(value if isinstance(value, str) else "")
        for fid, boxes in self.choices.items():
            chosen = answers.get(fid) or []
            for choice, box in boxes.items():
                box.setChecked(choice in chosen)
        value = a.bmi(answers.get(a.HEIGHT), answers.get(a.WEIGHT))
        self.bmi.setText("—" if value is None else f"{value:.1f}")
        prompts = a.candidacy_prompts(self.procedure, answers, levels=levels, age=age)
        self.prompts.setText(_prompts_html(prompts) if record else "")


def _select(combo: QComboBox, value: Any) -> None:
    index = combo.findData(value) if value is not None else 0
    combo.setCurrentIndex(max(0, index))


def _prompts_html(prompts: tuple[a.Prompt, ...]) -> str:
    if not prompts:
        return "<i>No prompts.</i>"
    marks = {"guideline": "Guideline", "nonsurgical": "Note", "raised": "Raised risk"}
    rows = []
    for p in prompts:
        cite = f" <span style='color:#6b5a2a'>[{', '.join(p.sources)}]</span>" if p.sources else ""
        rows.append(f"<p><b>{marks[p.kind]}:</b> {html.escape(p.text)}{cite}</p>")
    return "".join(rows)
