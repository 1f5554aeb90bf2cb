"""The user guide inside the app: the page list, a search box that keeps the pages holding
every word typed, and the page itself (Markdown in a QTextBrowser). Keyboard only: type to
search, Down to the list, Up/Down through pages, Ctrl+F back to the search, Esc closes."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeyEvent, QKeySequence, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.ui.common.i18n import translate
from app.ui.common.qt_helpers import add_shortcut
from app.ui.shell import guide


class _SearchBox(QLineEdit):
    """Down (or Enter) moves to the page list, as in a launcher."""

    def __init__(self, on_down: object) -> None:
        super().__init__()
        self._on_down = on_down

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt name)
        if event.key() == Qt.Key.Key_Down:
            self._on_down()  # type: ignore[operator]
            return
        super().keyPressEvent(event)


class HelpWindow(QDialog):
    def __init__(self, parent: QWidget | None = None, pages: list[guide.Page] | None = None
                 ) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("shell.help_window", "Backroom user guide"))
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.pages = pages if pages is not None else guide.load_pages()
        self.search = _SearchBox(self._to_list)
        self.search.setPlaceholderText(translate(
            "shell.help_window", "Search the guide (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.count = QLabel()
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.document().setDocumentMargin(16)
        left = QWidget()
        side = QVBoxLayout(left)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.search)
        side.addWidget(self.list, 1)
        side.addWidget(self.count)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self.browser)
        split.setStretchFactor(1, 1)
        split.setSizes([260, 740])
        layout = QHBoxLayout(self)
        layout.addWidget(split)
        self.resize(1000, 700)
        self.search.textChanged.connect(self.filter)
        self.search.returnPressed.connect(self._to_list)
        self.list.currentItemChanged.connect(self._on_current)
        self.browser.anchorClicked.connect(self._on_link)
        add_shortcut(QKeySequence.StandardKey.Find, self, self._to_search)
        self.filter("")
        if not self.pages:
            self.browser.setPlainText(translate(
                "shell.help_window", "The guide's pages were not found in {folder}.").format(
                folder=guide.guide_folder()))

    # -- pages -----------------------------------------------------------------------------
    def filter(self, query: str) -> None:
        shown = guide.matching(self.pages, query)
        current = self.current_page()
        self.list.blockSignals(True)
        self.list.clear()
        for page in shown:
            item = QListWidgetItem(page.title)
            item.setData(Qt.ItemDataRole.UserRole, page.name)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.count.setText(translate("shell.help_window", "{shown} of {total} pages").format(
            shown=len(shown), total=len(self.pages)))
        names = [p.name for p in shown]
        if current in names and not query:
            self.list.setCurrentRow(names.index(current))
        elif shown:
            self.list.setCurrentRow(0)

    def shown_names(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.list.count())]

    def current_page(self) -> str:
        return str(self.browser.property("page") or "")

    def show_page(self, name: str) -> bool:
        page = next((p for p in self.pages if p.name == name), None)
        if page is None:
            return False
        if name not in self.shown_names():
            self.search.clear()
        self.browser.setProperty("page", name)
        self.browser.setMarkdown(page.text)
        self.setWindowTitle(translate("shell.help_window", "{title} — Backroom user guide")
                            .format(title=page.title))
        names = self.shown_names()
        if name in names and self.list.currentRow() != names.index(name):
            self.list.blockSignals(True)
            self.list.setCurrentRow(names.index(name))
            self.list.blockSignals(False)
        words = self.search.text().split()
        if words:  # show where the first word is
            self.browser.find(words[0])
        return True

    def _on_current(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is not None:
            self.show_page(str(item.data(Qt.ItemDataRole.UserRole)))

    def _on_link(self, url: QUrl) -> None:
        target = url.toString()
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
        elif target.endswith(".md"):
            self.show_page(target.rsplit("/", 1)[-1].removesuffix(".md"))

    def _to_list(self) -> None:
        self.list.setFocus()
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)

    def _to_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def document(self) -> QTextDocument:
        return self.browser.document()
