"""The Orders tab: every store's orders in one lazily fetched list, filters, detail, actions."""

from __future__ import annotations

from datetime import UTC, datetime, time

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QBrush, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
)

from app.models.orders import ORDER_STATUSES
from app.services.core.backend import Backend
from app.services.orders import paging as order_pages
from app.services.orders import setup as order_setup
from app.services.orders.reads import OrderFilter, OrderRow
from app.ui.common.access import hide_money_columns
from app.ui.common.column_widths import fit_columns
from app.ui.common.empty_state import add_empty_state
from app.ui.common.formats import datetime_text, number_text
from app.ui.common.i18n import QT_TRANSLATE_NOOP, translate
from app.ui.common.legend import ColourLegend
from app.ui.common.money_text import money_text
from app.ui.common.paged_model import Column, PagedTableModel
from app.ui.common.qt_helpers import add_shortcut, python_date
from app.ui.common.theme import readable
from app.ui.common.words import status_words
from app.ui.orders.actions import OrderActions
from app.ui.orders.detail import OrderDetailPanel

ORDER_COLUMNS = (
    Column(QT_TRANSLATE_NOOP("Column", "Number"), lambda r: r.number, "number"),
    Column(QT_TRANSLATE_NOOP("Column", "Store"), lambda r: r.store, "store"),
    Column(QT_TRANSLATE_NOOP("Column",
        "Placed"), lambda r: datetime_text(r.placed_at),
           "placed_at"),
    Column(QT_TRANSLATE_NOOP("Column", "Customer"), lambda r: r.customer, "customer"),
    Column(QT_TRANSLATE_NOOP("Column", "Items"), lambda r: number_text(r.items),
           align_right=True),
    Column(QT_TRANSLATE_NOOP("Column",
        "Total"), lambda r: money_text(r.total_minor, r.currency), "total",
           align_right=True),
    Column(QT_TRANSLATE_NOOP("Column", "Status"), lambda r: status_words(r.status, capital=False),
           "status"),
    Column(QT_TRANSLATE_NOOP("Column",
        "Flags"), lambda r: ", ".join(status_words(f, capital=False) for f in r.flags)),
)
STATUS_COLOURS = {"backorder": "#b00020", "on_hold": "#9a6700", "cancelled": "#777777"}
STATUS_LEGEND = (
    (STATUS_COLOURS["backorder"], QT_TRANSLATE_NOOP("orders.tab", "Backorder"),
     QT_TRANSLATE_NOOP("orders.tab", "Not enough stock to reserve every line")),
    (STATUS_COLOURS["on_hold"], QT_TRANSLATE_NOOP("orders.tab", "On hold"),
     QT_TRANSLATE_NOOP("orders.tab", "Held: not picked until released")),
    (STATUS_COLOURS["cancelled"], QT_TRANSLATE_NOOP("orders.tab", "Cancelled"),
     QT_TRANSLATE_NOOP("orders.tab", "Cancelled: nothing to pick or ship")))


