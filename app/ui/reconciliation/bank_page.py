"""The Reconciliation tab's Bank page: each payout beside the bank line it arrived in, and
the bank lines themselves, with the button that links a payout to a line by hand."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.money import format_money
from app.services.reconciliation import bank
from app.ui.common.column_widths import fit_columns
from app.ui.common.i18n import QT_TRANSLATE_NOOP, translate
from app.ui.common.rows_model import RowsModel


def day(value: datetime | None) -> str:
    return value.date().isoformat() if value else ""


def table(model: RowsModel[Any]) -> QTableView:
    """A read-only, one-row-at-a-time table as every list of this tab shows."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    # Fit columns to the first rows only: measuring 100,000 rows would freeze the window.
    view.horizontalHeader().setResizeContentsPrecision(60)
    view.setAlternatingRowColors(True)
    fit_columns(view)   # on the first rows in sight; widths the user drags are kept
    return view


class BankPage(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.link_button = QPushButton(translate("reconciliation.tab",
                                                 "&Link payout ↔ bank line (Ctrl+L)"))
        self.deposits_model: RowsModel[bank.DepositRow] = RowsModel([
            (QT_TRANSLATE_NOOP("Column", "Store"), lambda r: r.store, False),
            (QT_TRANSLATE_NOOP("Column", "Report"), lambda r: r.source, False),
            (QT_TRANSLATE_NOOP("Column", "Payout"), lambda r: r.external_id, False),
            (QT_TRANSLATE_NOOP("Column", "Paid on"), lambda r: day(r.paid_on), False),
            (QT_TRANSLATE_NOOP("Column", "Paid out"),
             lambda r: format_money(r.total_minor, r.currency), True),
            (QT_TRANSLATE_NOOP("Column", "In the bank"),
             lambda r: day(r.booked_on) if r.bank_line_id else
             translate("reconciliation.tab", "not found"), False),
            (QT_TRANSLATE_NOOP("Column", "Bank text"), lambda r: r.bank_text, False),
            (QT_TRANSLATE_NOOP("Column", "Matched by"), lambda r: r.matched_by, False)])
        self.bank_model: RowsModel[bank.BankLineRow] = RowsModel([
            (QT_TRANSLATE_NOOP("Column", "Booked"), lambda r: day(r.booked_on), False),
            (QT_TRANSLATE_NOOP("Column", "Amount"),
             lambda r: format_money(r.amount_minor, r.currency), True),
            (QT_TRANSLATE_NOOP("Column", "Text"),
             lambda r: f"{r.description} {r.reference}".strip(), False),
            (QT_TRANSLATE_NOOP("Column", "Payouts"),
             lambda r: str(r.payouts) if r.payouts else "", True),
            (QT_TRANSLATE_NOOP("Column", "Account"), lambda r: r.account, False)])
        self.deposits_view = table(self.deposits_model)
        self.deposits_view.setAccessibleName(translate("reconciliation.tab",
                                                       "Payouts and their deposits"))
        self.bank_view = table(self.bank_model)
        self.bank_view.setAccessibleName(translate("reconciliation.tab", "Bank lines"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(translate("reconciliation.tab",
                                          "Each payout and the bank line it arrived in")))
        layout.addWidget(self.deposits_view, 3)
        layout.addWidget(QLabel(translate("reconciliation.tab",
                                          "Bank lines (a payout fitting several is linked "
                                          "by choosing both and Ctrl+L)")))
        layout.addWidget(self.bank_view, 2)
        link_row = QHBoxLayout()
        link_row.addStretch(1)
        link_row.addWidget(self.link_button)
        layout.addLayout(link_row)

    def load(self, deposits: list[bank.DepositRow], lines: list[bank.BankLineRow]) -> None:
        self.deposits_model.set_rows(deposits)
        self.bank_model.set_rows(lines)

    def choose(self, payout_id: int | None, bank_line_id: int | None) -> None:
        """Make the payout's deposit row and the bank line current, and focus the first."""
        if payout_id is not None:
            for i, r in enumerate(self.deposits_model.rows):
                if r.payout_id == payout_id:
                    self.deposits_view.setCurrentIndex(self.deposits_model.index(i, 0))
        if bank_line_id is not None:
            for i, b in enumerate(self.bank_model.rows):
                if b.id == bank_line_id:
                    self.bank_view.setCurrentIndex(self.bank_model.index(i, 0))
        (self.deposits_view if payout_id is not None else self.bank_view).setFocus()

    def chosen(self) -> tuple[bank.DepositRow, bank.BankLineRow] | None:
        """The payout and the bank line chosen to be linked, when both are."""
        d_row = self.deposits_view.currentIndex().row()
        b_row = self.bank_view.currentIndex().row()
        if not (0 <= d_row < len(self.deposits_model.rows)
                and 0 <= b_row < len(self.bank_model.rows)):
            return None
        return self.deposits_model.rows[d_row], self.bank_model.rows[b_row]
