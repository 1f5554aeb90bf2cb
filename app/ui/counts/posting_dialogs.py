"""The two questions before a count is posted: what to do with lines nobody scanned, and the
confirmation (units and value on and off, recount flags, a supervisor's PIN when the value
reaches the approval limit). Neither posts on a stray Enter: a scanner sends one after
every code."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.core.backend import Backend
from app.services.core.errors import BackroomError
from app.services.core.supervisors import supervisor_for_pin
from app.services.counts.posting import PostingSummary, UnscannedLine
from app.ui.common.i18n import translate
from app.ui.common.messages import error_text
from app.ui.common.money_text import money_text

ZERO, LEAVE_OUT = "zero", "leave-out"


def _money(values: dict[str, int]) -> str:
    return ", ".join(money_text(v, c) for c, v in sorted(values.items())) or "0.00"


def _table(headers: tuple[str, ...], rows: list[tuple[str, ...]],
           right: tuple[int, ...]) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)   # Tab goes from button to button
    table.setWordWrap(False)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if c in right:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                      | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
    table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
    return table


class UnscannedDialog(QDialog):
    """Names the never-scanned lines and asks: count them as zero, or leave them out.

    `choice` is ZERO or LEAVE_OUT once accepted; Escape (or Keep counting) rejects. Enter
    chooses nothing: Keep counting is the default.
    """

    def __init__(self, lines: tuple[UnscannedLine, ...], reference: str,
                 parent: QWidget | None = None, *, show_money: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("counts.posting_dialogs",
            "{reference}: lines never scanned").format(
            reference=reference))
        self.choice: str | None = None
        units = sum(u.units_off for u in lines)
        value: dict[str, int] = {}
        for u in lines:
            value[u.currency] = value.get(u.currency, 0) + u.value_minor
        heading = QLabel(
            translate("counts.posting_dialogs",
                "<b>{lines} line(s) in bins that were begun were never scanned</b> — {units} "
                "unit(s)").format(
                lines=len(lines), units=units) + (translate("counts.posting_dialogs",
                ", {value} at cost").format(
                value=_money(value)) if show_money else "")
            + translate("counts.posting_dialogs", ". What should the posting do with them?"))
        heading.setWordWrap(True)
        self.table = _table(
            (translate("counts.posting_dialogs",
                "Bin"), "SKU", translate("counts.posting_dialogs",
                "Item"), translate("counts.posting_dialogs",
                "Expected"), translate("counts.posting_dialogs",
                "Value at cost")),
            [(u.bin, u.sku, u.name, str(u.expected), money_text(u.value_minor, u.currency))
             for u in lines], right=(3, 4))
        self.table.setColumnHidden(4, not show_money)
        self.zero_button = QPushButton(translate("counts.posting_dialogs",
            "Count as &zero (write them off)"))
        self.leave_button = QPushButton(translate("counts.posting_dialogs",
            "&Leave them out (stock stays)"))
        self.keep_button = QPushButton(translate("counts.posting_dialogs", "&Keep counting"))
        self.zero_button.setToolTip(translate("counts.posting_dialogs",
            "Posts them as counted 0: their stock is written off."))
        self.leave_button.setToolTip(translate("counts.posting_dialogs",
            "Their stock stays as it is; they are marked not counted."))
        for b in (self.zero_button, self.leave_button):
            b.setAutoDefault(False)
        self.keep_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.zero_button)
        buttons.addWidget(self.leave_button)
        buttons.addStretch(1)
        buttons.addWidget(self.keep_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.zero_button.clicked.connect(lambda: self._choose(ZERO))
        self.leave_button.clicked.connect(lambda: self._choose(LEAVE_OUT))
        self.keep_button.clicked.connect(self.reject)
        self.setTabOrder(self.zero_button, self.leave_button)
        self.setTabOrder(self.leave_button, self.keep_button)
        self.keep_button.setFocus()
        self.resize(720, min(520, 190 + 30 * len(lines)))

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()


class PostConfirmDialog(QDialog):
    """Post CNT-…? with what it writes on and off, the recount flags and, at or above the
    approval limit, a supervisor's PIN. Cancel is the default; Enter posts only from a
    typed PIN. `pin` holds the PIN once accepted."""

    def __init__(self, backend: Backend, summary: PostingSummary,
                 parent: QWidget | None = None, *, show_money: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("counts.posting_dialogs",
            "Post {reference}").format(
            reference=summary.reference))
        self.backend = backend
        self.summary = summary
        self.pin = ""
        def value(values: dict[str, int]) -> str:
            return translate("counts.posting_dialogs",
                ", <b>{values}</b> at cost").format(
                values=_money(values)) if show_money else ""

        text = [translate("counts.posting_dialogs",
            "<b>Post {reference}?</b> A posted count can then only be reversed.").format(
            reference=summary.reference),
                translate("counts.posting_dialogs",
                    "Written on (found): <b>+{units_on}</b> unit(s)").format(
                    units_on=summary.units_on)
                + value(summary.value_on),
                translate("counts.posting_dialogs",
                    "Written off (missing): <b>−{units_off}</b> unit(s)").format(
                    units_off=summary.units_off)
                + value(summary.value_off),
                translate("counts.posting_dialogs",
                    "{lines_changed} line(s) change.").format(
                    lines_changed=summary.lines_changed)]
        if summary.unscanned:
            done = (translate("counts.posting_dialogs",
                "counted as zero (written off)") if summary.unscanned_choice == ZERO
                    else translate("counts.posting_dialogs",
                        "left out (their stock stays; marked not counted)"))
            text.append(translate("counts.posting_dialogs",
                "{unscanned} never-scanned line(s) {done}.").format(
                unscanned=len(summary.unscanned), done=done))
        self.heading = QLabel("<br>".join(text))
        self.heading.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        self.recount = QLabel(translate("counts.posting_dialogs",
            "<b style='color:#8a4b00'>{recount} line(s) flagged for recount:</b>").format(
            recount=len(summary.recount)) if summary.recount
                              else translate("counts.posting_dialogs",
                                  "No line is flagged for recount."))
        layout.addWidget(self.recount)
        if summary.recount:
            self.table = _table(
                (translate("counts.posting_dialogs",
                    "Bin"), "SKU", translate("counts.posting_dialogs",
                    "Item"), translate("counts.posting_dialogs",
                    "Difference"), translate("counts.posting_dialogs",
                    "Value at cost")),
                [(r.bin, r.sku, r.name, f"{r.difference:+d}",
                  money_text(r.value_minor, r.currency)) for r in summary.recount],
                right=(3, 4))
            self.table.setColumnHidden(4, not show_money)
            self.table.setStyleSheet("background: #fff3e0;")
            layout.addWidget(self.table, 1)
        self.pin_field = QLineEdit()
        self.pin_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_field.setPlaceholderText(translate("counts.posting_dialogs",
            "supervisor's PIN, then Enter"))
        self.pin_field.setMaxLength(12)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error.setWordWrap(True)
        if summary.needs_pin:
            # One phrase per currency over its limit ("€420.00 reaches the limit €300.00").
            over = translate("counts.posting_dialogs", ", ").join(
                translate("counts.posting_dialogs", "{value} reaches the limit {limit}").format(
                    value=money_text(max(summary.value_on.get(c, 0),
                                         summary.value_off.get(c, 0)), c),
                    limit=money_text(summary.limits[c], c))
                for c in summary.over_limit)
            note = QLabel(translate("counts.posting_dialogs",
                "<b>A supervisor's PIN is needed:</b> {value}.").format(
                value=over if show_money else translate("counts.posting_dialogs",
                    "the value reaches the approval limit")))
            note.setWordWrap(True)
            layout.addWidget(note)
            layout.addWidget(self.pin_field)
            self.pin_field.installEventFilter(self)
        else:
            self.pin_field.hide()
        layout.addWidget(self.error)
        self.post_button = QPushButton(translate("counts.posting_dialogs", "&Post"))
        self.post_button.setAutoDefault(False)
        self.cancel_button = QPushButton(translate("counts.posting_dialogs", "Cancel"))
        self.cancel_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.post_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        self.post_button.clicked.connect(self.confirm)
        self.cancel_button.clicked.connect(self.reject)
        if summary.needs_pin:
            self.setTabOrder(self.pin_field, self.post_button)
        self.setTabOrder(self.post_button, self.cancel_button)
        (self.pin_field if summary.needs_pin else self.cancel_button).setFocus()
        self.resize(640, 300 + (28 * min(len(summary.recount), 8)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        # Enter in the PIN field posts (the PIN typed is the deliberate act); it never
        # reaches the dialog, whose default button would cancel.
        if (watched is self.pin_field and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self.confirm()
            return True
        return super().eventFilter(watched, event)

    def confirm(self) -> None:
        """Post: with a PIN when one is needed, checked here first so a typo can be fixed
        (the posting checks it again)."""
        pin = self.pin_field.text().strip()
        if self.summary.needs_pin:
            if not pin:
                self.error.setText(translate("counts.posting_dialogs",
                    "Type a supervisor's PIN to post, or Escape to cancel."))
                self.pin_field.setFocus()
                return
            try:
                self.backend.read(supervisor_for_pin, pin)
            except BackroomError as exc:
                self.error.setText(error_text(exc))
                self.pin_field.clear()
                self.pin_field.setFocus()
                return
        self.pin = pin
        self.accept()
