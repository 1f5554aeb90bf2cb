"""Where a store's backups go and how many are kept: a small JSON file per user.

The folder is a setting of this PC (a USB stick or a cloud folder is mounted where this PC
mounts it), so it is kept in the user's config folder, not in the database; it is keyed by
the database (file path, or server URL without password) so two stores keep two settings.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from app.db import APP_NAME
from app.services.backups.errors import BackupProblem
from app.services.core.errors import InvalidInput

DEFAULT_KEEP = 14
MAX_KEEP = 1000


@dataclass(frozen=True)
class BackupSettings:
    folder: Path
    keep: int = DEFAULT_KEEP
    automatic: bool = True


def settings_file() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False)) / "backups.json"


def database_key(url: str) -> str:
    """The database as the settings name it: its file path, or the URL without password."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return str(Path(parsed.database or "").resolve())
    return parsed.set(drivername="postgresql").render_as_string(hide_password=True)


def default_folder(url: str) -> Path:
    """`backups` next to a SQLite file; for a server, `backups` in the user's data folder."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        return Path(parsed.database).resolve().parent / "backups"
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "backups"


def _read_all(path: Path) -> dict[str, dict[str, object]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # no settings yet, or a damaged file: the defaults hold
    return data if isinstance(data, dict) else {}


def load(url: str, path: Path | None = None) -> BackupSettings:
    entry = _read_all(path or settings_file()).get(database_key(url), {})
    folder = entry.get("folder") if isinstance(entry, dict) else None
    keep = entry.get("keep") if isinstance(entry, dict) else None
    automatic = entry.get("automatic") if isinstance(entry, dict) else None
    return BackupSettings(
        folder=Path(folder) if isinstance(folder, str) and folder else default_folder(url),
        keep=keep if isinstance(keep, int) and 1 <= keep <= MAX_KEEP else DEFAULT_KEEP,
        automatic=automatic if isinstance(automatic, bool) else True)


def save(url: str, settings: BackupSettings, path: Path | None = None) -> None:
    path = path or settings_file()
    if not 1 <= settings.keep <= MAX_KEEP:
        raise InvalidInput(f"Keep between 1 and {MAX_KEEP} backups.")
    data = _read_all(path)
    data[database_key(url)] = {"folder": str(settings.folder), "keep": settings.keep,
                               "automatic": settings.automatic}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=2), encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise BackupProblem(f"Cannot save the backup settings to {path}: "
                            f"{exc.strerror or exc}.") from exc
