"""The command palette (Ctrl+K): every menu action and tab by name, filtered as you type.

Up/Down choose, Enter runs, Esc closes; the typing stays in the box the whole time. The
list is read from the menu bar when the palette opens, so a menu added anywhere is in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMenuBar,
    QVBoxLayout,
    QWidget,
)

from app.ui.common.i18n import translate


@dataclass(frozen=True)
class Command:
    name: str            # "File ▸ Import orders…"
    key: str             # "Ctrl+Q" or ""
    action: QAction


_MNEMONIC = re.compile(r"\s?\(&[^&\s]\)")  # the bracketed mnemonic of a translated text


def _plain(text: str) -> str:
    """A menu text without its mnemonic marks ("&&" stays one &; "文件(&F)" is "文件")."""
    text = _MNEMONIC.sub("", text)
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").split("\t")[0]


def commands(bar: QMenuBar) -> list[Command]:
    found: list[Command] = []

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            if action.isSeparator() or not action.isVisible():
                continue
            sub = action.menu()
            name = f"{path} ▸ {_plain(action.text())}"
            if isinstance(sub, QMenu):
                walk(sub, name)
            else:
                found.append(Command(name, action.shortcut().toString(
                    action.shortcut().SequenceFormat.NativeText), action))

    for top in bar.actions():
        menu = top.menu()
        if isinstance(menu, QMenu) and top.isVisible():
            walk(menu, _plain(top.text()))
    return found


def matches(command: Command, query: str) -> bool:
    text = command.name.lower()
    return all(word in text for word in query.lower().split())


class _Box(QLineEdit):
    def __init__(self, palette: CommandPalette) -> None:
        super().__init__()
        self._palette = palette

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt name)
        moves = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 8,
                 Qt.Key.Key_PageUp: -8}
        if event.key() in moves:
            self._palette.step(moves[Qt.Key(event.key())])
            return
        super().keyPressEvent(event)


class CommandPalette(QDialog):
    def __init__(self, bar: QMenuBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("shell.palette", "Command palette"))
        self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        self.all = commands(bar)
        self.box = _Box(self)
        self.box.setPlaceholderText(translate(
            "shell.palette", "Type a command or a tab — Enter runs it, Esc closes"))
        self.list = QListWidget()
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setUniformItemSizes(True)
        self.hint = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.box)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.hint)
        self.box.textChanged.connect(self.filter)
        self.box.returnPressed.connect(self.run_current)
        self.list.itemActivated.connect(lambda _item: self.run_current())
        self.resize(620, 420)
        self.filter("")
        self.box.setFocus()

    def filter(self, query: str) -> None:
        self.list.clear()
        for command in self.all:
            if not matches(command, query):
                continue
            text = f"{command.name}\t{command.key}" if command.key else command.name
            item = QListWidgetItem(text.replace("\t", "    "))
            item.setData(Qt.ItemDataRole.UserRole, self.all.index(command))
            if not command.action.isEnabled():
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                if command.action.toolTip():
                    item.setToolTip(command.action.toolTip())
            self.list.addItem(item)
        first = next((i for i in range(self.list.count())
                      if self.list.item(i).flags() & Qt.ItemFlag.ItemIsEnabled), -1)
        self.list.setCurrentRow(first)
        self.hint.setText(translate("shell.palette", "{count} found").format(
            count=self.list.count()) if query else "")

    def shown(self) -> list[str]:
        return [self.all[self.list.item(i).data(Qt.ItemDataRole.UserRole)].name
                for i in range(self.list.count())]

    def step(self, by: int) -> None:
        count = self.list.count()
        if not count:
            return
        row = max(0, min(count - 1, self.list.currentRow() + by))
        self.list.setCurrentRow(row)

    def current(self) -> Command | None:
        item = self.list.currentItem()
        if item is None or not item.flags() & Qt.ItemFlag.ItemIsEnabled:
            return None
        return self.all[int(item.data(Qt.ItemDataRole.UserRole))]

    def run_current(self) -> None:
        command = self.current()
        if command is None:
            return
        self.accept()
        # After the palette has closed, so a dialog the action opens is on top.
        command.action.trigger()


def place(palette: CommandPalette, parent: QWidget) -> None:
    """Centred near the top of the window, as such palettes are."""
    geometry = parent.geometry()
    x = geometry.x() + (geometry.width() - palette.width()) // 2
    palette.setGeometry(x, geometry.y() + 60, palette.width(), palette.height())
