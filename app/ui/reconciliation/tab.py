"""The Reconciliation tab (Ctrl+7): payouts per store, a payout's lines with their orders,
and the problems list, each resolved with a note.

Keys: Ctrl+I import payout files, Ctrl+B import a bank statement, F5 look for problems
again, Ctrl+E export the selected payout as CSV, Ctrl+Shift+E export the month (PDF, xlsx or
CSV), Ctrl+R resolve the selected problem with the note typed beside it, Ctrl+L link the
payout chosen in the Bank page to the chosen bank line. Selecting a line shows its order's
settlement; Enter on a problem goes to its payout (and its line, or its deposit).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.money import format_money
from app.services.core.backend import Backend
from app.services.core.errors import BackroomError
from app.services.importers.bank_statement import BankMapping
from app.services.reconciliation import bank, exporting, importing, problems, reads, settlement
from app.ui.common.empty_state import add_empty_state
from app.ui.common.file_dialogs import ask_save_path
from app.ui.common.i18n import QT_TRANSLATE_NOOP, translate
from app.ui.common.qt_helpers import add_shortcut
from app.ui.common.rows_model import RowsModel
from app.ui.common.workers import CancelToken, JobRunner, JobSignals
from app.ui.reconciliation.bank_page import BankPage, day, table

# The store picker's first item (every store).
ALL_STORES = QT_TRANSLATE_NOOP("reconciliation.tab", "All stores")
PAGE = 500  # lines and problems fetched at a time, as the view scrolls
# A problem's kind (app/services/reconciliation/problems.py) as a person says it.
KIND_WORDS = {"unpaid": QT_TRANSLATE_NOOP("reconciliation.tab", "Shipped, not paid"),
              "short_paid": QT_TRANSLATE_NOOP("reconciliation.tab", "Paid too little"),
              "overpaid": QT_TRANSLATE_NOOP("reconciliation.tab", "Paid too much"),
              "duplicate": QT_TRANSLATE_NOOP("reconciliation.tab", "Charged twice"),
              "no_order": QT_TRANSLATE_NOOP("reconciliation.tab", "No such order"),
              "ambiguous": QT_TRANSLATE_NOOP("reconciliation.tab", "Fits several orders"),
              "high_fee": QT_TRANSLATE_NOOP("reconciliation.tab", "Fee above usual"),
              "refund_no_return": QT_TRANSLATE_NOOP("reconciliation.tab", "Refund, no return"),
              "not_deposited": QT_TRANSLATE_NOOP("reconciliation.tab", "Not in the bank"),
              "no_payout": QT_TRANSLATE_NOOP("reconciliation.tab", "Deposit, no payout"),
              "deposit_ambiguous": QT_TRANSLATE_NOOP("reconciliation.tab",
                                                     "Fits several deposits")}


def kind_words(kind: str) -> str:
    """A problem's kind in the chosen language (an unknown kind as it is)."""
    return translate("reconciliation.tab", KIND_WORDS[kind]) if kind in KIND_WORDS else kind


BANK_KINDS = ("not_deposited", "no_payout", "deposit_ambiguous")


