"""The walkthrough window: navigation, levels, drawing, zoom, menus and remembered settings."""

import subprocess
import sys

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QListWidget

from consultaid.content import load_procedure
from consultaid.ui.app import build_main_window, load_pack


def pixels(widget) -> bytes:
    image = widget.grab().toImage()
    return bytes(image.constBits())


def test_next_and_previous_buttons_move_through_the_steps(qtbot, window):
    assert window.walkthrough.index == 0
    assert not window.previous_button.isEnabled()
    qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)
    assert window.walkthrough.step.id == "incision"
    assert window.steps.currentRow() == 1
    assert window.step_title.text() == window.walkthrough.step.title
    qtbot.mouseClick(window.previous_button, Qt.MouseButton.LeftButton)
    assert window.walkthrough.step.id == "condition"


def test_arrow_and_page_keys_navigate(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    assert window.walkthrough.step.id == "decompression"
    qtbot.keyClick(window, Qt.Key.Key_Left)
    assert window.walkthrough.step.id == "incision"
    qtbot.keyClick(window, Qt.Key.Key_PageUp)
    assert window.walkthrough.step.id == "condition"
    qtbot.keyClick(window, Qt.Key.Key_PageUp)
    assert window.walkthrough.step.id == "condition"


def test_last_step_disables_next(qtbot, window):
    for _ in range(10):
        qtbot.keyClick(window, Qt.Key.Key_Right)
    assert window.walkthrough.step.id == "recovery"
    assert not window.next_button.isEnabled()
    assert window.position.text() == "Step 5 of 5"


def test_step_list_selects_a_step(window):
    window.steps.setCurrentRow(3)
    assert window.walkthrough.step.id == "implant-graft"
    assert "Talking points" in window.talking_points.text()


def test_patient_text_names_the_chosen_level(qtbot, window):
    assert "C5-C6" in window.patient_text.text()
    window.levels.setCurrentIndex(window.levels.findText("C6-C7"))
    assert window.walkthrough.levels == ("C6-C7",)
    assert "C6-C7" in window.patient_text.text()
    assert "C5-C6" not in window.patient_text.text()


def test_level_change_changes_the_rendered_pixels(qtbot, window):
    window.steps.setCurrentRow(0)
    before = pixels(window.illustration)
    window.levels.setCurrentIndex(window.levels.findText("C3-C4"))
    after = pixels(window.illustration)
    assert window.walkthrough.levels == ("C3-C4",)
    assert before != after
    window.levels.setCurrentIndex(window.levels.findText("C5-C6 + C6-C7"))
    assert window.walkthrough.levels == ("C5-C6", "C6-C7")
    assert pixels(window.illustration) not in (before, after)


def draw_line(qtbot, view, start: QPoint, end: QPoint) -> None:
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=start)
    steps = 8
    for i in range(1, steps + 1):
        x = start.x() + (end.x() - start.x()) * i // steps
        y = start.y() + (end.y() - start.y()) * i // steps
        qtbot.mouseMove(view, QPoint(x, y))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=end)


def test_drawing_adds_a_stroke_in_svg_coordinates_and_undo_removes_it(qtbot, window):
    view = window.illustration
    before = pixels(view)
    centre = view.rect().center()
    draw_line(qtbot, view, centre - QPoint(80, 30), centre + QPoint(80, 30))
    strokes = window.walkthrough.strokes()
    assert len(strokes) == 1
    stroke = strokes[0]
    assert len(stroke.points) >= 3
    rect = view.target_rect()
    assert all(0 <= x <= 1200 and 0 <= y <= 800 for x, y in stroke.points)
    mid_x = 600 + (centre.x() - rect.center().x()) / rect.width() * 1200
    assert abs((stroke.points[0][0] + stroke.points[-1][0]) / 2 - mid_x) < 5
    ink = window.walkthrough.svg().split('<g id="strokes">', 1)
    assert len(ink) == 2 and f'stroke="{stroke.hex}"' in ink[1]
    assert pixels(view) != before
    window.undo_action.trigger()
    assert window.walkthrough.strokes() == ()
    assert pixels(view) == before


def test_strokes_belong_to_their_step_and_clear_is_undoable(qtbot, window):
    view = window.illustration
    centre = view.rect().center()
    draw_line(qtbot, view, centre, centre + QPoint(60, 0))
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert window.walkthrough.strokes() == ()
    qtbot.keyClick(window, Qt.Key.Key_Left)
    assert len(window.walkthrough.strokes()) == 1
    window.clear_action.trigger()
    assert window.walkthrough.strokes() == ()
    window.undo_action.trigger()
    assert len(window.walkthrough.strokes()) == 1


