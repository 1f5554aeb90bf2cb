"""The print queue of the Labels tab: items scanned, typed or chosen, each with a quantity;
or "all" products or bins."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.core.backend import Backend
from app.services.core.errors import BackroomError
from app.services.labels import sources as labels_sources
from app.ui.common.cell_tooltips import show_clipped_text
from app.ui.common.column_widths import fit_columns
from app.ui.common.i18n import translate
from app.ui.common.words import source_words
from app.ui.labels.picker import ItemPicker


class ItemQueue(QWidget):
    changed = Signal()
    refused = Signal(str)          # a scan that is not an item of this kind

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.source = "products"
        self.all_items = False
        self.scan = QLineEdit(placeholderText=translate("labels.queue",
            "Scan or type a code, Enter adds it"))
        self.table = QTableWidget(0, 3)
        show_clipped_text(self.table)
        self.table.setHorizontalHeaderLabels([translate("labels.queue",
            "Item"), translate("labels.queue",
            "Description"), translate("labels.queue",
            "Qty")])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        fit_columns(self.table, "labels/queue", stretch=1)
        self.table.verticalHeader().hide()
        self.choose = QPushButton(translate("labels.queue", "Choose…"))
        self.everything = QPushButton(translate("labels.queue", "All"))
        self.remove = QPushButton(translate("labels.queue", "Remove"))
        self.clear = QPushButton(translate("labels.queue", "Clear"))
        self.note = QLabel(wordWrap=True)
        buttons = QHBoxLayout()
        for button in (self.choose, self.everything, self.remove, self.clear):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scan)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        self.scan.returnPressed.connect(self.on_scan)
        self.choose.clicked.connect(self.on_choose)
        self.everything.clicked.connect(self.on_all)
        self.remove.clicked.connect(self.on_remove)
        self.clear.clicked.connect(self.on_clear)

    def set_source(self, source: str) -> None:
        """Orders, products or bins; the queue empties when the kind changes."""
        if source != self.source:
            self.source = source
            self.on_clear()
        self.everything.setEnabled(source != "orders")
        self._update_note()

    def items(self) -> tuple[tuple[str, int], ...]:
        return tuple((self._reference(row), self._quantity(row).value())
                     for row in range(self.table.rowCount()))

    def _reference(self, row: int) -> str:
        item = self.table.item(row, 0)
        assert item is not None    # add_items fills every cell of a row
        return item.text()

    def _quantity(self, row: int) -> QSpinBox:
        spin = self.table.cellWidget(row, 2)
        assert isinstance(spin, QSpinBox)    # add_items puts one in every row
        return spin

    def has_items(self) -> bool:
        return self.all_items or self.table.rowCount() > 0

    def add_items(self, refs: list[tuple[str, str]], quantity: int = 1) -> None:
        """Add (reference, description) rows; one already there gets its quantity raised."""
        self.all_items = False
        for ref, description in refs:
            for row in range(self.table.rowCount()):
                if self._reference(row) == ref:
                    spin = self._quantity(row)
                    spin.setValue(spin.value() + quantity)
                    break
            else:
                row = self.table.rowCount()
                self.table.insertRow(row)
                for col, text in ((0, ref), (1, description)):
                    cell = QTableWidgetItem(text)
                    cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                    self.table.setItem(row, col, cell)
                spin = QSpinBox(minimum=1, maximum=9999, value=quantity)
                spin.valueChanged.connect(self.changed)
                self.table.setCellWidget(row, 2, spin)
        self._update_note()
        self.changed.emit()

    def on_scan(self) -> None:
        code = self.scan.text().strip()
        self.scan.clear()
        if not code:
            return
        try:
            ref = self.backend.read(labels_sources.resolve_scan, self.source, code)
        except BackroomError as exc:
            self.note.setText(str(exc))
            self.refused.emit(str(exc))
            return
        self.add_items([(ref, "" if ref == code else translate("labels.queue",
            "scanned {code}").format(
            code=code))])

    def on_choose(self) -> None:
        picker = ItemPicker(self.backend, self.source, self)
        if picker.exec():
            self.add_items([(ref, "") for ref in picker.chosen()])

    def on_all(self) -> None:
        self.table.setRowCount(0)
        self.all_items = True
        self._update_note()
        self.changed.emit()

    def on_remove(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)
        self._update_note()
        self.changed.emit()

    def on_clear(self) -> None:
        self.table.setRowCount(0)
        self.all_items = False
        self._update_note()
        self.changed.emit()

    def _update_note(self) -> None:
        if self.all_items:
            self.note.setText(translate("labels.queue", "All {source}.").format(
                source=source_words(self.source)))
        elif not self.table.rowCount():
            self.note.setText(translate("labels.queue",
                "Scan, choose or type {source} to print.").format(
                source=source_words(self.source)))
        else:
            self.note.setText("")
