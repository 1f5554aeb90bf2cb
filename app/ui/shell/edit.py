"""Edit menu work on whatever has the focus: copy rows out of a table (tab-separated, so a
spreadsheet takes them as cells), cut, paste, select all, and Find: the current tab's
search box."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def _text_of(view: QAbstractItemView, index: QModelIndex) -> str:
    value = view.model().data(index, Qt.ItemDataRole.DisplayRole)
    return "" if value is None else str(value).replace("\t", " ").replace("\n", " ")


def table_text(view: QAbstractItemView) -> str:
    """The selected cells as rows of tab-separated text (the visible columns only)."""
    selection = view.selectionModel()
    indexes = selection.selectedIndexes() if selection is not None else []
    if not indexes and view.currentIndex().isValid():
        indexes = [view.currentIndex()]
    hidden = getattr(view, "isColumnHidden", lambda _c: False)
    rows: dict[int, dict[int, str]] = {}
    for index in indexes:
        if not hidden(index.column()):
            rows.setdefault(index.row(), {})[index.column()] = _text_of(view, index)
    columns = sorted({c for cells in rows.values() for c in cells})
    return "\n".join("\t".join(rows[r].get(c, "") for c in columns) for r in sorted(rows))


def _editor(widget: QWidget | None) -> QLineEdit | QTextEdit | QPlainTextEdit | None:
    if isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit):
        return widget
    if isinstance(widget, QComboBox) and widget.isEditable():
        return widget.lineEdit()
    if isinstance(widget, QAbstractSpinBox):
        return widget.findChild(QLineEdit)
    return None


def copy() -> bool:
    widget = focused()
    if isinstance(widget, QAbstractItemView):
        text = table_text(widget)
        if text:
            QApplication.clipboard().setText(text)
        return bool(text)
    editor = _editor(widget)
    if editor is not None:
        editor.copy()
        return True
    return False


def cut() -> bool:
    editor = _editor(focused())
    if editor is None:
        return False
    editor.cut()
    return True


def paste() -> bool:
    editor = _editor(focused())
    if editor is None:
        return False
    editor.paste()
    return True


def select_all() -> bool:
    widget = focused()
    if isinstance(widget, QAbstractItemView):
        widget.selectAll()
        return True
    editor = _editor(widget)
    if editor is not None:
        editor.selectAll()
        return True
    return False


def search_box(tab: QWidget | None) -> QLineEdit | None:
    """The tab's search box: its `search` line edit, else the visible page's."""
    if tab is None:
        return None
    own = getattr(tab, "search", None)
    if isinstance(own, QLineEdit):
        return own
    pages = getattr(tab, "pages", None)
    page = pages.currentWidget() if pages is not None else None
    for candidate in (page, *(page.findChildren(QWidget) if page is not None else ())):
        for name in ("search", "filter"):
            box = getattr(candidate, name, None)
            if isinstance(box, QLineEdit) and box.isVisibleTo(tab):
                return box
    return None


def find(tab: QWidget | None) -> bool:
    box = search_box(tab)
    if box is None:
        return False
    box.setFocus(Qt.FocusReason.ShortcutFocusReason)
    box.selectAll()
    return True