def test_pen_colour_is_used_for_new_strokes(qtbot, window):
    red = next(a for a in window.pen_actions.actions() if a.text().startswith("Red"))
    red.trigger()
    centre = window.illustration.rect().center()
    draw_line(qtbot, window.illustration, centre, centre + QPoint(40, 40))
    assert window.walkthrough.strokes()[-1].colour == "red"


def test_text_zoom_keys_change_the_text_size_and_are_remembered(qtbot, window, settings, prompts):
    size = window.patient_text.font().pixelSize()
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.patient_text.font().pixelSize() > size
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    smaller = window.patient_text.font().pixelSize()
    assert smaller < size
    window.close()
    again = build_main_window(load_procedure(), settings, prompts)
    qtbot.addWidget(again)
    assert again.patient_text.font().pixelSize() == smaller


def test_window_geometry_is_remembered(qtbot, window, settings, prompts):
    window.resize(701, 555)
    qtbot.waitUntil(lambda: window.width() == 701)
    window.close()
    settings.sync()
    reloaded = QSettings(settings.fileName(), QSettings.Format.IniFormat)
    again = build_main_window(load_procedure(), reloaded, prompts)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (701, 555)


def test_about_shows_version_and_content_version(window, prompts):
    window.about_action.trigger()
    _title, message = prompts.infos[-1]
    assert "ConsultAid 0." in message
    assert window.walkthrough.procedure.content_version[:12] in message


def test_every_control_has_an_accessible_name(window):
    controls = window.findChildren(QAbstractButton) + window.findChildren(QComboBox)
    controls += window.findChildren(QListWidget)
    named = [c for c in controls if c.isVisibleTo(window)]
    assert named
    missing = [c for c in named if not c.accessibleName()]
    assert not missing, [type(c).__name__ + ":" + c.objectName() for c in missing]


def test_broken_pack_at_start_up_gives_one_clear_message(tmp_path, prompts):
    (tmp_path / "procedure.toml").write_text('id = "x"\nsteps = [\n', encoding="utf-8")
    assert load_pack(tmp_path, prompts) is None
    assert len(prompts.errors) == 1
    _title, message = prompts.errors[0]
    assert "procedure.toml" in message and "line" in message


def test_broken_pack_from_the_command_line_exits_1_without_traceback(tmp_path):
    (tmp_path / "procedure.toml").write_text("id = \n", encoding="utf-8")
    code = (
        "import sys; from consultaid.ui.app import load_pack; "
        "from consultaid.ui.prompts import Prompts\n"
        "class P:\n"
        "    def error(self, t, m): print(m, file=sys.stderr)\n"
        f"sys.exit(0 if load_pack({str(tmp_path)!r}, P()) is None else 2)\n"
    )
    env_run = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"QT_QPA_PLATFORM": "offscreen", **__import__("os").environ},
        timeout=120,
    )
    assert env_run.returncode == 0
    assert "Traceback" not in env_run.stderr
    assert "procedure.toml" in env_run.stderr


def test_start_up_does_not_import_pdf_libraries(tmp_path):
    code = (
        "import os, sys\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from PySide6.QtCore import QSettings\n"
        "from consultaid.ui.app import application, build_main_window, load_pack\n"
        "app = application()\n"
        "class P:\n"
        "    def error(self, t, m): raise SystemExit(m)\n"
        "    def info(self, t, m): pass\n"
        f"s = QSettings({str(tmp_path / 's.ini')!r}, QSettings.Format.IniFormat)\n"
        "w = build_main_window(load_pack(None, P()), s, P())\n"
        "w.show(); app.processEvents()\n"
        "bad = [m for m in sys.modules if m.split('.')[0]"
        " in ('reportlab', 'svglib', 'pyhanko', 'pyhanko_certvalidator', 'fhir', 'keyring')"
        " or m.startswith('PySide6.QtPdf')]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""


def test_the_other_steps_are_rendered_ahead_while_idle(qtbot, window):
    window.illustration.forget_rendered()
    window.walkthrough.go_to(2)
    w = window.walkthrough
    others = [w.svg(i) for i in range(w.count) if i != w.index]
    qtbot.waitUntil(lambda: all(window.illustration.is_rendered(s) for s in others))
