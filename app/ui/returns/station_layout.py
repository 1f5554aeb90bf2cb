"""The returns station's widgets, readable from a metre away: the banner, the return, its
lines, where the next unit goes and in what condition, and the refund."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui.common.i18n import QT_TRANSLATE_NOOP, translate

# F1-F5: the condition of the next units; F6-F9: where they go.
# The words are translated where they are shown: translate("returns.station_layout", words).
CONDITION_KEYS = (("F1", "new", QT_TRANSLATE_NOOP("returns.station_layout", "New")),
                  ("F2", "opened", QT_TRANSLATE_NOOP("returns.station_layout", "Opened")),
                  ("F3", "damaged", QT_TRANSLATE_NOOP("returns.station_layout", "Damaged")),
                  ("F4", "wrong_item", QT_TRANSLATE_NOOP("returns.station_layout",
                                                         "Wrong item")),
                  ("F5", "missing", QT_TRANSLATE_NOOP("returns.station_layout", "Missing")))
DISPOSITION_KEYS = (("F6", "restock", QT_TRANSLATE_NOOP("returns.station_layout",
                                                        "Back to a bin")),
                    ("F7", "quarantine", QT_TRANSLATE_NOOP("returns.station_layout",
                                                           "Quarantine")),
                    ("F8", "scrap", QT_TRANSLATE_NOOP("returns.station_layout", "Scrap")),
                    ("F9", "supplier", QT_TRANSLATE_NOOP("returns.station_layout",
                                                         "To the supplier")))


class StationWidgets(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lay_out()

    def _lay_out(self) -> None:
        self.banner = QLabel()
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setWordWrap(True)
        self.banner.setMinimumHeight(100)
        self.header = QLabel()
        self.header.setStyleSheet("font-size: 24px; font-weight: bold;")
        self.header.setWordWrap(True)
        self.subheader = QLabel()
        self.subheader.setStyleSheet("font-size: 16px;")
        self.subheader.setWordWrap(True)
        self.table = QTableWidget(0, 6)
        self.table.setStyleSheet("font-size: 20px;")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(40)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setStretchLastSection(True)
        # Where the next unit goes and in what state: big, so it is seen before a scan.
        self.next_unit = QLabel()
        self.next_unit.setWordWrap(True)
        self.next_unit.setStyleSheet("font-size: 22px; font-weight: bold; padding: 8px; "
                                     "border: 2px solid #455a64;")
        self.opening = QGroupBox(translate("returns.station_layout", "Open a return"))
        self.reason = QComboBox()
        self.note = QLineEdit()
        self.note.setPlaceholderText(translate("returns.station_layout", "What the customer said"))
        self.create_button = QPushButton(translate("returns.station_layout",
                                                   "Open the return (Ctrl+Enter)"))
        form = QFormLayout(self.opening)
        reason_label = QLabel(translate("returns.station_layout", "&Reason"))
        reason_label.setBuddy(self.reason)
        note_label = QLabel(translate("returns.station_layout", "&Note"))
        note_label.setBuddy(self.note)
        form.addRow(reason_label, self.reason)
        form.addRow(note_label, self.note)
        form.addRow(self.create_button)
        self.refund_box = QGroupBox(translate("returns.station_layout", "Refund"))
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(translate("returns.station_layout", "items, e.g. 24.00"))
        self.shipping = QLineEdit()
        self.shipping.setPlaceholderText("0")
        self.fee = QLineEdit()
        self.fee.setPlaceholderText("0")
        self.paid_by = QComboBox()
        self.paid_by.addItem(translate("returns.station_layout", "We pay the customer"), "store")
        self.paid_by.addItem(translate("returns.station_layout", "The marketplace already paid"),
                             "marketplace")
        self.refund_button = QPushButton(translate("returns.station_layout",
                                                   "Record refund (Ctrl+R)"))
        self.refunded = QLabel()
        self.refunded.setWordWrap(True)
        rform = QFormLayout(self.refund_box)
        for text, field in ((QT_TRANSLATE_NOOP("returns.station_layout", "&Amount"), self.amount),
                            (QT_TRANSLATE_NOOP("returns.station_layout",
                                               "S&hipping"), self.shipping),
                            (QT_TRANSLATE_NOOP("returns.station_layout",
                                               "Restocking &fee"), self.fee),
                            (QT_TRANSLATE_NOOP("returns.station_layout",
                                               "Paid b&y"), self.paid_by)):
            label = QLabel(translate("returns.station_layout", text))
            label.setBuddy(field)
            rform.addRow(label, field)
        rform.addRow(self.refund_button)
        rform.addRow(self.refunded)
        self.code_entry = QLineEdit()
        self.code_entry.setPlaceholderText(translate("returns.station_layout",
                                                     "Type a code by hand and press Enter"))
        self.keys_help = QLabel(translate("returns.station_layout",
            "Scan an order, tracking or return slip · scan a bin, QUARANTINE, SCRAP or "
            "SUPPLIER, then the items · F1 new · F2 opened · F3 damaged · F4 wrong item · "
            "F5 missing · F6 bin · F7 quarantine · F8 scrap · F9 supplier · Ctrl+R refund · "
            "Ctrl+Shift+E exchange · Ctrl+P return slip · Ctrl+Shift+R reasons · "
            "Esc leave · Ctrl+M mute"))
        self.keys_help.setWordWrap(True)
        self.keys_help.setStyleSheet("color: #555;")
        side = QVBoxLayout()
        side.addWidget(self.opening)
        side.addWidget(self.refund_box)
        side.addStretch(1)
        side_panel = QWidget()
        side_panel.setLayout(side)
        side_panel.setFixedWidth(420)
        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        left.addWidget(self.next_unit)
        middle = QHBoxLayout()
        middle.addLayout(left, 1)
        middle.addWidget(side_panel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.header)
        layout.addWidget(self.subheader)
        layout.addLayout(middle, 1)
        layout.addWidget(self.code_entry)
        layout.addWidget(self.keys_help)
