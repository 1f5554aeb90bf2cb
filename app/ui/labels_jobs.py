"""Starting a Labels job on the worker with its reports connected before it can finish.

`JobRunner.start` starts the job at once and hands back its signals; a job quicker than the
caller's `connect` calls (a test print, a small preview) would report to nobody. The job here
waits on a gate that opens once the slots are connected.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from app.ui.workers import CancelToken, JobRunner, JobSignals


def start(runner: JobRunner, job: Callable[[Callable[[int, int], None], CancelToken], Any], *,
          finished: Callable[[Any], None], failed: Callable[[BaseException], None],
          progressed: Callable[[int, int], None] | None = None
          ) -> tuple[JobSignals, CancelToken]:
    gate = threading.Event()

    def gated(progress: Callable[[int, int], None], token: CancelToken) -> Any:
        gate.wait()
        return job(progress, token)

    signals, token = runner.start(gated)
    signals.finished.connect(finished)
    signals.failed.connect(failed)
    if progressed is not None:
        signals.progressed.connect(progressed)
    gate.set()
    return signals, token
