"""Push stock to a store: pick the store, see what its file will carry (only what changed
since its last push, or everything), save the file, and see the pushes made before.

Keyboard only: Alt+S store, Alt+F format, Alt+O only changed, Alt+A all, F5 refresh,
Ctrl+S save the file, Esc cancel the work in progress (the bar under the buttons shows it).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.core.backend import Backend
from app.services.core.errors import BackroomError, Cancelled
from app.services.orders.setup import list_stores
from app.services.push import pushing
from app.services.push.quantities import Listing
from app.ui.common.column_widths import fit_columns
from app.ui.common.file_dialogs import ask_save_path
from app.ui.common.i18n import QT_TRANSLATE_NOOP, local_time, translate
from app.ui.common.messages import error_text
from app.ui.common.paged_model import Column, PagedTableModel, list_fetch
from app.ui.common.qt_helpers import add_shortcut
from app.ui.common.words import plural
from app.ui.common.workers import CancelToken, JobRunner

PREVIEW_COLUMNS = (
    Column(QT_TRANSLATE_NOOP("Column", "Store SKU"), lambda r: r.channel_sku),
    Column(QT_TRANSLATE_NOOP("Column", "Our SKU"), lambda r: r.sku),
    Column(QT_TRANSLATE_NOOP("Column", "Name"), lambda r: r.name),
    Column(QT_TRANSLATE_NOOP("Column", "Available"), lambda r: r.available, align_right=True),
    Column(QT_TRANSLATE_NOOP("Column", "Buffer"), lambda r: r.buffer, align_right=True),
    Column(QT_TRANSLATE_NOOP("Column", "Store may sell"), lambda r: r.quantity, align_right=True),
    Column(QT_TRANSLATE_NOOP("Column", "Committed in store"), lambda r: r.committed,
           align_right=True),
)
HISTORY_COLUMNS = (
    Column(QT_TRANSLATE_NOOP("Column", "When"), lambda r: local_time(r.at)),
    Column(QT_TRANSLATE_NOOP("Column", "Who"), lambda r: r.user),
    Column(QT_TRANSLATE_NOOP("Column", "SKUs"), lambda r: r.skus, align_right=True),
    Column(QT_TRANSLATE_NOOP("Column", "Format"), lambda r: r.format),
    Column(QT_TRANSLATE_NOOP("Column", "What"),
           lambda r: translate("push.view", "all") if r.everything
           else translate("push.view", "changed")),
    Column(QT_TRANSLATE_NOOP("Column", "File"), lambda r: r.file),
)
# Where the owner uploads each file: the step after saving it, said on the page.
UPLOAD_STEPS = {
    "shopify-inventory": QT_TRANSLATE_NOOP(
        "push.view", "Then upload it in Shopify: Products › Inventory › Import."),
    "amazon-quantity": QT_TRANSLATE_NOOP(
        "push.view", "Then upload it in Seller Central: Catalogue › Add products via upload "
        "› Upload your spreadsheet (price and quantity file)."),
    "woocommerce": QT_TRANSLATE_NOOP(
        "push.view", "Then upload it in WordPress: Products › Import, with \"Update existing "
        "products\" ticked."),
    "ebay": QT_TRANSLATE_NOOP(
        "push.view", "Then upload it in eBay Seller Hub: Reports › Uploads › Upload template."),
}
# Translated where shown: translate("push.view", FORMAT_NAMES[fmt]).
FORMAT_NAMES = {"shopify-inventory": QT_TRANSLATE_NOOP("push.view", "Shopify inventory CSV"),
                "amazon-quantity": QT_TRANSLATE_NOOP("push.view",
                                                     "Amazon price & quantity (tab-separated)"),
                "woocommerce": QT_TRANSLATE_NOOP("push.view", "WooCommerce product CSV"),
                "ebay": QT_TRANSLATE_NOOP("push.view", "eBay revise quantity CSV")}


class PushView(QWidget):
    """The Stock tab's "Push to stores" page."""

    pushed = Signal(str)   # the file written
    cancelled_or_failed = Signal()   # a push that wrote nothing
    planned = Signal()     # a preview (or its refusal) is on screen

    def __init__(self, backend: Backend) -> None:
        super().__init__()
        self.backend = backend
        # Where to save; a test puts a path-giving function here instead of the dialog.
        self.ask_path: Callable[[str], str] = lambda name: ask_save_path(
            self, translate("push.view", "Save the stock file"), name,
            translate("push.view", "Stock files (*.csv *.txt);;All files (*)"))
        self.store = QComboBox()
        self.format = QComboBox()
        for fmt in pushing.FORMATS:
            self.format.addItem(translate("push.view", FORMAT_NAMES[fmt]), fmt)
        self.location = QLineEdit()
        self.location.setPlaceholderText(translate("push.view",
                                                   "Shopify location name, e.g. Shop location"))
        self.location.setToolTip(translate(
            "push.view", "The name of the location in Shopify's Settings › Locations: "
            "the file sets the stock of that location."))
        self.changed_only = QRadioButton(translate("push.view", "&Only what changed"))
        self.everything = QRadioButton(translate("push.view", "&All listings"))
        self.changed_only.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.changed_only)
        group.addButton(self.everything)
        self.refresh_button = QPushButton(translate("push.view", "Refresh (F5)"))
        self.save_button = QPushButton(translate("push.view", "Save file… (Ctrl+S)"))
        self.save_button.setDefault(True)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.cancel_button = QPushButton(translate("push.view", "Cancel (Esc)"))
        self.cancel_button.setVisible(False)
        self.cancel_button.setToolTip(translate(
            "push.view", "Stop working this out; nothing is written or recorded."))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-size: 14px;")
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020; font-weight: bold;")
        self.problem.hide()
        self.preview: PagedTableModel[Listing] = PagedTableModel(PREVIEW_COLUMNS,
                                                                 list_fetch([]))
        self.preview_view = _table(self.preview, stretch=2)
        self.history: PagedTableModel[pushing.PushRecord] = PagedTableModel(
            HISTORY_COLUMNS, list_fetch([]))
        self.history_view = _table(self.history, stretch=5)

        form = QFormLayout()
        store_label = QLabel(translate("push.view", "&Store"))
        store_label.setBuddy(self.store)
        format_label = QLabel(translate("push.view", "&Format"))
        format_label.setBuddy(self.format)
        form.addRow(store_label, self.store)
        form.addRow(format_label, self.format)
        self.location_label = QLabel(translate("push.view", "Shopify &location"))
        self.location_label.setBuddy(self.location)
        form.addRow(self.location_label, self.location)
        self.next_step = QLabel()
        self.next_step.setWordWrap(True)
        which = QHBoxLayout()
        which.addWidget(self.changed_only)
        which.addWidget(self.everything)
        which.addStretch(1)
        which.addWidget(self.refresh_button)
        which.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(which)
        busy = QHBoxLayout()
        busy.addWidget(self.progress, 1)
        busy.addWidget(self.cancel_button)
        layout.addLayout(busy)
        layout.addWidget(self.summary)
        layout.addWidget(self.next_step)
        layout.addWidget(self.problem)
        layout.addWidget(self.preview_view, 3)
        layout.addWidget(QLabel(translate("push.view", "Pushes so far (newest first)")))
        layout.addWidget(self.history_view, 1)

        self.store.currentIndexChanged.connect(self._on_store_changed)
        self.format.currentIndexChanged.connect(self.refresh)
        self.location.editingFinished.connect(self._on_location_entered)
        self.changed_only.toggled.connect(self.refresh)
        self.refresh_button.clicked.connect(self.refresh)
        self.save_button.clicked.connect(self.save)
        add_shortcut(QKeySequence(Qt.Key.Key_F5), self, self.refresh)
        add_shortcut(QKeySequence.StandardKey.Save, self, self.save)
        self.cancel_button.clicked.connect(self.cancel)
        # Heard only while work is in progress: otherwise Esc closes the push window.
        self._cancel_key = add_shortcut(QKeySequence(Qt.Key.Key_Escape), self, self.cancel,
                                        Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._cancel_key.setEnabled(False)
        self._plan: pushing.PushPlan | None = None
        self._notice = ""                 # "Saved …": still shown after the next preview
        # Planning 50k listings takes a second or two: it runs on the worker thread.
        self.runner = JobRunner(self)
        self._jobs: list[object] = []     # signals kept alive until their job reports
        self._running: list[CancelToken] = []   # jobs not reported yet, oldest first
        self._plans: list[CancelToken] = []     # previews asked for, a newer one drops them
        self._asked = 0                   # the newest refresh; older answers are dropped
        self.load_stores()

    def load_stores(self) -> None:
        self.store.blockSignals(True)
        self.store.clear()
        for info in self.backend.read(list_stores):
            self.store.addItem(f"{info.name}  ({info.kind})", info.name)
        self.store.blockSignals(False)
        self._on_store_changed()

    def _on_store_changed(self) -> None:
        name = self.store.currentData()
        if not name:
            self._show_problem(translate(
                "push.view", "No stores yet: import orders first, then push their stock."))
            return
        settings = self.backend.read(pushing.store_settings, name)
        self.location.setText(settings.location)
        self.format.blockSignals(True)
        if settings.format.startswith("mapped:") and self.format.findData(
                settings.format) < 0:
            self.format.addItem(translate("push.view",
                                          "Saved layout {name}").format(name=settings.format[7:]),
                                settings.format)
        found = self.format.findData(settings.format)
        self.format.setCurrentIndex(found if found >= 0 else -1)
        self.format.blockSignals(False)
        self.refresh()

    def _on_location_entered(self) -> None:
        name = self.store.currentData()
        if not name or not self.format.currentData():
            return
        try:
            self.backend.run(pushing.save_settings, name, fmt=self.format.currentData(),
                             location=self.location.text())
        except BackroomError as exc:
            self._show_problem(error_text(exc))
            return
        self.refresh()

    def refresh(self) -> None:
        """Plan the push for the chosen store (on the worker) and show what it would carry."""
        name, fmt = self.store.currentData(), self.format.currentData()
        # The location is Shopify's alone: other formats do not ask for it.
        self.location.setVisible(fmt == "shopify-inventory")
        self.location_label.setVisible(fmt == "shopify-inventory")
        self._plan = None
        self.save_button.setEnabled(False)
        if not name:
            return
        self._asked += 1
        asked, everything, backend = self._asked, self.everything.isChecked(), self.backend

        for older in self._plans:   # its answer would be dropped: stop working on it
            older.cancel()

        def job(progress: pushing.Progress,
                token: CancelToken) -> tuple[int, list[object], object]:
            records = backend.read(pushing.history, name)
            if not fmt:
                return asked, list(records), None
            return asked, list(records), backend.read(
                pushing.plan_push, name, fmt, everything=everything, progress=progress,
                cancelled=lambda: token.cancelled)

        self.summary.setText(translate("push.view",
                                       "Working out what {store} may sell…").format(store=name))
        self._plans = [self._start(job, self._on_planned, self._on_plan_failed)]

    def _start(self, job: Callable[[pushing.Progress, CancelToken], object],
               finished: Callable[[Any], None],
               failed: Callable[[BaseException], None]) -> CancelToken:
        """Run `job` on the worker with the progress bar and Cancel shown until it reports."""
        signals, token = self.runner.start(job, finished=finished, failed=failed,
                                           progressed=self._on_progress)
        # The single worker runs jobs in order: by the time four newer ones are started,
        # an old one has long reported, and its signals may go.
        self._jobs = [*self._jobs[-3:], signals]
        self._running.append(token)
        self._set_busy()
        return token

    def _reported(self) -> CancelToken:
        """A job reported (the worker reports in the order jobs were started)."""
        token = self._running.pop(0)
        self._set_busy()
        return token

    def _set_busy(self) -> None:
        busy = bool(self._running)
        if busy and not self.progress.isVisible():
            self.progress.setRange(0, 0)    # moving until the first step is reported
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.cancel_button.setEnabled(busy and not all(t.cancelled for t in self._running))
        self._cancel_key.setEnabled(busy)

    def cancel(self) -> None:
        """Stop the work in progress: the job stops at its next step, and a push that stops
        writes no file and records nothing."""
        if not self._running:
            return
        for token in self._running:
            token.cancel()
        self.cancel_button.setEnabled(False)
        self.summary.setText(translate("push.view", "Cancelling…"))

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _on_plan_failed(self, exc: BaseException) -> None:
        self._reported()
        if isinstance(exc, Cancelled):
            if self._running:           # a newer preview is on its way
                return
            self._show_problem(translate(
                "push.view", "Cancelled: nothing was worked out. Refresh (F5) to start again."))
        else:
            self._show_problem(error_text(exc))
        self.preview.reload(list_fetch([]))
        self.planned.emit()

    def _on_push_failed(self, exc: BaseException) -> None:
        self._reported()
        if isinstance(exc, Cancelled):
            # Said over a fresh preview, so the page still shows what a push would carry.
            self._notice = translate(
                "push.view", "Cancelled: no file was written and nothing was recorded.")
            self.problem.setStyleSheet("color: #8d6e00; font-weight: bold;")
            self.problem.setText(self._notice)
            self.problem.show()
            self.refresh()
        else:
            self._show_problem(error_text(exc))
        self.cancelled_or_failed.emit()

    def _on_planned(self, result: tuple[int, list[pushing.PushRecord],
                                        pushing.PushPlan | None]) -> None:
        self._reported()
        asked, records, plan = result
        if asked != self._asked:
            return
        self.history.reload(list_fetch(records))
        if plan is None:
            self._show_problem(translate(
                "push.view", "{store} has no file format yet: choose the file its store takes for "
                "stock updates.").format(store=self.store.currentData()))
            self.preview.reload(list_fetch([]))
            self.planned.emit()
            return
        self._plan = plan
        if self._notice:   # the file just saved: say so over the fresh preview
            self.problem.setText(self._notice)
            self._notice = ""
        else:
            self.problem.hide()
        self.preview.reload(list_fetch(list(plan.rows)))
        last = (translate("push.view", "last pushed {when}").format(
            when=local_time(plan.last_push)) if plan.last_push
            else translate("push.view", "never pushed yet"))
        store = html.escape(plan.settings.store)
        if not plan.rows:
            self.summary.setText(translate(
                "push.view", "<b>{store}</b> is up to date: its {listings} show what it may "
                "sell ({last}). Nothing to save; “All listings” writes them all again."
            ).format(store=store, listings=plural(plan.listings, "listing"), last=last))
            self.next_step.clear()
        else:
            what = "" if plan.everything else translate(
                "push.view", ", {count} unchanged left out").format(count=plan.unchanged)
            self.summary.setText(translate(
                "push.view", "<b>{store}</b>: {skus} to push of {listings}{what} — {last}."
            ).format(store=store, skus=plural(len(plan.rows), "SKU"),
                     listings=plural(plan.listings, "listing"), what=what, last=last))
            step = UPLOAD_STEPS.get(plan.format)
            self.next_step.setText(translate("push.view", "Save the file (Ctrl+S). {then}")
                                   .format(then=translate("push.view", step)) if step else
                                   translate("push.view", "Save the file (Ctrl+S), then "
                                             "upload it where the store takes stock files."))
        self.save_button.setEnabled(bool(plan.rows))
        self.planned.emit()

    def _show_problem(self, text: str) -> None:
        self.next_step.clear()
        self.problem.setStyleSheet("color: #b00020; font-weight: bold;")
        self.problem.setText(text)
        self.problem.show()
        self.summary.setText("")
        self.save_button.setEnabled(False)

    def save(self) -> None:
        """Ask where, write the file, remember what the store was told."""
        plan = self._plan
        if plan is None or not plan.rows:
            return
        name = plan.settings.store
        location = self.location.text().strip()
        try:
            if plan.format != plan.settings.format or location != plan.settings.location:
                self.backend.run(pushing.save_settings, name, fmt=plan.format,
                                 location=location)
            suffix = ".txt" if plan.format == "amazon-quantity" else ".csv"
            slug = "-".join(name.lower().split()) or "store"
            path = self.ask_path(f"{slug}-stock{suffix}")
            if not path:
                return
        except BackroomError as exc:
            self._show_problem(error_text(exc))
            return
        backend, fmt, everything = self.backend, plan.format, plan.everything
        self.save_button.setEnabled(False)
        self.summary.setText(translate("push.view", "Writing {path}…").format(path=path))
        self._start(lambda progress, token: backend.run(
            pushing.push_stock, name, Path(path), fmt, everything=everything,
            progress=progress, cancelled=lambda: token.cancelled),
            self._on_pushed, self._on_push_failed)

    def _on_pushed(self, result: pushing.PushResult) -> None:
        self._reported()
        step = UPLOAD_STEPS.get(result.plan.format)
        self._notice = translate("push.view", "Saved {file}: {skus} for {store}. {then}").format(
            file=result.file, skus=plural(result.skus, "SKU"),
            store=result.plan.settings.store,
            then=translate("push.view", step) if step else translate(
                "push.view", "Upload it where the store takes stock files."))
        self.problem.setText(self._notice)
        self.problem.setStyleSheet("color: #1b5e20; font-weight: bold;")
        self.problem.show()
        self.refresh()
        self.pushed.emit(result.file)


def _table(model: QAbstractTableModel, stretch: int) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.verticalHeader().hide()
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    fit_columns(view, stretch=stretch)
    return view