class ReconciliationTab(QWidget):
    imported = Signal(str)  # the summary shown to the user
    import_failed = Signal(str)
    bank_imported = Signal(str)

    def __init__(self, backend: Backend) -> None:
        super().__init__()
        self.backend = backend
        self.jobs = JobRunner(self)
        self._running: tuple[JobSignals, CancelToken] | None = None
        self.store_box = QComboBox()
        self.store_box.setAccessibleName(translate("reconciliation.tab", "Store"))
        self.import_button = QPushButton(translate("reconciliation.tab",
                                                   "&Import payouts… (Ctrl+I)"))
        self.find_button = QPushButton(translate("reconciliation.tab", "&Find problems (F5)"))
        self.export_button = QPushButton(translate("reconciliation.tab",
                                                   "&Export payout CSV… (Ctrl+E)"))
        self.bank_button = QPushButton(translate("reconciliation.tab",
                                                 "Import &bank statement… (Ctrl+B)"))
        self.month_button = QPushButton(translate("reconciliation.tab",
                                                  "Export &month… (Ctrl+Shift+E)"))
        self.status = QLabel(translate("reconciliation.tab",
                                       "Import a payout or settlement report to begin."))
        self.status.setWordWrap(True)
        self.payouts_model: RowsModel[reads.PayoutRow] = RowsModel([
            (QT_TRANSLATE_NOOP("Column", "Store"), lambda r: r.store, False),
            (QT_TRANSLATE_NOOP("Column", "Report"), lambda r: r.source, False),
            (QT_TRANSLATE_NOOP("Column", "Payout"), lambda r: r.external_id, False),
            (QT_TRANSLATE_NOOP("Column", "Paid on"), lambda r: day(r.paid_on), False),
            (QT_TRANSLATE_NOOP("Column", "Paid out"),
             lambda r: format_money(r.total_minor, r.currency), True),
            (QT_TRANSLATE_NOOP("Column", "Lines"), lambda r: str(r.lines), True),
            (QT_TRANSLATE_NOOP("Column", "Matched"), lambda r: str(r.matched), True),
            (QT_TRANSLATE_NOOP("Column", "No order"), lambda r: str(r.unmatched), True),
            (QT_TRANSLATE_NOOP("Column", "Fees"),
             lambda r: format_money(r.fees_minor, r.currency), True),
            (QT_TRANSLATE_NOOP("Column", "Refunds"),
             lambda r: format_money(r.refunds_minor, r.currency), True),
            (QT_TRANSLATE_NOOP("Column", "Problems"),
             lambda r: str(r.open_problems) if r.open_problems else "", True)])
        self.lines_model: RowsModel[reads.LineRow] = RowsModel([
            (QT_TRANSLATE_NOOP("Column", "Posted"), lambda r: day(r.posted_at), False),
            (QT_TRANSLATE_NOOP("Column", "Kind"), lambda r: r.kind, False),
            (QT_TRANSLATE_NOOP("Column", "What"), lambda r: r.detail, False),
            (QT_TRANSLATE_NOOP("Column", "Order"), lambda r: r.order_number or r.order_ref,
             False),
            (QT_TRANSLATE_NOOP("Column", "Match"), lambda r: r.match_state, False),
            (QT_TRANSLATE_NOOP("Column", "Amount"),
             lambda r: format_money(r.amount_minor, r.currency), True)])
        self.problems_model: RowsModel[reads.ProblemRow] = RowsModel([
            (QT_TRANSLATE_NOOP("Column", "Store"),
             lambda r: r.store or translate("reconciliation.tab", "(bank)"), False),
            (QT_TRANSLATE_NOOP("Column", "Problem"), lambda r: kind_words(r.kind), False),
            (QT_TRANSLATE_NOOP("Column", "Order"), lambda r: r.order_number, False),
            (QT_TRANSLATE_NOOP("Column", "Amount"),
             lambda r: format_money(r.amount_minor, r.currency), True),
            (QT_TRANSLATE_NOOP("Column", "Detail"), lambda r: r.detail, False)])
        self.bank_page = BankPage()
        self._bank_stale = True
        self.payouts_view = table(self.payouts_model)
        self.empty = add_empty_state(
            self.payouts_view, translate(
                "reconciliation.tab",
                "No payouts yet — Import a payout or settlement report (Shopify Payments, "
                "Amazon, PayPal, Stripe, bank CSV)."),
            [(translate("reconciliation.tab",
                        "Import…"), self.import_button.click)], icon_name="reconciliation")
        self.payouts_view.horizontalHeader().setStretchLastSection(False)
        self.lines_view = table(self.lines_model)
        self.problems_view = table(self.problems_model)
        self.order_label = QLabel("")
        self.order_label.setWordWrap(True)
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(translate(
            "reconciliation.tab", "Why is it fine? (a note is needed to resolve)"))
        self.resolve_button = QPushButton(translate("reconciliation.tab", "&Resolve (Ctrl+R)"))
        self._build()
        self._connect()
        self.reload_stores()
        self.refresh()

    def _build(self) -> None:
        top = QHBoxLayout()
        store_label = QLabel(translate("reconciliation.tab", "&Store:"))
        store_label.setBuddy(self.store_box)
        for w in (store_label, self.store_box, self.import_button, self.bank_button,
                  self.find_button, self.export_button, self.month_button):
            top.addWidget(w)
        top.addStretch(1)
        lines_box = QWidget()
        lv = QVBoxLayout(lines_box)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(QLabel(translate("reconciliation.tab", "Lines of the selected payout")))
        lv.addWidget(self.lines_view)
        lv.addWidget(self.order_label)
        problems_box = QWidget()
        pv = QVBoxLayout(problems_box)
        pv.setContentsMargins(0, 0, 0, 0)
        pv.addWidget(QLabel(translate("reconciliation.tab", "What needs a look")))
        pv.addWidget(self.problems_view)
        resolve_row = QHBoxLayout()
        note_label = QLabel(translate("reconciliation.tab", "&Note:"))
        note_label.setBuddy(self.note_edit)
        resolve_row.addWidget(note_label)
        resolve_row.addWidget(self.note_edit, 1)
        resolve_row.addWidget(self.resolve_button)
        pv.addLayout(resolve_row)
        self.pages = QTabWidget()
        self.pages.addTab(lines_box, translate("reconciliation.tab", "Lines"))
        self.pages.addTab(self.bank_page, translate("reconciliation.tab", "Bank"))
        below = QSplitter(Qt.Orientation.Horizontal)
        below.addWidget(self.pages)
        below.addWidget(problems_box)
        below.setSizes([640, 560])
        split = QSplitter(Qt.Orientation.Vertical)
        payouts_box = QWidget()
        ov = QVBoxLayout(payouts_box)
        ov.setContentsMargins(0, 0, 0, 0)
        ov.addWidget(QLabel(translate("reconciliation.tab", "Payouts")))
        ov.addWidget(self.payouts_view)
        split.addWidget(payouts_box)
        split.addWidget(below)
        split.setSizes([260, 500])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)

    def _connect(self) -> None:
        self.store_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.pages.currentChanged.connect(lambda _i: self._load_bank()
                                          if self.pages.currentWidget() is self.bank_page
                                          else None)
        self.import_button.clicked.connect(self.ask_import)
        self.find_button.clicked.connect(self.find_problems)
        self.export_button.clicked.connect(self.ask_export)
        self.bank_button.clicked.connect(self.ask_bank_import)
        self.month_button.clicked.connect(self.ask_export_month)
        self.bank_page.link_button.clicked.connect(self.link_selected)
        self.resolve_button.clicked.connect(self.resolve_selected)
        self.note_edit.returnPressed.connect(self.resolve_selected)
        self.payouts_view.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self._payout_chosen(cur.row()))
        self.lines_view.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self._line_chosen(cur.row()))
        self.problems_view.activated.connect(lambda index: self.go_to_problem(index.row()))
        add_shortcut(QKeySequence("Ctrl+I"), self, self.ask_import,
                     Qt.ShortcutContext.WidgetWithChildrenShortcut)
        add_shortcut(QKeySequence("F5"), self, self.find_problems,
                     Qt.ShortcutContext.WidgetWithChildrenShortcut)
        add_shortcut(QKeySequence("Ctrl+E"), self, self.ask_export,
                     Qt.ShortcutContext.WidgetWithChildrenShortcut)
        add_shortcut(QKeySequence("Ctrl+R"), self, self.resolve_selected,
                     Qt.ShortcutContext.WidgetWithChildrenShortcut)
        add_shortcut(QKeySequence("Ctrl+B"), self, self.ask_bank_import,
                     Qt.ShortcutContext.WidgetWithChildrenShortcut)
        add_shortcut(QKeySequence("Ctrl+Shift+E"), self, self.ask_export_month,
                     Qt.ShortcutContext.WidgetWithChildrenShortcut)
        add_shortcut(QKeySequence("Ctrl+L"), self, self.link_selected,
                     Qt.ShortcutContext.WidgetWithChildrenShortcut)

    # ---- reading

    def _call(self, job: Callable[..., Any], *args: Any, write: bool = False,
              **kwargs: Any) -> Any:
        """Run a service; a refusal is shown in the status line, never raised."""
        try:
            run = self.backend.run if write else self.backend.read
            return run(job, *args, **kwargs)
        except BackroomError as exc:
            self.say(str(exc), bad=True)
            return None

    def say(self, text: str, *, bad: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #b00020;" if bad else "")

    def store_name(self) -> str | None:
        name = self.store_box.currentText()
        return None if self.store_box.currentIndex() <= 0 or not name else name

    def reload_stores(self) -> None:
        current = self.store_name() or ""
        names = [n for _, n in self._call(reads.stores) or []]
        self.store_box.blockSignals(True)
        self.store_box.clear()
        self.store_box.addItems([translate("reconciliation.tab", ALL_STORES), *names])
        if current in names:
            self.store_box.setCurrentText(current)
        self.store_box.blockSignals(False)

    def refresh(self) -> None:
        sid = self._call(reads.store_id_of, self.store_name())
        chosen = self.selected_payout()
        self.payouts_model.set_rows(self._call(reads.payouts, sid) or [])
        self.problems_model.set_rows(
            self._call(reads.problems, sid, limit=PAGE) or [],
            lambda last: self._call(reads.problems, sid, after_id=last.id, limit=PAGE) or [],
            PAGE)
        rows = self.payouts_model.rows
        if rows:
            ids = [r.id for r in rows]
            self.select_payout(chosen if chosen in ids else ids[0])
        else:
            self.lines_model.set_rows([])
        self._bank_stale = True
        if self.pages.currentWidget() is self.bank_page:
            self._load_bank()
        if rows:
            count = self._call(reads.open_problem_count, sid) or 0
            self.say(translate("reconciliation.tab",
                               "{payouts} payout(s), {problems} problem(s) to look at. "
                               "Enter on a problem shows its payout line.").format(
                payouts=len(rows), problems=f"{count:,}"))

    def _load_bank(self) -> None:
        """The Bank page's lists, read when the page is shown (not for the first paint)."""
        if not self._bank_stale:
            return
        self._bank_stale = False
        sid = self._call(reads.store_id_of, self.store_name())
        self.bank_page.load(self._call(bank.deposit_rows, sid) or [],
                            self._call(bank.bank_lines) or [])

    def selected_payout(self) -> int | None:
        row = self.payouts_view.currentIndex().row()
        return self.payouts_model.rows[row].id if 0 <= row < len(self.payouts_model.rows) \
            else None

    def select_payout(self, payout_id: int) -> None:
        for i, r in enumerate(self.payouts_model.rows):
            if r.id == payout_id:
                # A new current row loads the lines through currentRowChanged; only when the
                # row stays the same are they loaded here (twice cost the first paint a read).
                same = self.payouts_view.currentIndex().row() == i
                self.payouts_view.selectionModel().setCurrentIndex(
                    self.payouts_model.index(i, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows)
                if same:
                    self._payout_chosen(i)
                return

    def _payout_chosen(self, row: int) -> None:
        if not 0 <= row < len(self.payouts_model.rows):
            return
        pid = self.payouts_model.rows[row].id
        self.lines_model.set_rows(
            self._call(reads.payout_lines, pid, limit=PAGE) or [],
            lambda last: self._call(reads.payout_lines, pid, after_id=last.id,
                                    limit=PAGE) or [], PAGE)
        self.order_label.setText("")

    def _line_chosen(self, row: int) -> None:
        if not 0 <= row < len(self.lines_model.rows):
            return
        line = self.lines_model.rows[row]
        if line.order_id is None:
            self.order_label.setText(
                translate("reconciliation.tab",
                          "This line is about no order.") if line.match_state == "none" else
                translate("reconciliation.tab", "No order '{ref}' in Backroom ({state}).").format(
                    ref=line.order_ref, state=line.match_state))
            return
        s = self._call(settlement.order_settlement, line.order_id)
        if s is not None:
            self.order_label.setText(
                translate("reconciliation.tab",
                          "Order {number}: expected {expected}, received {received}, "
                          "fees {fees} — {status}").format(
                    number=line.order_number,
                    expected=format_money(s.expected_minor, s.currency),
                    received=format_money(s.received_minor, s.currency),
                    fees=format_money(s.fees_minor, s.currency), status=s.status))

    def go_to_problem(self, row: int) -> None:
        """From a problem to its payout, and to the order's line in it."""
        if not 0 <= row < len(self.problems_model.rows):
            return
        p = self.problems_model.rows[row]
        if p.kind in BANK_KINDS:
            self.show_in_bank(p.payout_id, p.bank_line_id)
            self.order_label.setText(f"{kind_words(p.kind)}: {p.detail}")
            return
        self.pages.setCurrentIndex(0)
        if p.payout_id is not None:
            self.select_payout(p.payout_id)
        # The order's line the problem is about (the fee charged twice), else its first line.
        while self.lines_model.canFetchMore() and p.order_id is not None and not any(
                line.order_id == p.order_id for line in self.lines_model.rows):
            self.lines_model.fetchMore()
        hits = [i for i, line in enumerate(self.lines_model.rows)
                if p.order_id is not None and line.order_id == p.order_id]
        exact = [i for i in hits if self.lines_model.rows[i].amount_minor == p.amount_minor]
        if hits:
            self.lines_view.setCurrentIndex(self.lines_model.index((exact or hits)[0], 0))
            self.lines_view.setFocus()
            return
        self.order_label.setText(f"{kind_words(p.kind)}: {p.detail}")

    # ---- doing

    def ask_import(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from app.ui.common.file_dialogs import remember, start_folder

        paths, _ = QFileDialog.getOpenFileNames(
            self, translate("reconciliation.tab", "Import payout reports"), str(start_folder()),
            translate("reconciliation.tab",
                      "Payout reports (*.csv *.CSV *.txt *.tsv);;All files (*)"))
        if paths:
            remember(paths[0])
            self.import_files([Path(p) for p in paths])

    def import_files(self, paths: Sequence[Path]) -> None:
        """Import on the worker thread; `imported` or `import_failed` reports back."""
        backend, store = self.backend, self.store_name()

        def job(_progress: Callable[[int, int], None], _token: CancelToken) -> str:
            words = []
            for path in paths:
                got = backend.run(importing.import_payouts, backend.actor, path.name,
                                  path.read_bytes(), store=store)
                words.append(translate("reconciliation.tab",
                                       "{file}: {new} new, {unchanged} unchanged, "
                                       "{lines} lines ({matched} matched)").format(
                    file=got.file, new=got.new, unchanged=got.unchanged, lines=got.lines,
                    matched=got.matched))
            backend.run(problems.find_problems)
            return "; ".join(words)

        self.say(translate("reconciliation.tab",
                           "Importing {count} file(s)…").format(count=len(paths)))
        self.import_button.setEnabled(False)
        self._running = self.jobs.start(job, finished=self._imported, failed=self._failed)

    def _imported(self, summary: object) -> None:
        self.import_button.setEnabled(True)
        self.reload_stores()
        self.refresh()
        self.say(str(summary))
        self.imported.emit(str(summary))

    def _failed(self, error: BaseException) -> None:
        self.import_button.setEnabled(True)
        text = str(error) if isinstance(error, BackroomError | OSError) else repr(error)
        self.say(text, bad=True)
        self.import_failed.emit(text)

    def find_problems(self) -> None:
        sid = self._call(reads.store_id_of, self.store_name())
        scan = self._call(problems.find_problems, sid, write=True)
        if scan is not None:
            self.refresh()
            self.say(translate("reconciliation.tab",
                               "{new} new problem(s), {open} open, {cleared} cleared.")
                     .format(new=scan.new, open=scan.open, cleared=scan.cleared))

    def resolve_selected(self) -> None:
        row = self.problems_view.currentIndex().row()
        if not 0 <= row < len(self.problems_model.rows):
            self.say(translate("reconciliation.tab",
                               "Choose a problem in the list first."), bad=True)
            return
        problem = self.problems_model.rows[row]
        try:
            self.backend.run(problems.resolve_problem, self.backend.actor, problem.id,
                             self.note_edit.text())
        except BackroomError as exc:
            self.say(str(exc), bad=True)
            self.note_edit.setFocus()
            return
        self.note_edit.clear()
        self.refresh()
        self.say(translate("reconciliation.tab", "Resolved: {kind} {order}").format(
            kind=kind_words(problem.kind), order=problem.order_number).strip())

    def ask_export(self) -> None:
        payout = self.selected_payout()
        if payout is None:
            self.say(translate("reconciliation.tab", "Choose a payout first."), bad=True)
            return
        got = self._call(exporting.payout_csv, payout)
        if got is None:
            return
        path = ask_save_path(self, translate("reconciliation.tab", "Export payout"), got[0],
                             translate("reconciliation.tab", "CSV files (*.csv)"))
        if path:
            self.export_payout(Path(path))

    def export_payout(self, path: Path) -> bool:
        payout = self.selected_payout()
        got = self._call(exporting.payout_csv, payout) if payout is not None else None
        if got is None:
            return False
        path.write_text(got[1], encoding="utf-8", newline="")
        self.say(translate("reconciliation.tab",
                           "Saved {file}: {lines} lines and the total.").format(
            file=path.name, lines=got[1].count(chr(10)) - 1))
        return True

    # ---- the bank

    def show_in_bank(self, payout_id: int | None, bank_line_id: int | None) -> None:
        """The Bank page with the payout and the bank line a problem is about chosen."""
        self.pages.setCurrentIndex(1)
        if payout_id is not None:
            self.select_payout(payout_id)
        self.bank_page.choose(payout_id, bank_line_id)

    def ask_bank_import(self) -> None:
        from PySide6.QtWidgets import QDialog

        from app.services.importers import bank_statement
        from app.services.importers.csv_text import Source
        from app.ui.common.file_dialogs import ask_open_path
        from app.ui.reconciliation.bank_dialog import BankLayoutDialog

        path = ask_open_path(self, translate("reconciliation.tab", "Import a bank statement"),
                             translate("reconciliation.tab", "Bank statements (*.csv *.CSV *.txt)"))
        if not path:
            return
        data = Path(path).read_bytes()
        dialog = BankLayoutDialog(Path(path).name,
                                  bank_statement.header_of(Source(Path(path).name, data)),
                                  self._call(bank.mapping_names) or [], self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        name, mapping = dialog.choice()
        self.import_bank(Path(path), name, mapping)

    def import_bank(self, path: Path, layout: str, mapping: BankMapping | None = None) -> None:
        """Save the layout (when new), import the statement, match, look for problems."""
        backend = self.backend

        def job(_progress: Callable[[int, int], None], _token: CancelToken) -> str:
            if mapping is not None:
                backend.run(bank.save_mapping, backend.actor, layout, mapping)
            got = backend.run(bank.import_statement, backend.actor, path.name,
                              path.read_bytes(), layout=layout)
            backend.run(problems.find_problems)
            return translate("reconciliation.tab",
                             "{file}: {new} new bank line(s), {same} already known; "
                                  "{found} payout(s) found in the bank.").format(
                file=got.file, new=got.new, same=got.unchanged, found=got.matched)

        self.say(translate("reconciliation.tab", "Importing {0}…").format(path.name))
        self.bank_button.setEnabled(False)
        self._running = self.jobs.start(job, finished=self._bank_imported,
                                        failed=self._bank_failed)

    def _bank_imported(self, summary: object) -> None:
        self.bank_button.setEnabled(True)
        self.refresh()
        self.pages.setCurrentIndex(1)
        self.say(str(summary))
        self.bank_imported.emit(str(summary))

    def _bank_failed(self, error: BaseException) -> None:
        self.bank_button.setEnabled(True)
        self._failed(error)

    def link_selected(self) -> None:
        chosen = self.bank_page.chosen()
        if chosen is None:
            self.pages.setCurrentIndex(1)
            self.say(translate("reconciliation.tab",
                               "On the Bank page, choose a payout and the bank line it "
                                    "arrived in, then Ctrl+L."), bad=True)
            return
        payout, line = chosen
        try:
            self.backend.run(bank.link, self.backend.actor, payout.payout_id, line.id)
        except BackroomError as exc:
            self.say(str(exc), bad=True)
            return
        self._call(problems.find_problems, write=True)
        self.refresh()
        self.say(translate("reconciliation.tab",
                           "Payout {0} linked to the bank line of {1}.").format(
            payout.external_id, day(line.booked_on)))

    # ---- the month for the accountant

    def month_of_selection(self) -> str:
        pid = self.selected_payout()
        for r in self.payouts_model.rows:
            if r.id == pid and r.paid_on is not None:
                return r.paid_on.strftime("%Y-%m")
        return datetime.now().strftime("%Y-%m")

    def ask_export_month(self) -> None:
        month = self.month_of_selection()
        safe = "".join(c if c.isalnum() or c in "-_" else "-"
                       for c in (self.store_name() or "all-stores"))
        path = ask_save_path(self, translate("reconciliation.tab",
                                             "Export the month {0}").format(month),
                             f"reconciliation-{month}-{safe}.pdf",
                             "PDF (*.pdf);;Excel (*.xlsx);;CSV (*.csv)")
        if path:
            self.export_month(Path(path), month)

    def export_month(self, path: Path, month: str) -> bool:
        """Write the month as PDF, xlsx or CSV (by the file's suffix)."""
        kind = path.suffix.lstrip(".").lower() or "pdf"
        got = self._call(exporting.month_file, month, self.store_name(), kind)
        if got is None:
            return False
        try:
            path.write_bytes(got[1])
        except OSError as exc:
            self.say(translate("reconciliation.tab", "Could not save {0}: {1}").format(path.name,
                                                                       exc.strerror), bad=True)
            return False
        self.say(translate("reconciliation.tab",
                           "Saved {0}: the payouts of {1} with their deposits and "
                                "problems.").format(path.name, month))
        return True
