"""The Suppliers tab's list pages: suppliers, purchase orders, the scorecard."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.money import exponent, format_money
from app.services.core.backend import Backend
from app.services.core.errors import BackroomError
from app.services.labels.jobs import record_job
from app.services.labels.putaway import putaway_labels
from app.services.suppliers import files, po_document, purchase_orders, reads, scorecard
from app.services.suppliers.catalog import settings
from app.services.suppliers.landed_cost import convert
from app.ui.common.column_widths import fit_columns
from app.ui.common.empty_state import add_empty_state
from app.ui.common.i18n import QT_TRANSLATE_NOOP, translate
from app.ui.common.qt_helpers import add_shortcut
from app.ui.suppliers.dialogs import (
    MODE_WORDS,
    NewPODialog,
    ShipDialog,
    SupplierDialog,
    class_words,
)
from app.ui.suppliers.document_dialog import DocumentDialog
from app.ui.suppliers.trend_chart import TrendChart

_CONTEXT = Qt.ShortcutContext.WidgetWithChildrenShortcut
def _headers(*titles: str) -> tuple[str, ...]:
    """Column titles in the chosen language (each marked with QT_TRANSLATE_NOOP)."""
    return tuple(translate("suppliers.pages", title) for title in titles)


def _table(headers: Sequence[str], stretch: int = 0) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    fit_columns(table, stretch=stretch)
    return table


def _fill(table: QTableWidget, rows: Sequence[Sequence[object]], right: set[int]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem("" if value is None else str(value))
            if c in right:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)
    if rows and table.currentRow() < 0:
        table.selectRow(0)


class SuppliersPage(QWidget):
    changed = Signal()

    def __init__(self, backend: Backend) -> None:
        super().__init__()
        self.backend = backend
        self.rows: list[reads.SupplierRow] = []
        self.table = _table(_headers(
            QT_TRANSLATE_NOOP("suppliers.pages", "Supplier"),
            QT_TRANSLATE_NOOP("suppliers.pages", "Class"),
            QT_TRANSLATE_NOOP("suppliers.pages", "Currency"),
            QT_TRANSLATE_NOOP("suppliers.pages", "Terms"),
            QT_TRANSLATE_NOOP("suppliers.pages", "Incoterm"),
            QT_TRANSLATE_NOOP("suppliers.pages", "Products"),
            QT_TRANSLATE_NOOP("suppliers.pages", "Open POs"),
            QT_TRANSLATE_NOOP("suppliers.pages", "Active")))
        self.table.activated.connect(self.edit)   # Enter (or a double click) on a row
        self.empty = add_empty_state(
            self.table, translate("suppliers.pages",
                                  "No suppliers yet — New supplier…, or Import a price list."),
            [(translate("suppliers.pages", "New supplier…"), self.new),
             (translate("suppliers.pages", "Import price list…"), self.import_file)],
            icon_name="suppliers")
        self.message = QLabel()
        new = QPushButton(translate("suppliers.pages", "&New supplier… (Ctrl+N)"))
        new.clicked.connect(self.new)
        edit = QPushButton(translate("suppliers.pages", "&Edit… (Enter)"))
        edit.clicked.connect(self.edit)
        imp = QPushButton(translate("suppliers.pages", "&Import price list…"))
        imp.clicked.connect(self.import_file)
        exp = QPushButton(translate("suppliers.pages", "E&xport…"))
        exp.clicked.connect(self.export_file)
        bar = QHBoxLayout()
        for b in (new, edit, imp, exp):
            bar.addWidget(b)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        self.setFocusProxy(self.table)
        add_shortcut(QKeySequence("Ctrl+N"), self, self.new, _CONTEXT)

    def reload(self) -> None:
        self.rows = self.backend.read(reads.supplier_rows)
        _fill(self.table, [(r.name, class_words(r.klass), r.currency,
                            r.payment_terms, r.incoterm, r.products, r.open_pos,
                            translate("suppliers.pages",
                                      "yes") if r.active else translate("suppliers.pages", "no"))
                           for r in self.rows], {5, 6})

    def new(self) -> None:
        if SupplierDialog(self.backend, self).exec():
            self.reload()
            self.changed.emit()

    def edit(self) -> None:
        r = self.table.currentRow()
        if 0 <= r < len(self.rows) and SupplierDialog(self.backend, self, self.rows[r]).exec():
            self.reload()
            self.changed.emit()

    def import_file(self, path: str = "") -> None:
        if not path:
            path, _f = QFileDialog.getOpenFileName(self, translate("suppliers.pages",
                                                                   "Import suppliers"), "",
                                                   translate("suppliers.pages",
                                                             "Price lists (*.csv *.xlsx)"))
        if not path:
            return
        try:
            got = self.backend.run(files.import_suppliers, Path(path), actor=self.backend.actor)
        except BackroomError as exc:
            self.message.setText(str(exc))
            self.message.setStyleSheet("color: #b00020;")
            return
        self.message.setStyleSheet("")
        self.message.setText(translate(
            "suppliers.pages",
            "{new} new supplier(s), {updated} updated; {prices_new} new price(s), "
            "{prices_updated} updated.").format(
            new=got.suppliers_new, updated=got.suppliers_updated, prices_new=got.prices_new,
            prices_updated=got.prices_updated))
        self.reload()
        self.changed.emit()

    def export_file(self, path: str = "") -> None:
        if not path:
            path, _f = QFileDialog.getSaveFileName(self, translate("suppliers.pages",
                                                                   "Export suppliers"),
                                                   "suppliers.xlsx",
                                                   "Excel (*.xlsx);;CSV (*.csv)")
        if not path:
            return
        Path(path).write_bytes(self.backend.read(files.export_suppliers, Path(path).suffix))
        self.message.setText(translate("suppliers.pages", "Wrote {path}.").format(path=path))


class OrdersPage(QWidget):
    receive_requested = Signal(str)   # a PO number for the receiving page

    def __init__(self, backend: Backend) -> None:
        super().__init__()
        self.backend = backend
        self.rows: list[reads.PORow] = []
        self.document: DocumentDialog | None = None
        self.table = _table(_headers(
            QT_TRANSLATE_NOOP("suppliers.pages", "PO"),
            QT_TRANSLATE_NOOP("suppliers.pages", "Supplier"),
            QT_TRANSLATE_NOOP("suppliers.pages", "Status"),
            QT_TRANSLATE_NOOP("suppliers.pages", "Units"),
            QT_TRANSLATE_NOOP("suppliers.pages", "Total (supplier)"),
            QT_TRANSLATE_NOOP("suppliers.pages", "Total (store)"),
            QT_TRANSLATE_NOOP("suppliers.pages", "Promised by")), stretch=1)
        self.table.itemSelectionChanged.connect(self._show_detail)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = QLabel()
        self.message.setWordWrap(True)
        actions = ((translate("suppliers.pages", "&New PO… (Ctrl+Shift+N)"), self.new),
                   (translate("suppliers.pages", "&Send (Ctrl+Shift+S)"), self.send),
                   (translate("suppliers.pages", "S&hip… (Ctrl+Shift+H)"), self.ship),
                   (translate("suppliers.pages", "&Receive (Ctrl+Shift+R)"), self.receive),
                   (translate("suppliers.pages", "&Cancel PO"), self.cancel),
                   (translate("suppliers.pages", "C&lose PO"), self.close_po),
                   (translate("suppliers.pages",
                              "&PDF for supplier… (Ctrl+Shift+D)"), self.show_pdf),
                   (translate("suppliers.pages", "&Bin labels… (Ctrl+Shift+B)"), self.bin_labels))
        bar = QHBoxLayout()
        for words, slot in actions:
            b = QPushButton(words)
            b.clicked.connect(slot)
            bar.addWidget(b)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.detail, 1)
        layout.addWidget(self.message)
        self.setFocusProxy(self.table)
        for key, slot in (("Ctrl+Shift+N", self.new), ("Ctrl+Shift+S", self.send),
                          ("Ctrl+Shift+H", self.ship), ("Ctrl+Shift+R", self.receive),
                          ("Ctrl+Shift+D", self.show_pdf), ("Ctrl+Shift+B", self.bin_labels)):
            add_shortcut(QKeySequence(key), self, slot, _CONTEXT)

    def reload(self) -> None:
        keep = self.current()
        self.rows = self.backend.read(reads.po_rows)
        _fill(self.table, [(r.number, r.supplier, po_status_words(r.status), r.units,
                            format_money(r.total_minor, r.currency),
                            format_money(r.home_total_minor, r.home_currency),
                            r.expected.isoformat() if r.expected else "") for r in self.rows],
              {3, 4, 5})
        for i, r in enumerate(self.rows):
            if keep is not None and r.id == keep.id:
                self.table.selectRow(i)
        self._show_detail()

    def current(self) -> reads.PORow | None:
        r = self.table.currentRow()
        return self.rows[r] if 0 <= r < len(self.rows) else None

    def _show_detail(self) -> None:
        row = self.current()
        if row is None:
            self.detail.setText("")
            return
        d = self.backend.read(reads.po_detail, row.id)
        cur, home = str(d["currency"]), str(d["home_currency"])
        total, home_total = d["total"], d["home_total"]
        assert isinstance(total, dict) and isinstance(home_total, dict)
        parts = [f"<b>{d['number']}</b> · {d['supplier']} · " + translate(
            "suppliers.pages", "rate 1 {cur} = {rate} {home} · total {total}").format(
            cur=cur, rate=d["fx_rate"], home=home, total=format_money(total["minor"], cur))
                 + ("" if cur == home else f" ({format_money(home_total['minor'], home)})")]
        for ln in d["lines"]:  # type: ignore[attr-defined]
            parts.append(f"{ln['sku']}: {ln['quantity']} × "
                         f"{_both(ln['unit_cost']['minor'], cur, home, str(d['fx_rate']))} = "
                         f"{_both(ln['line_total']['minor'], cur, home, str(d['fx_rate']))}"
                         + translate("suppliers.pages",
                                     " — shipped {shipped}, in transit {in_transit}, "
                                     "received {received}, damaged {damaged}, short {short}")
                         .format(shipped=ln["shipped"], in_transit=ln["in_transit"],
                                 received=ln["received"], damaged=ln["damaged"],
                                 short=ln["short"]))
        for sh in d["shipments"]:  # type: ignore[attr-defined]
            parts.append(translate("suppliers.pages", "{number} by {mode} · {status} · ETA {eta} · "
                                   "tracking {tracking}").format(
                number=sh["number"], mode=mode_words(sh["mode"]),
                status=po_status_words(sh["status"]), eta=sh["eta"] or "–",
                tracking=sh["tracking"] or "–"))
        self.detail.setText("<br>".join(parts))

    def _do(self, job: object, *args: object) -> None:
        row = self.current()
        if row is None:
            return
        try:
            self.backend.run(job, row.id, *args, actor=self.backend.actor)  # type: ignore[arg-type]
        except BackroomError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText("")
        self.reload()

    def new(self) -> None:
        dialog = NewPODialog(self.backend, self)
        if dialog.exec() and dialog.created is not None:
            note = "  ".join(f"⚠ {w}" for w in dialog.created.warnings)
            self.message.setText(translate("suppliers.pages", "{number} drafted. {note}").format(
                number=dialog.created.number, note=note).strip())
            self.reload()

    def send(self) -> None:
        self._do(purchase_orders.send_po)

    def cancel(self) -> None:
        self._do(purchase_orders.cancel_po)

    def close_po(self) -> None:
        self._do(purchase_orders.close_po)

    def ship(self) -> None:
        row = self.current()
        if row is None:
            return
        dialog = ShipDialog(self.backend, row.id, self)
        if dialog.exec() and dialog.shipped is not None:
            self.message.setText(translate("suppliers.pages",
                                           "{number}: {units} unit(s) in transit.")
                                 .format(number=dialog.shipped.number,
                                         units=dialog.shipped.units))
            self.reload()

    def receive(self) -> None:
        row = self.current()
        if row is not None:
            self.receive_requested.emit(row.number)

    def show_pdf(self) -> None:
        """The PO as the supplier gets it (their currency), to save or print."""
        row = self.current()
        if row is None:
            return
        try:
            data = self.backend.read(po_document.purchase_order_pdf, row.id)
        except BackroomError as exc:
            self.message.setText(str(exc))
            return
        self.document = DocumentDialog(translate("suppliers.pages", "{0} for {1}").format(
                                           row.number, row.supplier),
                                       data, f"{row.number}.pdf", self)
        self.document.open()

    def bin_labels(self) -> None:
        row = self.current()
        if row is not None:
            self.document = open_bin_labels(self.backend, row.id, self, self.message)


# A PO's and a shipment's status (app/models/suppliers PO_STATUSES, SHIPMENT_STATUSES), as a
# person says it.
_STATUS_WORDS = {"draft": QT_TRANSLATE_NOOP("suppliers.pages", "draft"),
                 "sent": QT_TRANSLATE_NOOP("suppliers.pages", "sent"),
                 "partly_shipped": QT_TRANSLATE_NOOP("suppliers.pages", "partly shipped"),
                 "shipped": QT_TRANSLATE_NOOP("suppliers.pages", "shipped"),
                 "partly_received": QT_TRANSLATE_NOOP("suppliers.pages", "partly received"),
                 "received": QT_TRANSLATE_NOOP("suppliers.pages", "received"),
                 "closed": QT_TRANSLATE_NOOP("suppliers.pages", "closed"),
                 "cancelled": QT_TRANSLATE_NOOP("suppliers.pages", "cancelled"),
                 "in_transit": QT_TRANSLATE_NOOP("suppliers.pages", "in transit")}


def po_status_words(status: str) -> str:
    """A PO status in the chosen language (one not listed with its underscores as spaces)."""
    words = _STATUS_WORDS.get(status)
    return translate("suppliers.pages", words) if words else status.replace("_", " ")


def mode_words(mode: str) -> str:
    """A shipment's mode in the chosen language ("Sea (slow)", 海运（慢船）)."""
    return translate("suppliers.dialogs", MODE_WORDS[mode]) if mode in MODE_WORDS else mode


