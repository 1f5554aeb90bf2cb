"""This PC remembers how its windows were left: a window's size, place and toolbars, and
where each splitter's handle was, kept in QSettings (restored at once, saved as they change
and when the window closes)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter, QStackedWidget, QWidget


def _settings(qs: QSettings | None) -> QSettings:
    return qs if qs is not None else QSettings("Backroom", "Backroom")


def _bytes(value: object) -> QByteArray | None:
    if isinstance(value, QByteArray) and not value.isEmpty():
        return value
    if isinstance(value, bytes | bytearray) and value:
        return QByteArray(bytes(value))
    return None


class _Keeper(QObject):
    """Restores the splitters when the window first shows (laid out at its real size, so the
    handles land where they were) and saves everything when it closes."""

    def __init__(self, window: QWidget, key: str, qs: QSettings | None) -> None:
        super().__init__(window)
        self.window, self.key, self.qs = window, key, qs
        self.restored = False

    def restore_splitters(self, under: QWidget | None = None) -> None:
        """Every splitter of the window, or those `under` a part built after it showed."""
        self.restored = True
        settings = _settings(self.qs)
        for name, splitter in _splitters(self.window).items():
            if under is not None and not under.isAncestorOf(splitter):
                continue
            saved = _bytes(settings.value(f"windows/{self.key}/splitters/{name}"))
            if saved is not None:
                splitter.restoreState(saved)
            splitter.splitterMoved.connect(
                lambda _pos, _index, s=splitter, n=name: _settings(self.qs).setValue(
                    f"windows/{self.key}/splitters/{n}", s.saveState()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if watched is self.window:
            if event.type() == QEvent.Type.Show and not self.restored:
                self.restore_splitters()
            elif event.type() == QEvent.Type.Close:
                save_window(self.window, self.key, self.qs)
        return False


def save_window(window: QWidget, key: str, qs: QSettings | None = None) -> None:
    settings = _settings(qs)
    settings.setValue(f"windows/{key}/geometry", window.saveGeometry())
    if isinstance(window, QMainWindow):
        settings.setValue(f"windows/{key}/state", window.saveState())
    for name, splitter in _splitters(window).items():
        settings.setValue(f"windows/{key}/splitters/{name}", splitter.saveState())
    settings.sync()


def remember_window(window: QWidget, key: str, qs: QSettings | None = None) -> bool:
    """Restore `window` as it was last left (its splitters when it first shows), and save it
    when it closes; returns whether there was a saved size and place to restore."""
    settings = _settings(qs)
    restored = False
    geometry = _bytes(settings.value(f"windows/{key}/geometry"))
    if geometry is not None:
        restored = window.restoreGeometry(geometry)
    state = _bytes(settings.value(f"windows/{key}/state"))
    if state is not None and isinstance(window, QMainWindow):
        window.restoreState(state)
    keeper = _Keeper(window, key, qs)
    window.installEventFilter(keeper)
    if window.isVisible():
        keeper.restore_splitters()
    return restored


def remember_part(window: QWidget, part: QWidget) -> None:
    """`part` was built into `window` after it showed (a tab built when first shown): its
    splitters come back as they were left, and are saved as they change."""
    for keeper in window.findChildren(_Keeper):
        if keeper.window is window and keeper.restored:
            keeper.restore_splitters(under=part)


def _splitters(root: QWidget) -> dict[str, QSplitter]:
    """Each splitter under `root` by a name that stays the same from run to run: its object
    name if it has one, else the path of child positions from `root` down to it."""
    found: dict[str, QSplitter] = {}
    for splitter in root.findChildren(QSplitter):
        found[splitter.objectName() or _path(root, splitter)] = splitter
    return found


def _path(root: QWidget, widget: QWidget) -> str:
    steps: list[str] = []
    node: QObject = widget
    while node is not root:
        parent = node.parent()
        if parent is None:
            break
        siblings = [c for c in parent.children() if isinstance(c, QWidget)]
        # A page of a stack (a tab) by its place in the stack: the same whatever order
        # the tabs were built in (they are built when first shown).
        place = parent.indexOf(node) \
            if isinstance(parent, QStackedWidget) and isinstance(node, QWidget) \
            else siblings.index(node)  # type: ignore[arg-type]
        steps.append(f"{type(node).__name__}{place}")
        node = parent
    return "-".join(reversed(steps))