class OrderTableModel(PagedTableModel[OrderRow]):
    """Orders; backorders red, held orders amber, cancelled grey, unmatched SKUs flagged."""

    def extra_data(self, row: OrderRow, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.ForegroundRole and row.status in STATUS_COLOURS:
            return QBrush(readable(STATUS_COLOURS[row.status]))  # lighter when dark
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 7 and "unmatched" in row.flags:
                return translate("orders.tab",
                    "A line is not linked to a product yet: open the order to link it.")
            # Store names, customers and numbers can be wider than their column.
            return str(ORDER_COLUMNS[column].value(row))
        return None


class OrdersTab(OrderActions):
    def __init__(self, backend: Backend) -> None:
        super().__init__(backend)
        self.search = QLineEdit()
        self.search.setPlaceholderText(translate("orders.tab",
            "Order number, customer, email, SKU or tracking  (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.store = QComboBox()
        self.status = QComboBox()
        self.status.addItem(translate("orders.tab", "Any status"), None)
        self.status.addItem(translate("orders.tab", "Open"), "open")
        for s in ORDER_STATUSES:
            self.status.addItem(status_words(s), s)
        self.use_dates = QCheckBox(translate("orders.tab", "From"))
        self.date_from = QDateEdit(QDate.currentDate().addDays(-30))
        self.date_to = QDateEdit(QDate.currentDate())
        for d in (self.date_from, self.date_to):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
        self.flag_boxes = {f: QCheckBox(label) for f, label in (
            ("unmatched", translate("orders.tab",
                "Unmatched SKU")), ("oversold", translate("orders.tab",
                "Oversold")), ("on_hold", translate("orders.tab",
                "On hold")))}
        self.count = QLabel()
        self.import_button = QPushButton(translate("orders.tab", "&Import…"))
        self.new_button = QPushButton(translate("orders.tab", "&New order…"))
        self.hold_button = QPushButton(translate("orders.tab", "&Hold"))
        self.release_button = QPushButton(translate("orders.tab", "Re&lease"))
        self.cancel_button = QPushButton(translate("orders.tab", "Cancel order"))
        self.priority_button = QPushButton(translate("orders.tab", "Priorit&y…"))
        self.export_button = QPushButton(translate("orders.tab", "E&xport CSV…"))
        self.slips_button = QPushButton(translate("orders.tab", "&Packing slips…"))
        self.oversell_button = QPushButton(translate("orders.tab", "About to oversell"))

        self._cursors: dict[int, order_pages.PageCursor] = {}
        # No rows until the first refresh(): turning sorting on and picking the column below
        # each reload the model, which read the first page three times at start.
        self.model = OrderTableModel(ORDER_COLUMNS, lambda *_args: [])
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((150, 110, 120, 180, 50, 100, 90)):
            self.table.setColumnWidth(col, width)
        fit_columns(self.table, "orders/list")
        self.detail = OrderDetailPanel(backend)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.store)
        filters.addWidget(self.status)
        filters.addWidget(self.use_dates)
        filters.addWidget(self.date_from)
        filters.addWidget(QLabel(translate("orders.tab", "to")))
        filters.addWidget(self.date_to)
        for box in self.flag_boxes.values():
            filters.addWidget(box)
        actions = QHBoxLayout()
        for b in (self.import_button, self.new_button, self.hold_button, self.release_button,
                  self.cancel_button, self.priority_button, self.export_button, self.slips_button,
                  self.oversell_button):
            actions.addWidget(b)
        actions.addStretch(1)
        # What the row colours mean (issue 19), beside the count.
        self.legend = ColourLegend([(colour, translate("orders.tab", word),
                                     translate("orders.tab", tip))
                                    for colour, word, tip in STATUS_LEGEND])
        actions.addWidget(self.legend)
        actions.addWidget(self.count)
        # The detail scrolls inside its pane: what an order holds (a long name, many lines)
        # then never changes the pane's minimum size, so the splitter does not jump when an
        # order is selected.
        detail_scroll = QScrollArea()
        detail_scroll.setWidget(self.detail)
        detail_scroll.setWidgetResizable(True)
        detail_scroll.setFrameShape(QFrame.Shape.NoFrame)
        detail_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.split = QSplitter()
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.table)
        self.split.addWidget(detail_scroll)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)
        self.split.setSizes([820, 460])
        # The oversell panel shares the height with the list instead of adding to it, so
        # opening it never makes the window grow.
        self.vsplit = QSplitter(Qt.Orientation.Vertical)
        self.vsplit.setChildrenCollapsible(False)
        self.vsplit.addWidget(self.split)
        self.vsplit.addWidget(self.oversell)
        self.vsplit.setStretchFactor(0, 1)
        self.vsplit.setStretchFactor(1, 0)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.vsplit, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(120)  # name parts are indexed now (0780): queries are fast
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._debounce.start)
        self.search.returnPressed.connect(self._on_search_entered)
        for combo in (self.store, self.status):
            combo.currentIndexChanged.connect(self.refresh)
        for w in (self.date_from, self.date_to):
            w.dateChanged.connect(self._dates_changed)
        self.use_dates.toggled.connect(self.refresh)
        for box in self.flag_boxes.values():
            box.toggled.connect(self.refresh)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.model.rowsInserted.connect(self._update_count)
        self.table.doubleClicked.connect(self.open_selected)
        self.import_button.clicked.connect(self.import_orders)
        self.new_button.clicked.connect(self.new_order)
        self.hold_button.clicked.connect(self.hold_selected)
        self.release_button.clicked.connect(self.release_selected)
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.priority_button.clicked.connect(lambda: self.set_priority())  # noqa: PLW0108
        self.export_button.clicked.connect(self.export_selected)
        # Not connected directly: clicked(bool) would arrive as the path.
        self.slips_button.clicked.connect(lambda: self.packing_slips())  # noqa: PLW0108
        self.oversell_button.clicked.connect(self.toggle_oversell)
        self.detail.changed.connect(self._after_change)
        add_shortcut(QKeySequence.StandardKey.Find, self, self.focus_search)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # Only while the table has focus: Return in the search box must still search.
            add_shortcut(QKeySequence(key), self.table, self.open_selected,
                         Qt.ShortcutContext.WidgetShortcut)
        add_shortcut(QKeySequence("Ctrl+I"), self, self.import_orders)
        self.empty = add_empty_state(
            self.table, translate("orders.tab", "No orders yet — Import… your store's order "
                                  "export, or add one with New order…"),
            [(translate("orders.tab", "Import…"), self.import_orders),
             (translate("orders.tab", "New order…"), self.new_order)],
            filtered=self.filtering, filtered_text=translate("orders.tab",
                "No orders match the search and filters."),
            icon_name="orders")
        self.reload_stores()
        self.refresh()

    # -- the list ----------------------------------------------------------------------
    def current_filter(self) -> OrderFilter:
        status = self.status.currentData()
        statuses: tuple[str, ...] = ()
        if status == "open":
            statuses = ("new", "reserved", "backorder", "picking", "on_hold")
        elif status:
            statuses = (status,)
        start = end = None
        if self.use_dates.isChecked():
            start = datetime.combine(python_date(self.date_from.date()), time(), UTC)
            end = datetime.combine(python_date(self.date_to.date().addDays(1)), time(), UTC)
        flags = frozenset(f for f, box in self.flag_boxes.items() if box.isChecked())
        return OrderFilter(store_id=self.store.currentData(), statuses=statuses,
                           placed_from=start, placed_to=end, flags=flags,
                           search=self.search.text())

    def _fetch(self, offset: int, limit: int, sort: str | None, desc: bool) -> list[OrderRow]:
        """A page by keyset: the model asks for the rows after the ones it has loaded.

        The cursor of the page that ended at `offset` is remembered, so scrolling deep costs
        one index seek per page instead of an OFFSET walk; any reload starts from the top.
        """
        sort = sort or "placed_at"
        if offset == 0:
            self._cursors.clear()
        after = self._cursors.get(offset)
        if offset and (after is None or (after.sort, after.descending) != (sort, desc)):
            # Not reached by scrolling: find that position once, then seek from there.
            after = self.backend.read(order_pages.cursor_at, self.current_filter(), offset,
                                     sort=sort, descending=desc)
            if after is None:
                return []
        page = self.backend.read(order_pages.page_after, self.current_filter(), after, limit,
                                sort=sort, descending=desc)
        if page.cursor is not None:
            self._cursors = {offset + len(page.rows): page.cursor}
        return list(page.rows)

    def reload_stores(self) -> None:
        current = self.store.currentData()
        self.store.blockSignals(True)
        self.store.clear()
        self.store.addItem(translate("orders.tab", "All stores"), None)
        for s in self.backend.read(order_setup.list_stores):
            self.store.addItem(s.name, s.id)
        index = self.store.findData(current)
        self.store.setCurrentIndex(max(index, 0))
        self.store.blockSignals(False)

    def refresh(self) -> None:
        self._debounce.stop()
        hide_money_columns(self.table, self.backend, (5,))  # Total
        selected = self.selected_ids()
        self.model.reload(self._fetch)
        shown = self._update_count()
        if shown:
            row = next((i for i, r in enumerate(self.model.loaded_rows())
                        if selected and r.id == selected[0]), 0)
            self.table.selectRow(row)
        else:
            self.detail.show_order(None)

    def filtering(self) -> bool:
        """Whether a search or a filter may be what hides every order."""
        f = self.current_filter()
        return bool(f.search.strip() or f.store_id is not None or f.statuses or f.flags
                    or f.placed_from is not None)

    def _update_count(self) -> int:
        shown = self.model.rowCount()
        more = "+" if self.model.canFetchMore() else ""
        self.count.setText(translate("orders.tab",
            "{shown:,}{more} order{value} shown").format(
            shown=shown, more=more, value='' if shown == 1 and not more else 's'))
        return shown

    def _dates_changed(self) -> None:
        if self.use_dates.isChecked():
            self._debounce.start()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _on_search_entered(self) -> None:
        self.refresh()
        self.table.setFocus()

    def selected_rows(self) -> list[OrderRow]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex().row()]
        return [self.model.row_at(r) for r in rows if r < self.model.rowCount()]

    def _on_current_changed(self) -> None:
        index = self.table.currentIndex()
        self.detail.show_order(self.model.row_at(index.row()).id if index.isValid() else None)

    def open_selected(self) -> None:
        """Enter on a row: show it in the detail panel and move the keyboard there."""
        ids = self.selected_ids()
        if ids:
            self.detail.show_order(ids[0])
            self.detail.setFocus()
            self.detail.focusNextChild()
