"""Stopping a long render: the renderers call `stop_if(cancelled)` between labels and pages."""

from __future__ import annotations

from collections.abc import Callable

from app.services.core.errors import Cancelled

# Asked between labels/pages; True means the user pressed Cancel. None: cannot be cancelled.
CancelCheck = Callable[[], bool] | None


def stop_if(cancelled: CancelCheck) -> None:
    """Raise Cancelled once the caller has asked to stop; the half-drawn output is dropped."""
    if cancelled is not None and cancelled():
        raise Cancelled("Cancelled: nothing was printed or saved.")
