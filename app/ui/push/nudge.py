"""The push nudge: the owner sees when stores need a stock push (stock changed since a store's
last push: sales packed, orders in, receipts, returns, counts).

A `PushNudge` reads `needs_push` on its own worker thread, so the window never waits for it,
and shows the answer in the status bar ("12 SKUs to push to 2 stores — Ctrl+Shift+P", a link
that opens the push window) and on the Stock tab's `PushBanner`. It reads again, a moment
after the last of a burst, when an order is packed, a return received, the window becomes
active again (an import, a count or a push dialog was just closed), a tab is switched, and
once a minute for changes made at another station.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QWidget,
)

from app.services.core.backend import Backend
from app.services.push.staleness import PushNeeds, StoreNeeds, needs_push
from app.ui.common.i18n import translate
from app.ui.common.words import plural
from app.ui.common.workers import JobRunner, JobSignals

log = logging.getLogger(__name__)

SETTLE_MS = 1500        # wait for a burst of scans or imports to end before reading
EVERY_MS = 60_000       # changes made at another station


def _when(moment: object) -> str:
    from datetime import datetime

    assert isinstance(moment, datetime)
    local = moment.astimezone()
    if local.date() == datetime.now().astimezone().date():
        return local.strftime("%H:%M")
    return local.strftime("%Y-%m-%d %H:%M")


def hint_text(needs: PushNeeds) -> str:
    """The status bar's words: '12 SKUs to push to 2 stores — Ctrl+Shift+P'."""
    return translate("push.nudge", "{skus} to push to {stores} — Ctrl+Shift+P").format(
        skus=plural(needs.skus, "SKU"), stores=plural(len(needs.stores), "store"))


def store_text(store: StoreNeeds) -> str:
    return translate("push.nudge", "{store}: {skus} changed since {when}").format(
        store=store.store, skus=plural(store.skus, "SKU"), when=_when(store.since))


class PushNudge(QObject):
    """Reads what needs pushing off the GUI thread and says it; `updated` carries PushNeeds."""

    updated = Signal(object)

    def __init__(self, backend: Backend, parent: QObject | None = None, *,
                 open_push: Callable[[], object] | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.needs = PushNeeds()
        self.runner = JobRunner(self)
        self._job: tuple[JobSignals, object] | None = None
        self._again = False          # asked while a read was running: read once more after
        self.hint = QLabel()
        self.banner: PushBanner | None = None     # on the Stock tab, once it is built
        self.hint.setTextFormat(Qt.TextFormat.RichText)
        self.hint.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.hint.hide()
        if open_push is not None:
            self.hint.linkActivated.connect(lambda _link: open_push())
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.check_now)
        self._every = QTimer(self)
        self._every.setInterval(EVERY_MS)
        self._every.timeout.connect(self.check_soon)

    def check_soon(self) -> None:
        """Read again a moment from now (restarting the wait: a burst reads once)."""
        self._settle.start()

    def check_now(self) -> None:
        self._settle.stop()
        if not self._every.isActive():
            self._every.start()
        if self._job is not None:
            self._again = True
            return
        backend = self.backend

        def job(_progress: object, _token: object) -> PushNeeds | None:
            try:
                return backend.read(needs_push)
            except Exception:  # noqa: BLE001 - a hint that cannot be read is left out
                log.exception("could not read which stores need a stock push")
                return None

        self._job = self.runner.start(job, finished=self._on_read,
                                      failed=self._on_failed)

    def _on_failed(self, _exc: BaseException) -> None:
        self._on_read(None)

    def _on_read(self, needs: PushNeeds | None) -> None:
        self._job = None
        if needs is not None:
            self.needs = needs
            self._show(needs)
            self.updated.emit(needs)
        if self._again:
            self._again = False
            self.check_now()

    def _show(self, needs: PushNeeds) -> None:
        if not needs:
            self.hint.hide()
            return
        self.hint.setText(f'<a href="push">{_escape(hint_text(needs))}</a>')
        self.hint.setToolTip("\n".join(store_text(s) for s in needs.stores))
        self.hint.show()

    def wait(self) -> None:
        """Until the read running now (if any) has reported (for tests)."""
        self.runner.wait()


class PushBanner(QFrame):
    """The Stock tab's line: which stores need a push, since when, and a button to push."""

    push_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pushBanner")
        self.setStyleSheet("#pushBanner { background: #fff4d6; border: 1px solid #e0b040;"
                           " border-radius: 4px; }")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.button = QPushButton(translate("push.nudge", "Push stock to stores…"))
        self.button.setToolTip(translate("push.nudge", "Ctrl+Shift+P"))
        self.button.clicked.connect(self.push_clicked)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(self.text, 1)
        row.addWidget(self.button)
        self.hide()

    def show_needs(self, needs: PushNeeds) -> None:
        if not needs:
            self.hide()
            return
        self.text.setText(translate(
            "push.nudge", "<b>The stores' stock numbers are out of date</b> — {skus} to "
            "push to {stores}. Until you upload the new files they may sell stock that is "
            "gone. {details}").format(
                skus=plural(needs.skus, "SKU"), stores=plural(len(needs.stores), "store"),
                details=_escape("; ".join(store_text(s) for s in needs.stores)) + "."))
        self.show()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _Activation(QObject):
    """Calls back when the watched window is shown or becomes active again (a dialog was
    closed)."""

    def __init__(self, parent: QObject, callback: Callable[[], None]) -> None:
        super().__init__(parent)
        self._callback = callback

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in (QEvent.Type.Show, QEvent.Type.WindowActivate):
            self._callback()
        return False


def install_push_nudge(window: QMainWindow, backend: Backend,
                       open_push: Callable[[], object]) -> PushNudge:
    """The nudge in `window`'s status bar and on its Stock tab, read again after packs,
    returns, closed dialogs (imports, counts, receipts, pushes) and tab switches."""
    nudge = PushNudge(backend, window, open_push=open_push)
    # First of the permanent widgets, before Station and User (index 0 is the database line,
    # the one normal widget; Qt counts both kinds).
    window.statusBar().insertPermanentWidget(1, nudge.hint)
    tab = getattr(window, "tab", None)
    # The main window builds a tab when it is first shown (issue 13): wire it then.
    when_built = getattr(window, "when_built", None)

    def on_tab(title: str, wire: Callable[[object], None]) -> None:
        if callable(when_built):
            when_built(title, wire)
        elif callable(tab):
            wire(tab(title))

    def wire_stock(stock: object) -> None:
        # The banner is ours, put above the Stock tab's pages (tabs import only common/).
        add_banner = getattr(stock, "add_banner", None)
        if callable(add_banner) and nudge.banner is None:
            nudge.banner = banner = PushBanner()
            add_banner(banner)
            nudge.updated.connect(banner.show_needs)
            banner.push_clicked.connect(open_push)
            banner.show_needs(nudge.needs)   # as read so far

    def wire_source(path: tuple[str, str], source: object) -> None:
        for name in path:
            source = getattr(source, name, None)
        connect = getattr(source, "connect", None)
        if callable(connect):
            connect(lambda *_: nudge.check_soon())

    on_tab("Stock", wire_stock)
    for title, path in (("Pick & Pack", ("station", "order_packed")),
                        ("Returns", ("station", "stock_changed"))):
        on_tab(title, functools.partial(wire_source, path))
    tabs = getattr(window, "tabs", None)
    if tabs is not None:
        tabs.currentChanged.connect(lambda _i: nudge.check_soon())
    window.installEventFilter(_Activation(nudge, nudge.check_soon))
    return nudge
