"""The packing station's sounds (good beep, error buzz, done chime) with a mute switch.

QtMultimedia is loaded on the first sound that is actually played, not at start: on a PC
without audio (or without its system libraries) the station must still work, silently.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal

from app.ui.common.i18n import translate

SOUNDS_DIR = Path(__file__).resolve().parents[3] / "resources" / "sounds"
NAMES = ("good", "error", "done")


class FeedbackSounds(QObject):
    """Plays good / error / done. `requested(name)` fires for every request, muted or not."""

    requested = Signal(str)

    def __init__(self, parent: QObject | None = None, *, sounds_dir: Path = SOUNDS_DIR,
                 muted: bool = False) -> None:
        super().__init__(parent)
        self._dir = sounds_dir
        self._muted = muted
        self._effects: dict[str, object] | None = None  # None: not tried yet
        self.unavailable_reason = ""

    @property
    def muted(self) -> bool:
        return self._muted

    def set_muted(self, muted: bool) -> None:
        self._muted = muted

    def good(self) -> None:
        self.play("good")

    def error(self) -> None:
        self.play("error")

    def done(self) -> None:
        self.play("done")

    def play(self, name: str) -> None:
        if name not in NAMES:
            raise ValueError(f"no sound called {name!r}")
        self.requested.emit(name)
        if self._muted:
            return
        effect = self._load().get(name)
        if effect is not None:
            effect.play()  # type: ignore[attr-defined]

    @property
    def available(self) -> bool:
        """Whether sounds can be heard (loads the audio system if not done yet)."""
        return bool(self._load())

    def _load(self) -> dict[str, object]:
        if self._effects is not None:
            return self._effects
        self._effects = {}
        try:
            from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
        except ImportError as exc:  # e.g. libpulse missing on a bare Linux box
            self.unavailable_reason = translate("common.feedback_sounds",
                "Sound is off: the audio library is missing ({exc}).").format(
                exc=exc)
            return self._effects
        if not QMediaDevices.audioOutputs():
            self.unavailable_reason = translate("common.feedback_sounds",
                "Sound is off: this computer has no audio output.")
            return self._effects
        for name in NAMES:
            path = self._dir / f"{name}.wav"
            if not path.exists():
                self.unavailable_reason = translate("common.feedback_sounds",
                    "Sound file missing: {path}").format(
                    path=path)
                continue
            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(path)))
            effect.setVolume(0.9)
            self._effects[name] = effect
        return self._effects
