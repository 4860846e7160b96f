"""Issue 12, item 3: larger text in the presenter view grows the patient text and the picture's
labels, not only the heading; the text is still never cut off and the picture stays large."""

from __future__ import annotations

import re

import pytest

from consultaid.ui.presenter import NORMAL_TEXT_PX, PresenterWindow

SCREENS = [(1366, 768), (1920, 1080), (1280, 720)]


def label_px(presenter: PresenterWindow) -> float:
    """The largest label's height on screen: its size in the picture times the picture's scale."""
    view = presenter.illustration
    sizes = [float(s) for s in re.findall(r'font-size="([\d.]+)"', view.svg())]
    return max(sizes) * view.target_rect().width() / 1200


def shown(qtbot, window, width: int, height: int) -> PresenterWindow:
    presenter = PresenterWindow(window.walkthrough, NORMAL_TEXT_PX)
    qtbot.addWidget(presenter)
    presenter.resize(width, height)
    presenter.show()
    qtbot.waitExposed(presenter)
    qtbot.wait(10)  # the layout settles
    return presenter


def assert_whole(presenter: PresenterWindow) -> None:
    label = presenter.text
    assert label.height() >= label.heightForWidth(label.width()) - 2
    assert presenter.illustration.height() >= presenter.height() * 0.4


@pytest.mark.parametrize(("width", "height"), SCREENS, ids=[f"{w}x{h}" for w, h in SCREENS])
@pytest.mark.parametrize("step", [0, 1, 3, 4])
def test_larger_text_grows_the_text_and_the_labels(qtbot, window, width, height, step) -> None:
    window.walkthrough.go_to(step)
    presenter = shown(qtbot, window, width, height)
    text_before = presenter.text.font().pixelSize()
    labels_before = label_px(presenter)
    title_before = presenter.title.font().pixelSize()
    assert_whole(presenter)

    presenter.set_text_size(round(NORMAL_TEXT_PX * 1.5))
    qtbot.wait(10)

    # The heading grows with the text, never below its normal size (it may stay there when a
    # small screen leaves the text little room).
    assert presenter.title.font().pixelSize() >= title_before
    assert presenter.text.font().pixelSize() > text_before
    assert label_px(presenter) >= labels_before * 1.3
    assert_whole(presenter)


def test_normal_text_leaves_the_picture_as_the_surgeon_sees_it(qtbot, window) -> None:
    presenter = shown(qtbot, window, 1366, 768)
    assert presenter.label_scale == 1.0
    assert presenter.illustration.svg() == window.illustration.svg()


def test_the_main_windows_larger_text_reaches_the_presenter(qtbot, window) -> None:
    window.walkthrough.go_to(3)  # text short enough to grow on the tests' 800×600 screen
    window.toggle_presenter()
    presenter = window.presenter
    qtbot.waitExposed(presenter)
    qtbot.wait(10)
    text_before, labels_before = presenter.text.font().pixelSize(), label_px(presenter)
    for _ in range(3):
        window.zoom_in_action.trigger()
    qtbot.wait(10)
    assert presenter.text.font().pixelSize() > text_before
    assert label_px(presenter) > labels_before
    assert_whole(presenter)
