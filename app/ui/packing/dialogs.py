"""The packing station's small keyboard-first dialogs: quantity, override, weight."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from app.ui.common.i18n import translate

_WEIGHT = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(kg|g)?\s*$", re.IGNORECASE)


def grams_from_text(text: str) -> int | None:
    """"850", "850 g", "0.85 kg", "0,85kg" -> grams; None if it is not a weight."""
    m = _WEIGHT.match(text)
    if not m:
        return None
    value = float(m.group(1).replace(",", "."))
    unit = (m.group(2) or ("kg" if "." in m.group(1) or "," in m.group(1) else "g")).lower()
    grams = round(value * 1000) if unit == "kg" else round(value)
    return grams if grams > 0 else None


class _Form(QDialog):
    def __init__(self, parent: QWidget | None, title: str, message: str) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(title)
        self.form = QFormLayout(self)
        label = QLabel(message)
        label.setWordWrap(True)
        self.form.addRow(label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def finish(self) -> None:
        self.form.addRow(self.buttons)


def _pin_field() -> QLineEdit:
    pin = QLineEdit()
    pin.setEchoMode(QLineEdit.EchoMode.Password)
    pin.setPlaceholderText(translate("packing.dialogs", "supervisor PIN"))
    return pin


class QuantityDialog(_Form):
    """How many units of one line to count at once (a packer also gives a supervisor PIN)."""

    def __init__(self, parent: QWidget | None, name: str, remaining: int,
                 needs_pin: bool) -> None:
        super().__init__(parent, translate("packing.dialogs",
            "Type a quantity"), translate("packing.dialogs",
            "How many more of {name}? ({remaining} still to pack)").format(
            name=name, remaining=remaining))
        self.quantity = QSpinBox()
        self.quantity.setRange(1, max(1, remaining))
        self.quantity.setValue(max(1, remaining))
        self.form.addRow(translate("packing.dialogs", "Quantity"), self.quantity)
        self.pin = _pin_field()
        if needs_pin:
            self.form.addRow("PIN", self.pin)
        self.finish()
        self.quantity.setFocus()


class OverrideDialog(_Form):
    """Complete an order that is not fully verified: a supervisor's PIN and the reason."""

    def __init__(self, parent: QWidget | None, missing: str) -> None:
        super().__init__(parent, translate("packing.dialogs",
            "Supervisor override"), f"Not verified yet: {missing}. "
                         "A supervisor may complete it anyway; the reason is recorded.")
        self.pin = _pin_field()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(translate("packing.dialogs",
            "why (e.g. label torn, checked by eye)"))
        self.form.addRow("PIN", self.pin)
        self.form.addRow(translate("packing.dialogs", "Reason"), self.reason)
        self.finish()
        self.pin.setFocus()


class WeightDialog(_Form):
    """The weight of the current parcel, typed or scanned from a scale (g, or kg with a dot)."""

    def __init__(self, parent: QWidget | None, parcel: int) -> None:
        super().__init__(parent, translate("packing.dialogs",
            "Parcel weight"), translate("packing.dialogs",
            "Weight of parcel {parcel} (e.g. 850 or 0.85 kg):").format(
            parcel=parcel))
        self.weight = QLineEdit()
        self.form.addRow(translate("packing.dialogs", "Weight"), self.weight)
        self.finish()
        self.weight.setFocus()

    def grams(self) -> int | None:
        return grams_from_text(self.weight.text())
