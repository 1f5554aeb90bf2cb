"""Database errors in words a person can act on; nothing raw reaches a window or a script.

`translate` is used by the one door to the database (Backend) and by the CLI. The original
error stays chained (`raise ... from`) for the log.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, IntegrityError, InternalError, OperationalError

from app.services.core.errors import BackroomError, InsufficientStock


class DatabaseBusy(BackroomError):
    """Another job held the write lock for longer than this one could wait."""


class DatabaseUnavailable(BackroomError):
    """The database file or server cannot be reached or refused the job."""


class WriteConflict(BackroomError):
    """Someone else saved the same thing at the same moment; nothing of this job was kept."""


BUSY_WORDS = ("database is locked", "database is busy", "database table is locked",
              "could not obtain lock", "deadlock detected", "could not serialize",
              "lock timeout")
LOST_WORDS = ("server closed the connection", "connection refused", "terminating connection",
              "could not connect", "connection is closed", "unable to open database")
# The CHECK constraints that guard stock levels (app/models/stock.py).
STOCK_CHECKS = ("on_hand_not_negative", "reserved_not_negative", "reserved_within_on_hand",
                "on_hand >= 0", "reserved >= 0", "reserved <= on_hand")


def translate(exc: DBAPIError) -> BackroomError:
    """The BackroomError to show for a database error (the job was rolled back)."""
    text = str(exc.orig).lower()
    if isinstance(exc, OperationalError | InternalError) and any(w in text for w in BUSY_WORDS):
        return DatabaseBusy("The database is busy: another job (an import, a count or the "
                            "other station) is saving. Nothing was changed; try again.")
    if any(w in text for w in LOST_WORDS):
        return DatabaseUnavailable("Lost the connection to the database. Nothing was saved; "
                                   "check the server or the file and try again.")
    if isinstance(exc, IntegrityError):
        if any(w in text for w in STOCK_CHECKS):
            return InsufficientStock("Not enough stock: another job took it a moment ago. "
                                     "Nothing was changed; look at the stock and try again.")
        return WriteConflict("Someone else saved the same record at the same moment. "
                             "Nothing was saved; look again and retry.")
    return DatabaseUnavailable(f"The database refused the job ({str(exc.orig)[:200]}). "
                               "Nothing was saved; run 'backroom db check'.")
