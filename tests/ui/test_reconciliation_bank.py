"""The Reconciliation tab's bank page driven by keys: import a settlement and a bank
statement → the payout is found in the bank → a stray deposit is resolved with a note →
the month is exported as PDF and xlsx."""

from __future__ import annotations

from datetime import UTC, datetime

from openpyxl import load_workbook
from PySide6.QtCore import Qt

from app.services.importers.bank_statement import BankMapping
from app.services.reconciliation.demo_month import BANK_COLUMNS, generate_demo_month
from app.ui.reconciliation.bank_dialog import BankLayoutDialog
from app.ui.reconciliation.tab import ReconciliationTab


def test_import_match_resolve_export_with_the_bank(qtbot, backend, tmp_path):
    made = backend.run(generate_demo_month, datetime.now(UTC))
    settlement, statement = tmp_path / made.file_name, tmp_path / made.bank_file_name
    settlement.write_bytes(made.data)
    # A deposit no payout explains, beside the settlement's.
    statement.write_bytes(made.bank_data.replace(
        b"Card fees,MERCHANT,-12.40", b"UNKNOWN SENDER,X1,12.40"))
    tab = ReconciliationTab(backend)
    qtbot.addWidget(tab)
    tab.resize(1280, 800)
    tab.show()
    with qtbot.waitSignal(tab.imported, timeout=20000):
        tab.import_files([settlement])
    with qtbot.waitSignal(tab.bank_imported, timeout=20000) as got:
        tab.import_bank(statement, "Demo bank", BankMapping(columns=BANK_COLUMNS,
                                                            day_first=True))
    assert "1 payout(s) found in the bank" in got.args[0]
    assert tab.pages.currentIndex() == 1
    (deposit,) = tab.bank_page.deposits_model.rows
    assert deposit.matched_by == "amount+date+reference"
    assert deposit.deposit_minor == deposit.total_minor
    kinds = sorted(p.kind for p in tab.problems_model.rows)
    assert kinds == ["duplicate", "no_payout", "refund_no_return", "unpaid"]
    # Enter on the stray deposit shows it on the Bank page; resolve it with a note.
    row = [p.kind for p in tab.problems_model.rows].index("no_payout")
    tab.problems_view.setFocus()
    tab.problems_view.setCurrentIndex(tab.problems_model.index(row, 0))
    qtbot.keyClick(tab.problems_view, Qt.Key.Key_Return)
    chosen = tab.bank_page.bank_model.rows[tab.bank_page.bank_view.currentIndex().row()]
    assert chosen.amount_minor == 1240 and "UNKNOWN SENDER" in chosen.description
    tab.problems_view.setCurrentIndex(tab.problems_model.index(row, 0))
    tab.note_edit.setFocus()
    qtbot.keyClicks(tab.note_edit, "Owner's own transfer")
    qtbot.keyClick(tab.note_edit, Qt.Key.Key_Return)
    assert "no_payout" not in {p.kind for p in tab.problems_model.rows}
    # Ctrl+L with nothing fitting chosen says what to do.
    tab.bank_page.bank_view.clearSelection()
    tab.bank_page.bank_view.setCurrentIndex(tab.bank_page.bank_model.index(-1, -1))
    qtbot.keyClick(tab.bank_page.deposits_view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert "Ctrl+L" in tab.status.text()
    month = tab.month_of_selection()
    assert tab.export_month(tmp_path / "month.pdf", month)
    assert (tmp_path / "month.pdf").read_bytes().startswith(b"%PDF")
    assert tab.export_month(tmp_path / "month.xlsx", month)
    sheet = load_workbook(tmp_path / "month.xlsx")["Problems"]
    notes = {row[0].value: row[8].value for row in sheet.iter_rows(min_row=2)}
    assert notes["no_payout"] == "Owner's own transfer"


def test_the_layout_dialog_guesses_columns_and_says_what_it_chose(qtbot):
    header = ("Booking date", "Payee", "Reference", "Amount", "Currency")
    dialog = BankLayoutDialog("bank.csv", header, ["Saved one"])
    qtbot.addWidget(dialog)
    assert dialog.choice() == ("Saved one", None)
    dialog.layout_box.setCurrentIndex(1)
    dialog.name_edit.setText("My bank")
    dialog.day_first.setChecked(True)
    name, mapping = dialog.choice()
    assert name == "My bank" and mapping is not None
    assert mapping.columns == {"date": "Booking date", "amount": "Amount",
                               "description": "Payee", "reference": "Reference",
                               "currency": "Currency"}
    assert mapping.day_first and mapping.check() == []


def test_the_bank_page_is_read_when_shown_not_for_the_first_paint(qtbot, backend, tmp_path):
    made = backend.run(generate_demo_month, datetime.now(UTC))
    settlement, statement = tmp_path / made.file_name, tmp_path / made.bank_file_name
    settlement.write_bytes(made.data)
    statement.write_bytes(made.bank_data)
    tab = ReconciliationTab(backend)
    qtbot.addWidget(tab)
    with qtbot.waitSignal(tab.imported, timeout=20000):
        tab.import_files([settlement])
    with qtbot.waitSignal(tab.bank_imported, timeout=20000):
        tab.import_bank(statement, "Demo bank", BankMapping(columns=BANK_COLUMNS,
                                                            day_first=True))
    assert len(tab.bank_page.deposits_model.rows) == 1  # the import shows the Bank page
    again = ReconciliationTab(backend)   # a new tab opens on the Lines page
    qtbot.addWidget(again)
    assert again.pages.currentIndex() == 0 and again.bank_page.deposits_model.rows == []
    again.pages.setCurrentWidget(again.bank_page)
    assert len(again.bank_page.deposits_model.rows) == 1
    assert again.bank_page.bank_model.rows
