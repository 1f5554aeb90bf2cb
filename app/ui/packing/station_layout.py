"""The packing station's widgets and layout, readable from a metre away: a big banner,
the order in large type, its lines with bins, the parcels and carrier beside them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.ui.common.cell_tooltips import show_clipped_text
from app.ui.common.i18n import translate
from app.ui.packing.lines_model import PackLinesModel

CARRIERS = ("", "DHL", "DPD", "UPS", "FedEx", "USPS", "Royal Mail", "Evri", "GLS", "PostNL",
            "Deutsche Post", "La Poste")


class StationWidgets(QWidget):
    """The station's children, declared and laid out here; PackingStation adds the work."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lay_out()

    def _lay_out(self) -> None:
        """Create the station's widgets (big banner, order header, lines table, parcels,
        carrier, manual code and note fields, live numbers, key help) and lay them out."""
        self.banner = QLabel()
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setWordWrap(True)
        self.banner.setMinimumHeight(110)
        # Under a refusal that needs more than a line: what is missing and what to do.
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setStyleSheet("font-size: 20px; color: #7f0000; padding: 4px 12px;")
        self.detail.setVisible(False)
        self.header = QLabel()
        self.header.setStyleSheet("font-size: 26px; font-weight: bold;")
        self.header.setWordWrap(True)
        self.ship_to = QLabel()
        self.ship_to.setStyleSheet("font-size: 17px;")
        self.ship_to.setWordWrap(True)
        self.lines_model = PackLinesModel(self)
        self.table = QTableView()
        show_clipped_text(self.table)
        self.table.setModel(self.lines_model)
        self.table.setStyleSheet("font-size: 22px;")
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)  # Tab / Ctrl+Tab leave the table
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(44)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            head.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.parcels = QLabel()
        self.parcels.setStyleSheet("font-size: 17px;")
        self.carrier = QComboBox()
        self.carrier.setEditable(True)
        self.carrier.addItems(CARRIERS)
        self.code_entry = QLineEdit()
        self.code_entry.setPlaceholderText(translate("packing.station_layout",
            "Type a code by hand and press Enter"))
        self.note = QLineEdit()
        self.note.setPlaceholderText(translate("packing.station_layout",
            "Note for this order (kept with the packing record)"))
        # What the last completed order's label did: sent where, or why not (F11 resends).
        self.label_status = QLabel()
        self.label_status.setStyleSheet("font-size: 17px;")
        self.label_status.setWordWrap(True)
        self.stats = QLabel()
        self.stats.setStyleSheet("font-size: 16px; color: #333;")
        self.keys_help = QLabel(translate("packing.station_layout",
            "F2 quantity · Ctrl+Z undo · F6 new parcel · F7 weight · F8 tracking · F9 complete · "
            "Shift+F9 override · F11 label again · Esc put aside · Ctrl+M mute"))
        self.keys_help.setStyleSheet("color: #555;")
        side = QVBoxLayout()
        side.addWidget(QLabel(translate("packing.station_layout", "Parcels")))
        side.addWidget(self.parcels)
        side.addWidget(QLabel(translate("packing.station_layout", "Carrier")))
        side.addWidget(self.carrier)
        side.addStretch(1)
        side_panel = QWidget()
        side_panel.setLayout(side)
        side_panel.setFixedWidth(380)  # steady: the table must not jump as parcels fill
        middle = QHBoxLayout()
        middle.addWidget(self.table, 1)
        middle.addWidget(side_panel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.detail)
        layout.addWidget(self.header)
        layout.addWidget(self.ship_to)
        layout.addLayout(middle, 1)
        entry = QHBoxLayout()
        entry.addWidget(self.code_entry, 1)
        entry.addWidget(self.note, 2)
        layout.addLayout(entry)
        layout.addWidget(self.label_status)
        layout.addWidget(self.stats)
        layout.addWidget(self.keys_help)
