"""A QSettings of the test's own: every QSettings made while the test runs (the default
ones too) reads and writes files under tmp_path, so nothing reaches the user's settings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings


@pytest.fixture
def own_settings(tmp_path: Path):
    home = os.environ.get("XDG_CONFIG_HOME", str(Path.home() / ".config"))
    folder = tmp_path / "config"
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    yield folder
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, home)
