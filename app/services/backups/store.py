"""The backups of one open store: back up now, list, keep N, restore.

`StoreBackups` is built by the composition root (main.py, the CLI) from the open Database:
restoring has to close the store's connections before it replaces the data, which only the
owner of the engine may do. SQLite files are copied with the online backup API; a
PostgreSQL database is dumped with pg_dump and restored with pg_restore.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from app.db import Database
from app.services.backups import postgres_dumps, rotation, settings, sqlite_files
from app.services.backups.errors import BackupProblem
from app.services.backups.rotation import BackupFile
from app.services.backups.settings import BackupSettings

# Names that say "a file" when given to `db backup`; anything else is a folder.
FILE_SUFFIXES = (".sqlite3", ".sqlite", ".db", ".dump", ".backup")


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    seconds: float
    removed: tuple[Path, ...] = ()


@dataclass(frozen=True)
class RestoreResult:
    source: Path
    safety_copy: Path | None
    migrated: bool  # the backup was made by an older Backroom and was brought forward
    seconds: float


class StoreBackups:
    """The backups of the store at `url`; `close` closes the store's open connections."""

    def __init__(self, url: str, *, close: Callable[[], None] = lambda: None,
                 settings_path: Path | None = None) -> None:
        self.url = url
        self._close = close
        self._settings_path = settings_path
        parsed = make_url(url)
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        self.live_path = Path(parsed.database or "") if self.is_sqlite else None
        if self.live_path is not None:
            self.stem, self.suffix = self.live_path.stem, self.live_path.suffix or ".sqlite3"
        else:
            self.stem, self.suffix = parsed.database or "backroom", ".dump"
        self.label = (str(self.live_path) if self.live_path is not None else
                      parsed.render_as_string(hide_password=True))

    @classmethod
    def of(cls, database: Database, *, settings_path: Path | None = None) -> StoreBackups:
        return cls(database.url, close=database.dispose, settings_path=settings_path)

    def settings(self) -> BackupSettings:
        return settings.load(self.url, self._settings_path)

    def save_settings(self, value: BackupSettings) -> None:
        settings.save(self.url, value, self._settings_path)

    def backups(self, folder: Path | None = None) -> list[BackupFile]:
        """This store's backups in the folder (the set one by default), newest first."""
        return rotation.list_backups(folder or self.settings().folder, self.stem, self.suffix)

    def last_backup(self) -> BackupFile | None:
        found = self.backups()
        return found[0] if found else None

    def due(self, now: datetime | None = None, every_hours: float = 24) -> bool:
        """True when the newest backup in the folder is older than `every_hours`."""
        last = self.last_backup()
        now = now or datetime.now(UTC)
        return last is None or (now - last.taken_at).total_seconds() >= every_hours * 3600

    def back_up(self, to: Path | None = None, *, keep: int | None = None) -> BackupResult:
        """A backup into the folder `to` (default: the set folder), then keep the newest N.

        `to` naming a file (FILE_SUFFIXES) writes exactly that file and rotates nothing; an
        existing file is never overwritten.
        """
        chosen = self.settings()
        target_folder = (to or chosen.folder).expanduser()
        exact = to is not None and to.suffix.lower() in FILE_SUFFIXES and not to.is_dir()
        if exact:
            target = target_folder.absolute()
            if target.exists():
                raise BackupProblem(f"{target} already exists; choose a new file name.")
        else:
            target_folder = target_folder.absolute()
            if target_folder.exists() and not target_folder.is_dir():
                raise BackupProblem(f"Cannot write backups to {target_folder}: it is a file, "
                                    "not a folder.")
            target = rotation.new_name(target_folder, self.stem, self.suffix)
        started = time.perf_counter()
        if self.live_path is not None:
            sqlite_files.copy_live(self.live_path, target)
        else:
            postgres_dumps.dump(self.url, target)
        seconds = time.perf_counter() - started
        removed: list[Path] = []
        if not exact:
            removed = rotation.prune(target.parent, self.stem, self.suffix,
                                     keep or chosen.keep)
        return BackupResult(target, target.stat().st_size, seconds, tuple(removed))

    def restore(self, backup: Path) -> RestoreResult:
        """Put `backup` in place of the store's data, after checking it and keeping a safety
        copy of the data as it is now. The store's connections are closed first; the next
        job opens new ones on the restored data."""
        backup = backup.expanduser().absolute()
        started = time.perf_counter()
        stamp = datetime.now(UTC).strftime(rotation.STAMP)
        if self.live_path is not None:
            safety = self.live_path.with_name(
                f"{self.stem}.before-restore-{stamp}Z{self.suffix}")
            info, kept = sqlite_files.restore_file(backup, self.live_path,
                                                   close_live=self._close, safety=safety)
        else:
            safety = rotation.new_name(self.settings().folder, f"{self.stem}.before-restore",
                                       self.suffix)
            self._close()
            info, kept = postgres_dumps.restore_dump(backup, self.url, safety=safety)
        return RestoreResult(backup, kept, not info.current, time.perf_counter() - started)
