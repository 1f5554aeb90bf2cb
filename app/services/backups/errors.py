"""The refusals of backing up and restoring, each naming the path it is about."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from app.services.core.errors import BackroomError


class BackupProblem(BackroomError):
    """A backup could not be written or read; the message names the path and says why."""


class NotABackup(BackupProblem):
    """The file given to restore is not a Backroom database (or fails its checks)."""


class DatabaseInUse(BackupProblem):
    """Restore needs the database to itself and another window or command has it open."""


def folder_problem(folder: Path, exc: OSError) -> BackupProblem:
    """Why `folder` cannot hold backups, in words: a file in the way, no permission, full."""
    blocker = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()),
                   None)
    if blocker is not None:
        return BackupProblem(f"Cannot write backups to {folder}: {blocker} is a file, "
                             "not a folder. Choose another backup folder.")
    return BackupProblem(f"Cannot write backups to {folder}: {_reason(exc)}. "
                         "Choose another backup folder.")


def write_problem(target: Path, exc: OSError | sqlite3.Error) -> BackupProblem:
    return BackupProblem(f"Cannot write the backup {target}: {_reason(exc)}. "
                         "Nothing was changed in the database.")


def _reason(exc: OSError | sqlite3.Error) -> str:
    if isinstance(exc, OSError):
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return "Backroom may not write there (permissions or a read-only disk)"
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            return "the disk is full"
        if exc.errno == errno.ENOENT:
            return "the folder is not there (is the USB stick or drive plugged in?)"
        return exc.strerror or str(exc)
    name = getattr(exc, "sqlite_errorname", "")
    if name == "SQLITE_FULL":
        return "the disk is full"
    if name.startswith("SQLITE_IOERR"):
        return "the disk refused the write (full, removed or failing)"
    if name == "SQLITE_CANTOPEN":
        return "Backroom may not write there, or the folder is gone"
    if name == "SQLITE_READONLY":
        return "the disk is read-only"
    return str(exc)
