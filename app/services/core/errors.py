"""Domain errors: each carries a message the owner or packer can read and act on.

The message is a `Message` (app/services/core/messages.py): `str(error)` is the English text
(the CLI and the log show it), and the window shows it in its own language. Give the template
marked for translation and its values by keyword:

    raise NotFound(QT_TRANSLATE_NOOP("messages", "No product {sku}."), sku=sku)
"""

from __future__ import annotations

from typing import Any

from app.services.core.messages import QT_TRANSLATE_NOOP, Message, message


class BackroomError(Exception):
    """Base of every error a user is meant to see."""

    def __init__(self, text: str = "", /, **params: Any) -> None:
        self.message: Message = message(text, **params)
        super().__init__(self.message)


class NotFound(BackroomError):
    pass


class InvalidInput(BackroomError):
    """Bad input from a form, a file or the command line."""


class UnknownBarcode(BackroomError):
    pass


class InsufficientStock(BackroomError):
    pass


class ImmutableRecord(BackroomError):
    """An attempt to change something that may only be reversed (a move, a posted count)."""


class FileProblem(InvalidInput):
    """A problem in an input file, located by file, row and column."""

    def __init__(self, file: str, row: int | None, column: str | None, reason: str) -> None:
        self.file, self.row, self.column, self.reason = file, row, column, reason
        super().__init__(where_text(file, row, column, reason))


class Cancelled(BackroomError):
    """The user cancelled a long job; whatever it did was rolled back."""


def where_text(file: str, row: int | None, column: str | None, reason: str) -> Message:
    """'orders.csv, row 12, column 'Quantity': not a number' (each part only when known)."""
    if row is not None and column:
        template = QT_TRANSLATE_NOOP("messages", "{file}, row {row}, column '{column}': {reason}")
    elif row is not None:
        template = QT_TRANSLATE_NOOP("messages", "{file}, row {row}: {reason}")
    elif column:
        template = QT_TRANSLATE_NOOP("messages", "{file}, column '{column}': {reason}")
    else:
        template = QT_TRANSLATE_NOOP("messages", "{file}: {reason}")
    return Message(template, file=file, row=row, column=column, reason=reason)
