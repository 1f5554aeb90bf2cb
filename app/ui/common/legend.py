"""A colour legend beside a list: a small swatch and a word for each colour the list uses
("■ Backorder  ■ On hold  ■ Cancelled"), with the longer meaning in each one's tooltip."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from app.ui.common.theme import readable


class ColourLegend(QWidget):
    def __init__(self, entries: Sequence[tuple[str, str, str]],
                 parent: QWidget | None = None) -> None:
        """`entries`: (colour as made for a light window, word, what it means)."""
        super().__init__(parent)
        self.setObjectName("colour_legend")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(10)
        self.labels: list[QLabel] = []
        for colour, word, meaning in entries:
            shown = readable(colour).name()
            label = QLabel(f'<span style="color:{shown}; font-size:large">■</span> '
                           f'<span style="color:{shown}">{word}</span>')
            label.setToolTip(meaning)
            row.addWidget(label)
            self.labels.append(label)
