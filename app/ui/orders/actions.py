"""The Orders tab's actions on the selected orders: hold, cancel, priority, files, dialogs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from app.services.core.errors import BackroomError
from app.services.labels import jobs as labels
from app.services.orders import actions as order_actions
from app.services.orders import exporting as order_export

if TYPE_CHECKING:
    from app.services.core.backend import Backend
    from app.ui.common.paged_model import PagedTableModel
    from app.ui.orders.oversell import OversellPanel


class OrderActionsMixin:
    """Mixed into OrdersTab; relies on its backend, model, selection and refresh."""

    # Provided by OrdersTab, with selected_ids(), refresh() and reload_stores().
    backend: Backend
    model: PagedTableModel
    oversell: OversellPanel

    def _run_each(self, job: object, **kwargs: object) -> int:
        done = 0
        for oid in self.selected_ids():
            try:
                self.backend.run(job, oid, actor=self.backend.actor, **kwargs)  # type: ignore[arg-type]
                done += 1
            except BackroomError as exc:
                QMessageBox.warning(self, "Orders", str(exc))
        self._after_change()
        return done

    def hold_selected(self) -> int:
        return self._run_each(order_actions.hold_order)

    def release_selected(self) -> int:
        return self._run_each(order_actions.release_hold)

    def cancel_selected(self) -> int:
        ids = self.selected_ids()
        if not ids:
            return 0
        reason, ok = QInputDialog.getText(
            self, "Cancel orders", f"Cancel {len(ids)} order(s) and give back their stock?\n"
            "Reason (optional):")
        if not ok:
            return 0
        return self._run_each(order_actions.cancel_order, reason=reason)

    def set_priority(self, priority: int | None = None) -> int:
        """Higher priority reserves before older orders when stock comes in."""
        if not self.selected_ids():
            return 0
        if priority is None:
            priority, ok = QInputDialog.getInt(
                self, "Priority", "Priority (0 normal; higher reserves stock first):", 10, 0,
                100)
            if not ok:
                return 0
        return self._run_each(order_actions.set_priority, priority=priority)

    def export_selected(self) -> str | None:
        ids = self.selected_ids()
        if not ids:
            return None
        path, _ = QFileDialog.getSaveFileName(self, "Export orders", "orders.csv", "CSV (*.csv)")
        if not path:
            return None
        text = self.backend.read(order_export.export_orders_csv, ids)
        with open(path, "w", encoding="utf-8-sig", newline="") as fh:
            fh.write(text)
        return path

    def packing_slips(self, path: str | None = None) -> str | None:
        """A PDF of packing slips for the selected orders, through the Labels service."""
        numbers = [r.number for r in self.model.loaded_rows() if r.id in set(self.selected_ids())]
        if not numbers:
            return None
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "Packing slips", "packing-slips.pdf",
                                                  "PDF (*.pdf)")
            if not path:
                return None
        request = labels.LabelRequest("packing-slip", "orders",
                                      items=tuple((n, 1) for n in numbers))
        try:
            rendered = self.backend.run(labels.render, request)
            self.backend.run(labels.record_job, self.backend.actor, request, rendered, path)
        except BackroomError as exc:
            QMessageBox.warning(self, "Packing slips", str(exc))
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
