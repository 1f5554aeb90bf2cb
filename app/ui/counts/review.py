"""Reviewing a count: differences in units and value, recount flags, post, reverse, export."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.core.backend import Backend
from app.services.core.errors import BackroomError
from app.services.counts import counting as counts
from app.services.counts import posting as count_posting
from app.services.counts import reports as count_reports
from app.ui.common.access import gate, hide_money_columns, sees_money
from app.ui.common.cell_tooltips import show_clipped_text
from app.ui.common.column_widths import fit_columns
from app.ui.common.file_dialogs import ask_save_path
from app.ui.common.i18n import QT_TRANSLATE_NOOP, translate
from app.ui.common.messages import error_text
from app.ui.common.money_text import money_text
from app.ui.common.paged_model import Column, PagedTableModel, list_fetch
from app.ui.common.workers import JobRunner
from app.ui.counts.posting_dialogs import PostConfirmDialog, UnscannedDialog


def _n(value: int | None) -> str:
    return "—" if value is None else str(value)


REVIEW_COLUMNS = (
    Column(QT_TRANSLATE_NOOP("Column", "Bin"), lambda r: r.bin),
    Column("SKU", lambda r: r.sku),
    Column(QT_TRANSLATE_NOOP("Column", "Item"), lambda r: r.name),
    Column(QT_TRANSLATE_NOOP("Column", "Expected"), lambda r: _n(r.expected), align_right=True),
    Column(QT_TRANSLATE_NOOP("Column", "Counted"), lambda r: _n(r.counted), align_right=True),
    Column(QT_TRANSLATE_NOOP("Column",
        "Moved since"), lambda r: f"{r.moves_since:+d}", align_right=True),
    Column(QT_TRANSLATE_NOOP("Column",
        "Difference"), lambda r: f"{r.difference:+d}", align_right=True),
    Column(QT_TRANSLATE_NOOP("Column",
        "Value at cost"), lambda r: money_text(r.value_minor, r.currency),
           align_right=True),
    Column(QT_TRANSLATE_NOOP("Column",
        "Result"), lambda r: r.status + (translate("counts.review",
        "  · recount") if r.flagged else "")),
)


class ReviewModel(PagedTableModel[count_posting.ReviewLine]):
    """Lines of the review; flagged lines on amber, found green, missing red."""

    def extra_data(self, row: count_posting.ReviewLine, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.BackgroundRole and row.flagged:
            return QBrush(QColor("#ffe0b2"))
        if role == Qt.ItemDataRole.ForegroundRole and column == 6 and row.difference:
            return QBrush(QColor("#1b5e20" if row.difference > 0 else "#b00020"))
        return None


class CountReview(QWidget):
    """Review and post one count. `changed` after a post, reversal or recount."""

    changed = Signal()
    closed = Signal()
    post_failed = Signal(str)

    def __init__(self, backend: Backend, count_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.count_id = count_id
        self.review: count_posting.Review | None = None
        self.runner = JobRunner(self)
        self._signals: object = None
        self._show_errors = True
        self.unscanned_dialog: UnscannedDialog | None = None
        self.confirm_dialog: PostConfirmDialog | None = None
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.only_differences = QCheckBox(translate("counts.review",
            "Only lines with a difference or not counted"))
        self.only_differences.setChecked(True)
        self.model = ReviewModel(REVIEW_COLUMNS, list_fetch([]))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        show_clipped_text(self.table)  # the Result column is often cut: hover shows it all
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        fit_columns(self.table, "counts/review", stretch=2)
        self.table.setWordWrap(False)
        self.recount_button = QPushButton(translate("counts.review", "&Recount selected"))
        self.post_button = QPushButton(translate("counts.review", "&Post count"))
        self.reverse_button = QPushButton(translate("counts.review", "Re&verse posting"))
        self.csv_button = QPushButton(translate("counts.review", "Export &CSV…"))
        self.pdf_button = QPushButton(translate("counts.review", "Report P&DF…"))
        self.back_button = QPushButton(translate("counts.review", "&Back to counts"))
        buttons = QHBoxLayout()
        for b in (self.recount_button, self.post_button, self.reverse_button, self.csv_button,
                  self.pdf_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.only_differences)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.only_differences.toggled.connect(self.refresh)
        self.recount_button.clicked.connect(self.recount_selected)
        # The lambdas keep clicked(bool) from landing in the methods' first parameter.
        self.post_button.clicked.connect(lambda: self.post())  # noqa: PLW0108
        self.reverse_button.clicked.connect(lambda: self.reverse())  # noqa: PLW0108
        self.csv_button.clicked.connect(lambda: self.export_csv())  # noqa: PLW0108
        self.pdf_button.clicked.connect(lambda: self.export_pdf())  # noqa: PLW0108
        self.back_button.clicked.connect(self.closed)
        self.refresh()

    def refresh(self) -> None:
        review = self.backend.read(count_posting.review, self.count_id)
        self.review = review
        summary = self.backend.read(counts.count_summary, self.count_id)
        self.title.setText(translate("counts.review",
            "Review {reference} — {description} ({status})").format(
            reference=review.reference, description=summary.description, status=review.status))
        money = ", ".join(money_text(v, c) for c, v in review.net_value.items()) or "0"
        parts = [translate("counts.review",
            "{status}: {n} line(s), {units:+d} unit(s)").format(
            status=status, n=n, units=units)
                 for status, (n, units, _v) in sorted(review.by_status.items())]
        self.summary.setText(
            translate("counts.review",
                "{bins_begun} bin(s) counted · net {net_units:+d} unit(s), {money} at cost · "
                "{flagged} line(s) flagged for recount\n").format(
                bins_begun=review.bins_begun, net_units=review.net_units, money=money,
                flagged=review.flagged)
            + " · ".join(parts))
        rows = [r for r in review.lines
                if not self.only_differences.isChecked() or r.difference
                or r.status not in ("ok",)]
        self.model.reload(list_fetch(rows))
        is_open = review.status == "open"
        gate(self.post_button, self.backend, "post_count", enabled=is_open)
        self.recount_button.setEnabled(is_open)
        gate(self.reverse_button, self.backend, "post_count", enabled=review.status == "posted")
        if not hide_money_columns(self.table, self.backend, (7,)):  # no see_money
            self.summary.setText(self.summary.text().replace(f", {money} at cost", ""))

    def _confirm(self, title: str, text: str, ask: bool) -> bool:
        if not ask:
            return True
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def _fail(self, exc: BackroomError, show: bool) -> None:
        self.summary.setText(translate("counts.review",
            "<b style='color:#b00020'>{exc}</b>").format(
            exc=exc))
        if show:
            QMessageBox.warning(self, "Backroom", error_text(exc))

    def post(self, ask: bool = True, *, unscanned: str | None = None,
             pin: str | None = None) -> bool:
        """Ask what to do with never-scanned lines, confirm, then post on the worker thread;
        `changed` (or `post_failed`) when done. True when the posting job was started; with
        `ask` the questions are open (`unscanned_dialog`, `confirm_dialog`) and it starts
        once they are answered."""
        if self.review is None or self.review.status != "open":
            return False
        try:
            summary = self.backend.read(count_posting.posting_summary, self.count_id,
                                        unscanned)
        except BackroomError as exc:
            self._fail(exc, ask)
            return False
        if not ask:
            return self._start_post(unscanned, pin, show_errors=False)
        if summary.needs_choice:
            dialog = UnscannedDialog(summary.unscanned, summary.reference, self,
                                     show_money=sees_money(self.backend))
            dialog.accepted.connect(lambda: self._ask_to_post(dialog.choice))
            dialog.rejected.connect(self._take_keyboard)
            self.unscanned_dialog = dialog
            dialog.open()
            return False
        self._ask_to_post(unscanned, summary)
        return False

    def _ask_to_post(self, unscanned: str | None,
                     summary: count_posting.PostingSummary | None = None) -> None:
        if summary is None:
            summary = self.backend.read(count_posting.posting_summary, self.count_id,
                                        unscanned)
        dialog = PostConfirmDialog(self.backend, summary, self,
                                   show_money=sees_money(self.backend))
        dialog.accepted.connect(lambda: self._start_post(unscanned, dialog.pin or None))
        dialog.finished.connect(self._take_keyboard)
        self.confirm_dialog = dialog
        dialog.open()

    def _take_keyboard(self) -> None:
        """After a question closes, the keyboard is back here (with or without a window
        manager to give it back)."""
        self.window().activateWindow()
        self.post_button.setFocus() if self.post_button.isEnabled() else self.table.setFocus()

    def _start_post(self, unscanned: str | None, pin: str | None, *,
                    show_errors: bool = True) -> bool:
        self.post_button.setEnabled(False)
        self.summary.setText(translate("counts.review", "Posting…"))
        backend, count_id = self.backend, self.count_id
        gate = threading.Event()   # the job waits until its signals are connected

        def job(_progress: object, _token: object) -> count_posting.PostResult:
            gate.wait()
            return backend.run(count_posting.post_count, count_id, actor=backend.actor,
                               unscanned=unscanned, pin=pin)

        signals, _ = self.runner.start(job)
        signals.finished.connect(self._on_posted)
        # Bound methods of this widget, so Qt queues the reports onto the GUI thread.
        signals.failed.connect(self._on_post_failed)
        self._show_errors = show_errors
        self._signals = signals    # keep them alive until the job reports
        gate.set()
        return True

    def _on_posted(self, result: count_posting.PostResult) -> None:
        self.refresh()
        extra = (translate("counts.review",
            ", {left_out} never-scanned line(s) left out").format(
            left_out=result.left_out) if result.left_out
                 else "") + (translate("counts.review",
                     ", approved by {approved_by}").format(
                     approved_by=result.approved_by) if result.approved_by
                             else "")
        self.summary.setText(translate("counts.review",
            "Posted: {moves} move(s), +{units_in} / -{units_out} unit(s){extra}.\n").format(
            moves=result.moves, units_in=result.units_in, units_out=result.units_out,
            extra=extra) + self.summary.text())
        self.changed.emit()

    def _on_post_failed(self, exc: BaseException) -> None:
        self.refresh()
        if not isinstance(exc, BackroomError):
            raise exc
        self._fail(exc, self._show_errors)
        self.post_failed.emit(error_text(exc))

    def reverse(self, ask: bool = True) -> bool:
        if not self._confirm(translate("counts.review",
            "Reverse count"), translate("counts.review",
            "Undo this count's adjustments with reversing moves?"), ask):
            return False
        try:
            self.backend.run(count_posting.reverse_count, self.count_id,
                             actor=self.backend.actor)
        except BackroomError as exc:
            self._fail(exc, ask)
            return False
        self.refresh()
        self.changed.emit()
        return True

    def recount_selected(self) -> None:
        rows = {i.row() for i in self.table.selectionModel().selectedIndexes()}
        for row in sorted(rows):
            self.backend.run(counts.set_line, self.model.row_at(row).line_id, None,
                             actor=self.backend.actor)
        if rows:
            self.refresh()
            self.changed.emit()

    def export_csv(self, path: str | None = None) -> str | None:
        path = path or ask_save_path(self, translate("counts.review",
            "Export count"), "count.csv", "CSV (*.csv)")
        if path:
            Path(path).write_text(self.backend.read(count_reports.count_report_csv,
                                                   self.count_id), encoding="utf-8",
                                  newline="")
        return path or None

    def export_pdf(self, path: str | None = None) -> str | None:
        path = path or ask_save_path(self, translate("counts.review",
            "Count report"), "count.pdf", "PDF (*.pdf)")
        if path:
            Path(path).write_bytes(self.backend.read(count_reports.count_report_pdf,
                                                    self.count_id))
        return path or None
