"""Domain errors: each carries a message the owner or packer can read and act on."""

from __future__ import annotations


class BackroomError(Exception):
    """Base of every error a user is meant to see."""


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
        where = file
        if row is not None:
            where += f", row {row}"
        if column:
            where += f", column '{column}'"
        super().__init__(f"{where}: {reason}")


class Cancelled(BackroomError):
    """The user cancelled a long job; whatever it did was rolled back."""
