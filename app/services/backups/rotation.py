"""Backup file names, the list of a folder's backups, and keeping the newest N.

A backup is named `<store>-<UTC time>Z<suffix>` (`backroom-20261201-035300Z.sqlite3`): the
name sorts by time, says when it was taken without trusting the file's date (a cloud folder
rewrites those), and only files of this shape are ever removed by rotation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

STAMP = "%Y%m%d-%H%M%S"


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken_at: datetime  # UTC
    size: int


def new_name(folder: Path, stem: str, suffix: str, now: datetime | None = None) -> Path:
    """A new name in `folder` that sorts after every backup there (two in one second get
    -2, -3, ...; a name rotation removed is not given again)."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime(STAMP)
    pattern = _pattern(stem, suffix)
    taken = [int(m.group(2) or 1) for m in
             (pattern.match(p.name.removesuffix(".part")) for p in _entries(folder))
             if m and m.group(1) == stamp]
    n = max(taken, default=0) + 1
    return folder / (f"{stem}-{stamp}Z{suffix}" if n == 1 else f"{stem}-{stamp}Z-{n}{suffix}")


def _entries(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


def _pattern(stem: str, suffix: str) -> re.Pattern[str]:
    return re.compile(re.escape(stem) + r"-(\d{8}-\d{6})Z(?:-(\d+))?" + re.escape(suffix) + "$")


def list_backups(folder: Path, stem: str, suffix: str) -> list[BackupFile]:
    """This store's backups in `folder`, newest first (none if the folder is not there)."""
    pattern = _pattern(stem, suffix)
    found: list[tuple[datetime, int, BackupFile]] = []
    for path in _entries(folder):
        match = pattern.match(path.name)
        if not match:
            continue
        try:
            size = path.stat().st_size
        except OSError:
            continue
        taken = datetime.strptime(match.group(1), STAMP).replace(tzinfo=UTC)
        found.append((taken, int(match.group(2) or 1), BackupFile(path, taken, size)))
    found.sort(key=lambda item: item[:2], reverse=True)
    return [item[2] for item in found]


def prune(folder: Path, stem: str, suffix: str, keep: int) -> list[Path]:
    """Remove all but the newest `keep` backups; returns what was removed."""
    removed = []
    for old in list_backups(folder, stem, suffix)[max(keep, 1):]:
        try:
            old.path.unlink()
        except OSError:
            continue  # a file the cloud client holds open: next time
        removed.append(old.path)
    return removed
