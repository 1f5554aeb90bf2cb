"""The packing station's widgets and layout, readable from a metre away: a big banner,
the order in large type, its lines with bins, the parcels and carrier beside them."""

from __future__ import annotations

from typing import TYPE_CHECKING

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

from app.ui.packing_models import PackLinesModel

if TYPE_CHECKING:
    from app.ui.packing_station import PackingStation

CARRIERS = ("", "DHL", "DPD", "UPS", "FedEx", "USPS", "Royal Mail", "Evri", "GLS", "PostNL",
            "Deutsche Post", "La Poste")


def build_station_layout(station: PackingStation) -> None:
    """Create the station's widgets (big banner, order header, lines table, parcels,
    carrier, manual code and note fields, live numbers, key help) and lay them out."""
    station.banner = QLabel()
    station.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
    station.banner.setWordWrap(True)
    station.banner.setMinimumHeight(110)
    station.header = QLabel()
    station.header.setStyleSheet("font-size: 26px; font-weight: bold;")
    station.header.setWordWrap(True)
    station.ship_to = QLabel()
    station.ship_to.setStyleSheet("font-size: 17px;")
    station.ship_to.setWordWrap(True)
    station.lines_model = PackLinesModel(station)
    station.table = QTableView()
    station.table.setModel(station.lines_model)
    station.table.setStyleSheet("font-size: 22px;")
    station.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    station.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    station.table.setTabKeyNavigation(False)  # Tab / Ctrl+Tab leave the table
    station.table.verticalHeader().setVisible(False)
    station.table.verticalHeader().setDefaultSectionSize(44)
    head = station.table.horizontalHeader()
    head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for col in (1, 2, 3):
        head.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
    station.parcels = QLabel()
    station.parcels.setStyleSheet("font-size: 17px;")
    station.carrier = QComboBox()
    station.carrier.setEditable(True)
    station.carrier.addItems(CARRIERS)
    station.code_entry = QLineEdit()
    station.code_entry.setPlaceholderText("Type a code by hand and press Enter")
    station.note = QLineEdit()
    station.note.setPlaceholderText("Note for this order (kept with the packing record)")
    station.stats = QLabel()
    station.stats.setStyleSheet("font-size: 16px; color: #333;")
    station.keys_help = QLabel("F2 quantity · Ctrl+Z undo · F6 new parcel · F7 weight · "
                            "F8 tracking · F9 complete · Shift+F9 override · Esc put aside"
                            " · Ctrl+M mute")
    station.keys_help.setStyleSheet("color: #555;")
    side = QVBoxLayout()
    side.addWidget(QLabel("Parcels"))
    side.addWidget(station.parcels)
    side.addWidget(QLabel("Carrier"))
    side.addWidget(station.carrier)
    side.addStretch(1)
    side_panel = QWidget()
    side_panel.setLayout(side)
    side_panel.setFixedWidth(380)  # steady: the table must not jump as parcels fill
    middle = QHBoxLayout()
    middle.addWidget(station.table, 1)
    middle.addWidget(side_panel)
    layout = QVBoxLayout(station)
    layout.addWidget(station.banner)
    layout.addWidget(station.header)
    layout.addWidget(station.ship_to)
    layout.addLayout(middle, 1)
    entry = QHBoxLayout()
    entry.addWidget(station.code_entry, 1)
    entry.addWidget(station.note, 2)
    layout.addLayout(entry)
    layout.addWidget(station.stats)
    layout.addWidget(station.keys_help)