def _both(minor: int, currency: str, home: str, rate: str) -> str:
    """An amount in the supplier's currency and, when it differs, the store's (exact, at the
    PO's rate)."""
    text = format_money(minor, currency)
    if currency == home:
        return text
    converted = convert(minor, rate, exponent(currency), exponent(home))
    return f"{text} ({format_money(converted, home)})"


def open_bin_labels(backend: Backend, po_id: int, parent: QWidget,
                    message: QLabel) -> DocumentDialog | None:
    """Bin labels for where a PO's goods go, in a preview to print (kept in the history)."""
    try:
        got = backend.read(putaway_labels, po_id)
    except BackroomError as exc:
        message.setText(str(exc))
        return None

    def printed(destination: str) -> None:
        backend.run(record_job, backend.actor, got.request, got.rendered, destination)

    dialog = DocumentDialog(
        translate("suppliers.pages", "Bin labels"), got.rendered.data, "bin-labels.pdf", parent,
        note=translate("suppliers.pages", "Labels for {0}: scan one to put the goods away.").format(
            ", ".join(got.bins)), on_printed=printed)
    dialog.open()
    return dialog


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f} %"


class ScorecardPage(QWidget):
    def __init__(self, backend: Backend) -> None:
        super().__init__()
        self.backend = backend
        self.table = _table(_headers(
            QT_TRANSLATE_NOOP("suppliers.pages", "Supplier"),
            QT_TRANSLATE_NOOP("suppliers.pages", "Class"),
            QT_TRANSLATE_NOOP("suppliers.pages", "POs"),
            QT_TRANSLATE_NOOP("suppliers.pages", "On time"),
            QT_TRANSLATE_NOOP("suppliers.pages", "Fill"),
            QT_TRANSLATE_NOOP("suppliers.pages", "Defects"),
            QT_TRANSLATE_NOOP("suppliers.pages", "Price vs agreed"),
            QT_TRANSLATE_NOOP("suppliers.pages", "Lead promised (d)"),
            QT_TRANSLATE_NOOP("suppliers.pages", "Lead actual (d)"),
            QT_TRANSLATE_NOOP("suppliers.pages", "Score"),
            QT_TRANSLATE_NOOP("suppliers.pages", "Warning")))
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.rows: list[scorecard.Score] = []
        self.chart = TrendChart()
        # A trend is a dozen month-scorecards: drawn once the arrow keys rest, not per row.
        self._trend_timer = QTimer(self)
        self._trend_timer.setSingleShot(True)
        self._trend_timer.setInterval(150)
        self._trend_timer.timeout.connect(self._show_trend)
        self.table.itemSelectionChanged.connect(self._trend_timer.start)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.note)
        layout.addWidget(self.chart, 3)
        self.setFocusProxy(self.table)

    def _show_trend(self) -> None:
        r = self.table.currentRow()
        if not 0 <= r < len(self.rows):
            return
        row = self.rows[r]
        currency, months = self.backend.read(scorecard.trend, row.supplier_id)
        self.chart.show_trend(row.name, currency, months)

    def reload(self) -> None:
        rows = self.rows = self.backend.read(scorecard.scorecard)
        w = self.backend.read(settings)
        self.note.setText(translate(
            "suppliers.pages",
            "POs of the last 12 months. Score out of 100, weighted: on time {on_time} · "
            "fill {fill} · quality {quality} · lead time {lead} · price {price}; a supplier "
            "on trial or scoring below {warn} gets a warning when a PO is drafted.").format(
            on_time=w["weight_on_time"], fill=w["weight_fill"], quality=w["weight_quality"],
            lead=w["weight_lead_time"], price=w["weight_price"], warn=w["warn_below"]))

        def days(mean: float | None, spread: float | None) -> str:
            return "–" if mean is None else f"{mean:g} ± {spread or 0:g}"

        _fill(self.table, [(r.name, class_words(r.klass), r.pos,
                            _pct(r.on_time_rate), _pct(r.fill_rate), _pct(r.defect_rate),
                            _pct(r.price_variance),
                            days(r.lead_promised_mean, r.lead_promised_spread),
                            days(r.lead_actual_mean, r.lead_actual_spread),
                            "–" if r.score is None else f"{r.score:g}", r.warning)
                           for r in rows], {2, 3, 4, 5, 6, 7, 8, 9})
        self._trend_timer.stop()
        self._show_trend()
