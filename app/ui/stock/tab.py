"""The Stock tab: the product catalogue (search, add, edit) and a product's stock history,
with the Levels and Counts pages beside it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.core.backend import Backend
from app.services.stock import catalog
from app.services.stock import reads as stock_views
from app.ui.common.access import hide_money_columns
from app.ui.common.column_widths import fit_columns
from app.ui.common.empty_state import add_empty_state
from app.ui.common.i18n import QT_TRANSLATE_NOOP, translate
from app.ui.common.paged_model import Column, PagedTableModel, list_fetch
from app.ui.common.qt_helpers import add_shortcut
from app.ui.counts.overview import CountsView
from app.ui.stock.history import MOVE_COLUMNS
from app.ui.stock.levels import LevelsView
from app.ui.stock.product_dialog import ProductDialog

PRODUCT_COLUMNS = (
    Column("SKU", lambda r: r.sku, "sku"),
    Column(QT_TRANSLATE_NOOP("Column", "Name"), lambda r: r.name, "name"),
    Column(QT_TRANSLATE_NOOP("Column", "Barcodes"), lambda r: r.barcodes),
    Column(QT_TRANSLATE_NOOP("Column", "Bin"), lambda r: r.bin),
    Column(QT_TRANSLATE_NOOP("Column", "On hand"), lambda r: r.on_hand, align_right=True),
    Column(QT_TRANSLATE_NOOP("Column", "Reserved"), lambda r: r.reserved, align_right=True),
    Column(QT_TRANSLATE_NOOP("Column", "Available"), lambda r: r.available, align_right=True),
    Column(QT_TRANSLATE_NOOP("Column", "Cost"), lambda r: r.cost, "cost", align_right=True),
    Column(QT_TRANSLATE_NOOP("Column", "Price"), lambda r: r.price, "price", align_right=True),
)

# A product's history: the movement columns without the SKU, which the title already says.
HISTORY_COLUMNS = tuple(c for c in MOVE_COLUMNS if c.title != "SKU")


class ProductTableModel(PagedTableModel[catalog.ProductRow]):
    """Catalogue rows; available stock at or under the reorder point shows in red."""

    def extra_data(self, row: catalog.ProductRow, column: int, role: int) -> object:
        if (role == Qt.ItemDataRole.ForegroundRole and column == 6
                and row.available <= row.reorder_point):
            return QBrush(QColor("#b00020"))
        return None


def _compact(view: QTableView) -> None:
    """One line per row, columns as wide as what they show."""
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)


class StockTab(QWidget):
    def __init__(self, backend: Backend) -> None:
        super().__init__()
        self.backend = backend
        self.search = QLineEdit()
        self.search.setPlaceholderText(translate("stock.tab",
            "Search SKU, name or barcode  (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.count = QLabel()
        self.add_button = QPushButton(translate("stock.tab", "&New product"))
        self.edit_button = QPushButton(translate("stock.tab", "&Edit"))
        self.products = ProductTableModel(PRODUCT_COLUMNS, self._fetch_products)
        self.table = QTableView()
        self.table.setModel(self.products)
        self.empty = add_empty_state(
            self.table, translate("stock.tab",
                "No products yet — New product…, or import your products file (backroom products "
                "import)."), [(translate("stock.tab",
                "New product…"), self.add_button.click)],
            filtered=lambda: bool(self.search.text().strip()),
            filtered_text=translate("stock.tab",
                "No product matches the search."), icon_name="stock")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        _compact(self.table)
        fit_columns(self.table, "stock/products")   # the name as wide as it is (capped)

        self.title = QLabel(translate("stock.tab",
            "Select a product to see its stock and history."))
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.levels = QLabel()
        self.levels.setWordWrap(True)
        self.history: PagedTableModel[stock_views.MovementRow] = PagedTableModel(
            HISTORY_COLUMNS, list_fetch([]))
        self.history_view = QTableView()
        self.history_view.setModel(self.history)
        _compact(self.history_view)
        fit_columns(self.history_view, "stock/product history")

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        top.addWidget(self.add_button)
        top.addWidget(self.edit_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.title)
        right_layout.addWidget(self.levels)
        right_layout.addWidget(QLabel(translate("stock.tab",
            "Movement history (running balance over all bins)")))
        right_layout.addWidget(self.history_view, 1)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(right)
        split.setSizes([880, 400])   # at 1280 wide the list shows every column and whole names
        catalogue = QWidget()
        layout = QVBoxLayout(catalogue)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        # Sub-pages: the catalogue, stock levels per bin (moves, history), and counts.
        # Levels and Counts are built when first opened, so the catalogue opens as fast as before.
        self.pages = QTabWidget()
        self.pages.addTab(catalogue, translate("stock.tab", "Catalogue"))
        self._lazy: dict[int, tuple[Callable[[Backend], QWidget], QWidget | None]] = {}
        for factory, title in ((LevelsView, translate("stock.tab",
            "Levels")), (CountsView, translate("stock.tab",
            "Counts"))):
            holder = QWidget()
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self._lazy[self.pages.addTab(holder, title)] = (factory, None)
        self.pages.currentChanged.connect(self._on_page_changed)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._debounce.start)
        self.search.returnPressed.connect(self._on_search_entered)
        self.add_button.clicked.connect(self.add_product)
        self.edit_button.clicked.connect(self.edit_selected)
        self.table.doubleClicked.connect(self.edit_selected)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        add_shortcut(QKeySequence.StandardKey.Find, self, self._focus_search)
        add_shortcut(QKeySequence("Ctrl+N"), self, self.add_product)
        add_shortcut(QKeySequence(Qt.Key.Key_Return), self.table, self.edit_selected)
        self.refresh()

    def add_banner(self, banner: QWidget) -> None:
        """A line above the pages, for a notice about stock (issue 20's push nudge)."""
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, banner)

    def _on_page_changed(self, index: int) -> None:
        built = index in self._lazy and self._lazy[index][1] is not None
        page = self._page(index)
        if built and isinstance(page, LevelsView):
            page.refresh()   # stock may have moved on another page or station meanwhile

    def _page(self, index: int) -> QWidget | None:
        """The widget of a lazily built page, built on first use."""
        if index not in self._lazy:
            return None
        factory, widget = self._lazy[index]
        if widget is None:
            widget = factory(self.backend)
            holder = self.pages.widget(index)
            assert holder is not None
            layout = holder.layout()
            assert layout is not None
            layout.addWidget(widget)
            self._lazy[index] = (factory, widget)
        return widget

    @property
    def levels_view(self) -> LevelsView:
        view = self._page(1)
        assert isinstance(view, LevelsView)
        return view

    @property
    def counts_view(self) -> CountsView:
        view = self._page(2)
        assert isinstance(view, CountsView)
        return view

    # -- catalogue -------------------------------------------------------------------------
    def _fetch_products(self, offset: int, limit: int, sort: str | None,
                        desc: bool) -> list[catalog.ProductRow]:
        return self.backend.read(catalog.search_products, self.search.text(), offset=offset,
                                limit=limit, sort=sort or "sku", descending=desc)

    def refresh(self) -> None:
        self._debounce.stop()
        hide_money_columns(self.table, self.backend, (7, 8))  # Cost, Price
        self.products.reload()
        total = self.backend.read(catalog.count_products, self.search.text())
        self.count.setText(translate("stock.tab", "{total:,} products").format(total=total))
        if self.products.rowCount():
            self.table.selectRow(0)
        else:
            self._show_product(None)

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _on_search_entered(self) -> None:
        self.refresh()
        self.table.setFocus()

    def selected_product_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.products.row_at(index.row()).id

    def add_product(self) -> None:
        dialog = ProductDialog(self.backend, parent=self)
        if dialog.exec() and dialog.saved_id:
            self.refresh()

    def edit_selected(self) -> None:
        pid = self.selected_product_id()
        if pid is None:
            return
        dialog = ProductDialog(self.backend, pid, parent=self)
        if dialog.exec():
            row = self.table.currentIndex().row()
            self.products.reload()
            self.table.selectRow(min(row, self.products.rowCount() - 1))

    # -- detail ----------------------------------------------------------------------------
    def _on_current_changed(self) -> None:
        self._show_product(self.selected_product_id())

    def _show_product(self, product_id: int | None) -> None:
        if product_id is None:
            self.title.setText(translate("stock.tab", "No product selected."))
            self.levels.clear()
            self.history.reload(list_fetch([]))
            return
        detail = self.backend.read(catalog.product_detail, product_id)
        rows = self.backend.read(stock_views.movement_history, product_id=product_id)
        self.title.setText(f"{detail.sku} — {detail.name}")
        bins = ", ".join(translate("stock.tab", "{bin}: {on_hand} on hand, {reserved} reserved")
                         .format(bin=code, on_hand=on_hand, reserved=res)
                         for code, on_hand, res in detail.levels) or translate("stock.tab",
                             "No stock in any bin.")
        self.levels.setText(translate("stock.tab",
            "Barcodes: {value}\n{bins}").format(
            value=', '.join(detail.barcodes) or '—', bins=bins))
        # Newest first on screen; the balance was computed oldest first.
        self.history.reload(list_fetch(list(reversed(rows))))
