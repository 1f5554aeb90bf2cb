"""A small dialog to choose orders, products or bins for the print queue, with a filter."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.core.backend import Backend
from app.services.labels import sources as labels_sources
from app.ui.common.i18n import translate
from app.ui.common.words import source_words


class ItemPicker(QDialog):
    def __init__(self, backend: Backend, source: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend, self.source = backend, source
        self.setWindowTitle(translate("labels.picker", "Choose {source}").format(
            source=source_words(source)))
        self.filter = QLineEdit(placeholderText=translate("labels.picker",
            "Filter {source}…").format(
            source=source_words(source)))
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self._timer = QTimer(self, singleShot=True, interval=200)
        self._timer.timeout.connect(self.reload)
        self.filter.textChanged.connect(self._timer.start)
        self.resize(420, 480)
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        for ref, description in self.backend.read(labels_sources.choices, self.source,
                                                 self.filter.text()):
            item = QListWidgetItem(f"{ref}  —  {description}" if description else ref)
            item.setData(Qt.ItemDataRole.UserRole, ref)
            self.list.addItem(item)

    def chosen(self) -> list[str]:
        return [item.data(Qt.ItemDataRole.UserRole) for item in self.list.selectedItems()]
