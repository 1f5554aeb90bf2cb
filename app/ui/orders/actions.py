"""The Orders tab's actions on the selected orders: hold, cancel, priority, files, dialogs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from app.services.core.backend import Backend
from app.services.core.errors import BackroomError
from app.services.orders.reads import OrderRow
from app.ui.common.file_dialogs import ask_save_path
from app.ui.common.i18n import translate
from app.ui.orders.oversell import OversellPanel


class OrderActions(QWidget):
    """The base of OrdersTab: the actions, and the oversell panel they keep up to date.

    OrdersTab supplies the selection (`selected_rows`), the list (`refresh`) and the store
    filter (`reload_stores`).
    """

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.oversell = OversellPanel(backend)
        self.oversell.hide()

    # -- supplied by OrdersTab -------------------------------------------------------------
    def selected_rows(self) -> list[OrderRow]:
        """The selected orders (or the current one), top to bottom."""
        raise NotImplementedError

    def refresh(self) -> None:
        raise NotImplementedError

    def reload_stores(self) -> None:
        raise NotImplementedError

    # -- the actions -----------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        return [r.id for r in self.selected_rows()]

    def _run_each(self, job: Callable[..., object], **kwargs: object) -> int:
        """job(session, order_id, actor=..., **kwargs) for each selected order."""
        done = 0
        for oid in self.selected_ids():
            try:
                self.backend.run(job, oid, actor=self.backend.actor, **kwargs)
                done += 1
            except BackroomError as exc:
                QMessageBox.warning(self, translate("orders.actions", "Orders"), str(exc))
        self._after_change()
        return done

    # The order actions service is imported where an action runs, not with the tab: it
    # brings reservations and the order importers' records, which the first rows do not
    # need (issue 13).
    def hold_selected(self) -> int:
        from app.services.orders import actions as order_actions

        return self._run_each(order_actions.hold_order)

    def release_selected(self) -> int:
        from app.services.orders import actions as order_actions

        return self._run_each(order_actions.release_hold)

    def cancel_selected(self) -> int:
        ids = self.selected_ids()
        if not ids:
            return 0
        reason, ok = QInputDialog.getText(
            self, translate("orders.actions",
                "Cancel orders"), translate("orders.actions",
                "Cancel {ids} order{value} and give back their stock?\nReason (optional):").format(
                ids=len(ids), value='' if len(ids) == 1 else 's'))
        if not ok:
            return 0
        from app.services.orders import actions as order_actions

        return self._run_each(order_actions.cancel_order, reason=reason)

    def set_priority(self, priority: int | None = None) -> int:
        """Higher priority reserves before older orders when stock comes in."""
        if not self.selected_ids():
            return 0
        if priority is None:
            priority, ok = QInputDialog.getInt(
                self, translate("orders.actions",
                    "Priority"), translate("orders.actions",
                    "Priority (0 normal; higher reserves stock first):"), 10, 0,
                100)
            if not ok:
                return 0
        from app.services.orders import actions as order_actions

        return self._run_each(order_actions.set_priority, priority=priority)

    def export_selected(self) -> str | None:
        ids = self.selected_ids()
        if not ids:
            return None
        path = ask_save_path(self, translate("orders.actions",
            "Export orders"), "orders.csv", "CSV (*.csv)")
        if not path:
            return None
        from app.services.orders import exporting as order_export

        text = self.backend.read(order_export.export_orders_csv, ids)
        with open(path, "w", encoding="utf-8-sig", newline="") as fh:
            fh.write(text)
        return path

    def packing_slips(self, path: str | None = None) -> str | None:
        """A PDF of packing slips for the selected orders, through the Labels service."""
        numbers = [r.number for r in self.selected_rows()]
        if not numbers:
            return None
        if path is None:
            path = ask_save_path(self, translate("orders.actions",
                "Packing slips"), "packing-slips.pdf", "PDF (*.pdf)")
            if not path:
                return None
        # Here, not at the top: the labels service brings reportlab and pypdf, which the
        # Orders tab does not need to show its rows at start (issue 13).
        from app.services.labels import jobs as labels

        request = labels.LabelRequest("packing-slip", "orders",
                                      items=tuple((n, 1) for n in numbers))
        try:
            rendered = self.backend.run(labels.render, request)
            self.backend.run(labels.record_job, self.backend.actor, request, rendered, path)
        except BackroomError as exc:
            QMessageBox.warning(self, translate("orders.actions", "Packing slips"), str(exc))
            return None
        with open(path, "wb") as fh:
            fh.write(rendered.data)
        return path

    def import_orders(self) -> None:
        from app.ui.orders.importing import ImportDialog

        dialog = ImportDialog(self.backend, parent=self)
        dialog.imported.connect(self._after_import)
        dialog.exec()

    def new_order(self) -> None:
        from app.ui.orders.manual import ManualOrderDialog

        dialog = ManualOrderDialog(self.backend, parent=self)
        if dialog.exec() and dialog.order_id:
            self._after_change()

    def toggle_oversell(self) -> None:
        if self.oversell.isVisible():
            self.oversell.hide()
        else:
            self.oversell.reload()
            self.oversell.show()

    def _after_import(self) -> None:
        self.reload_stores()
        self._after_change()
        # The owner sees an oversell the moment an import creates one.
        if self.oversell.reload():
            self.oversell.show()

    def _after_change(self) -> None:
        self.refresh()
        if self.oversell.isVisible():
            self.oversell.reload()
