"""The counting screen: scan a bin label, then its items (+1 each); or type counts in the grid.

Scans are taken by the wedge-scanner filter wherever the focus is on this screen; a person
can also type a code (or a bin) in the field and press Enter. A number of up to five digits
typed there is a quantity for the next scan ("12", Enter, scan: twelve of that item).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.core.backend import Backend
from app.services.core.errors import BackroomError
from app.services.counts import counting as counts
from app.services.counts import posting as count_posting
from app.services.stock import reads as stock_views
from app.ui.common.access import sees_money
from app.ui.common.column_widths import fit_columns
from app.ui.common.i18n import QT_TRANSLATE_NOOP, translate
from app.ui.common.messages import error_text
from app.ui.counts.posting_dialogs import UnscannedDialog

try:  # the wedge-scanner filter (issue 4's); without it the field takes scans on Enter
    from app.ui.common.scanner_input import ScannerInput
except ImportError:  # pragma: no cover - only before that module exists
    ScannerInput = None  # type: ignore[assignment,misc]

Index = QModelIndex | QPersistentModelIndex
HEADERS = (QT_TRANSLATE_NOOP("Column", "Bin"), "SKU", QT_TRANSLATE_NOOP("Column", "Item"),
           QT_TRANSLATE_NOOP("Column", "Expected"), QT_TRANSLATE_NOOP("Column", "Counted"))
COUNTED = 4


class CountLinesModel(QAbstractTableModel):
    """The lines of the bin being counted; the Counted column can be typed into."""

    edited = Signal(int, int)      # line id, the quantity typed

    def __init__(self) -> None:
        super().__init__()
        self._lines: list[counts.LineView] = []
        self.highlight: int | None = None   # the line id scanned last

    def set_lines(self, lines: tuple[counts.LineView, ...]) -> None:
        self.beginResetModel()
        self._lines = list(lines)
        self.endResetModel()

    def update_line(self, line: counts.LineView) -> int:
        """Show a changed (or new) line, highlighted as the last one scanned; return its row."""
        before, self.highlight = self.highlight, line.line_id
        rows = {old.line_id: row for row, old in enumerate(self._lines)}
        if before in rows and before != line.line_id:   # repaint it without the highlight
            self.dataChanged.emit(self.index(rows[before], 0), self.index(rows[before], COUNTED))
        if line.line_id in rows:
            row = rows[line.line_id]
            self._lines[row] = line
            self.dataChanged.emit(self.index(row, 0), self.index(row, COUNTED))
            return row
        row = len(self._lines)
        self.beginInsertRows(QModelIndex(), row, row)
        self._lines.append(line)
        self.endInsertRows()
        return row

    def line_at(self, row: int) -> counts.LineView:
        return self._lines[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(HEADERS)):
            return translate("Column", HEADERS[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == COUNTED:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        line = self._lines[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            value = (line.bin, line.sku, line.name, line.expected,
                     line.counted)[index.column()]
            if role == Qt.ItemDataRole.EditRole:
                return "" if value is None else str(value)
            return "—" if value is None and index.column() >= 3 else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and line.line_id == self.highlight:
            return QBrush(QColor("#fff3b0"))
        return None

    def setData(self, index: Index, value: object,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != COUNTED:
            return False
        text = str(value).strip()
        if not text.isdigit():
            return False   # an empty cell changes nothing; "Recount" clears a line
        self.edited.emit(self._lines[index.row()].line_id, int(text))
        return True


class CountSession(QWidget):
    """Counting one count at one station; `closed` when the counter leaves without posting
    (nothing counted), `finished` when done counting and ready to post, with the choice for
    never-scanned lines ("zero", "leave-out", or "" when there were none)."""

    closed = Signal()
    finished = Signal(str)
    counted = Signal()        # something was counted (the list of counts may refresh)

    def __init__(self, backend: Backend, count_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.count_id = count_id
        self.location_id: int | None = None
        self.pending_quantity = 1
        self._bin_rows: dict[str, int] = {}
        summary = backend.read(counts.count_summary, count_id)
        self.title = QLabel(translate("counts.session",
            "Counting {reference} — {description}").format(
            reference=summary.reference, description=summary.description)
                            + ("  (blind)" if summary.blind else ""))
        self.title.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.bin_label = QLabel(translate("counts.session", "Scan a bin label to start."))
        self.bin_label.setStyleSheet("font-size: 22px; font-weight: bold;")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.entry = QLineEdit()
        self.entry.setPlaceholderText(translate("counts.session",
            "Scan a bin or an item · type a code and Enter · type a number and Enter for the "
            "next scan's quantity"))
        self.lines = CountLinesModel()
        self.table = QTableView()
        self.table.setModel(self.lines)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        fit_columns(self.table, "counts/session", stretch=2)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                                   | QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.done_button = QPushButton(translate("counts.session", "&Done counting"))
        self.all_button = QPushButton(translate("counts.session", "&All lines (count by hand)"))
        self.bins = QListWidget()     # every bin of the count with its progress
        self.bins.setMaximumWidth(260)
        self.bins.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.all_button)
        top.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.bin_label)
        layout.addWidget(self.entry)
        layout.addWidget(self.message)
        middle = QHBoxLayout()
        middle.addWidget(self.table, 1)
        middle.addWidget(self.bins)
        layout.addLayout(middle, 1)

        self.scanner = ScannerInput(self) if ScannerInput is not None else None
        if self.scanner is not None:
            self.scanner.scanned.connect(self.on_scanned)
        self.entry.returnPressed.connect(self._on_entry)
        self.lines.edited.connect(self._on_edited)
        self.table.itemDelegate().closeEditor.connect(self._on_editor_closed)
        self.done_button.clicked.connect(self.finish)
        self.unscanned_dialog: UnscannedDialog | None = None
        self.all_button.clicked.connect(self.show_all_lines)
        self.entry.setFocus()
        self.show_bins()

    def show_bins(self) -> None:
        rows = self.backend.read(counts.count_bins, self.count_id)
        self.bins.clear()
        self._bin_rows = {row[0]: i for i, row in enumerate(rows)}
        for row in rows:
            self.bins.addItem(self._bin_text(*row))

    def _show_bin(self, location_id: int) -> None:
        """Only this bin's progress (a full count may have thousands of bins)."""
        for row in self.backend.read(counts.count_bins, self.count_id, location_id=location_id):
            if row[0] in self._bin_rows:
                self.bins.item(self._bin_rows[row[0]]).setText(self._bin_text(*row))
            else:
                self.show_bins()

    @staticmethod
    def _bin_text(code: str, lines: int, counted: int, begun: bool) -> str:
        state = translate("counts.session",
            "{counted}/{lines} counted").format(
            counted=counted, lines=lines) if begun else translate("counts.session", "not begun")
        return f"{'✔' if begun else '·'} {code}   {state}"

    def show_all_lines(self) -> None:
        """Every line in walking order: type each count, Enter goes to the next line."""
        self.location_id = None
        self.lines.highlight = None
        self.lines.set_lines(self.backend.read(counts.all_lines, self.count_id))
        self.bin_label.setText(translate("counts.session", "All bins"))
        self._say(translate("counts.session",
            "Type the counted quantities; Enter goes to the next line. Scan a bin label to count "
            "by scanning again."))
        if self.lines.rowCount():
            first = self.lines.index(0, COUNTED)
            self.table.setFocus()
            self.table.setCurrentIndex(first)

    # -- input -----------------------------------------------------------------------------
    def _on_entry(self) -> None:
        text = self.entry.text().strip()
        self.entry.clear()
        if text.isdigit() and len(text) <= 5:
            self.pending_quantity = max(1, int(text))
            self._say(translate("counts.session",
                "Next scan counts {pending_quantity}.").format(
                pending_quantity=self.pending_quantity))
        elif text:
            self.on_scanned(text)

    def on_scanned(self, code: str) -> None:
        """A bin label begins (or returns to) that bin; anything else is an item in it."""
        code = code.strip()
        if not code:
            return
        try:
            location = self.backend.read(stock_views.location_by_code, code)
            if location is not None:
                self._open_bin(code)
            elif self.location_id is None:
                self._refuse(translate("counts.session",
                    "{code}: scan a bin label first.").format(
                    code=code))
            else:
                self._count_item(code)
        except BackroomError as exc:
            self._refuse(error_text(exc))

    def _open_bin(self, code: str) -> None:
        sheet = self.backend.run(counts.begin_bin, self.count_id, code,
                                 actor=self.backend.actor)
        self.location_id = sheet.location_id
        self.lines.highlight = None
        self.lines.set_lines(sheet.lines)
        self.bin_label.setText(translate("counts.session", "Bin {bin}").format(bin=sheet.bin))
        self._say(translate("counts.session",
            "Counting bin {bin}: scan its items.").format(
            bin=sheet.bin))
        self.show_bins()
        self.counted.emit()

    def _count_item(self, code: str) -> None:
        assert self.location_id is not None
        quantity, self.pending_quantity = self.pending_quantity, 1
        result = self.backend.run(counts.scan_item, self.count_id, self.location_id, code,
                                  quantity, actor=self.backend.actor)
        row = self.lines.update_line(result.line)
        self.table.scrollTo(self.lines.index(row, 0))
        found = translate("counts.session",
            "  (found: none expected here)") if result.found_stock else ""
        self._say(f"+{quantity} {result.line.sku} — {result.line.name}: "
                  f"{result.line.counted}{found}")
        self._show_bin(self.location_id)
        self.counted.emit()

    def _on_edited(self, line_id: int, quantity: int) -> None:
        try:
            line = self.backend.run(counts.set_line, line_id, quantity, actor=self.backend.actor)
        except BackroomError as exc:
            self._refuse(error_text(exc))
            return
        self.lines.update_line(line)
        self.show_bins()   # typing in the all-lines grid may have begun any bin
        self.counted.emit()

    def _on_editor_closed(self, _editor: QWidget,
                          hint: QAbstractItemDelegate.EndEditHint) -> None:
        # Enter in the grid goes on to the next line's count, as on paper.
        if hint != QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            return
        # After the view has finished closing this editor, not from inside its key event.
        QTimer.singleShot(0, self._edit_next_line)

    def _edit_next_line(self) -> None:
        row = self.table.currentIndex().row() + 1
        if row < self.lines.rowCount():
            nxt = self.lines.index(row, COUNTED)
            self.table.setCurrentIndex(nxt)
            self.table.edit(nxt)

    # -- finishing -------------------------------------------------------------------------
    def finish(self) -> None:
        """Done counting: name the lines of begun bins nobody scanned and ask what posting
        does with them (Escape goes back to counting), then `finished`."""
        if not self.backend.read(counts.count_summary, self.count_id).bins_begun:
            self.closed.emit()      # nothing counted: nothing to post
            return
        summary = self.backend.read(count_posting.posting_summary, self.count_id)
        if not summary.unscanned:
            self.finished.emit("")
            return
        dialog = UnscannedDialog(summary.unscanned, summary.reference, self,
                                 show_money=sees_money(self.backend))
        dialog.accepted.connect(lambda: self.finished.emit(dialog.choice or ""))
        dialog.rejected.connect(self._keep_counting)
        self.unscanned_dialog = dialog
        dialog.open()

    def _keep_counting(self) -> None:
        self._say(translate("counts.session", "Still counting: scan a bin label, then its items."))
        # The keyboard (and so the scanner) back to this screen, with or without a window
        # manager to do it.
        self.window().activateWindow()
        self.entry.setFocus()

    # -- feedback --------------------------------------------------------------------------
    def _say(self, text: str) -> None:
        self.message.setStyleSheet("color: #1b5e20; font-size: 14px;")
        self.message.setText(text)

    def _refuse(self, text: str) -> None:
        self.pending_quantity = 1
        self.message.setStyleSheet("color: #b00020; font-size: 14px; font-weight: bold;")
        self.message.setText(text)
        QApplication.beep()
