"""Windows come back as they were left: size, place and splitter handles, per PC."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QVBoxLayout, QWidget

from app.ui.common.remember import remember_window
from app.ui.main_window import MainWindow


def _window() -> tuple[QMainWindow, QSplitter, QSplitter]:
    window = QMainWindow()
    middle = QWidget()
    outer = QSplitter(Qt.Orientation.Vertical)
    inner = QSplitter()
    for text in ("list", "detail"):
        inner.addWidget(QLabel(text))
    outer.addWidget(inner)
    outer.addWidget(QLabel("below"))
    QVBoxLayout(middle).addWidget(outer)
    window.setCentralWidget(middle)
    return window, outer, inner


def test_size_and_splitters_are_remembered(qtbot, tmp_path: Path):
    ini = str(tmp_path / "windows.ini")
    window, outer, inner = _window()
    qtbot.addWidget(window)
    assert not remember_window(window, "test", QSettings(ini, QSettings.Format.IniFormat))
    window.resize(640, 420)
    window.show()
    qtbot.waitExposed(window)
    inner.setSizes([400, 200])
    outer.setSizes([300, 100])
    wanted = (inner.sizes(), outer.sizes())
    window.close()                          # saves

    again, outer2, inner2 = _window()
    qtbot.addWidget(again)
    assert remember_window(again, "test", QSettings(ini, QSettings.Format.IniFormat))
    again.show()
    qtbot.waitExposed(again)
    assert (again.width(), again.height()) == (640, 420)
    assert (inner2.sizes(), outer2.sizes()) == wanted


def test_a_moved_handle_is_kept_without_closing(qtbot, tmp_path: Path):
    ini = str(tmp_path / "windows.ini")
    window, _outer, inner = _window()
    qtbot.addWidget(window)
    remember_window(window, "test", QSettings(ini, QSettings.Format.IniFormat))
    window.resize(600, 400)
    window.show()
    qtbot.waitExposed(window)
    inner.moveSplitter(150, 1)   # as a drag does: splitterMoved
    saved = QSettings(ini, QSettings.Format.IniFormat).allKeys()
    assert any("splitters" in key for key in saved)


def test_the_main_windows_splitters_are_found(qtbot, demo_backend, tmp_path: Path):
    ini = str(tmp_path / "windows.ini")
    window = MainWindow(demo_backend)
    qtbot.addWidget(window)
    window.tab("Pick & Pack").sounds.set_muted(True)
    remember_window(window, "main", QSettings(ini, QSettings.Format.IniFormat))
    orders = window.tab("Orders")
    # The offscreen screen is small: a restored window is fitted to it (down to the
    # window's own minimum), so this one starts at that minimum.
    window.resize(window.minimumSizeHint().width(), 560)
    window.show()
    qtbot.waitExposed(window)
    orders.split.setSizes([500, 200])
    wanted, size = orders.split.sizes(), window.size()
    window.close()
    window.tab("Labels").runner.wait(5000)

    again = MainWindow(demo_backend)
    qtbot.addWidget(again)
    again.tab("Pick & Pack").sounds.set_muted(True)
    remember_window(again, "main", QSettings(ini, QSettings.Format.IniFormat))
    again.show()
    qtbot.waitExposed(again)
    assert again.size() == size
    assert again.tab("Orders").split.sizes() == wanted
    again.tab("Labels").runner.wait(5000)
