"""Sounds: the committed WAVs match their script, playing never fails, mute silences."""

from __future__ import annotations

import importlib.util
import wave
from pathlib import Path

import pytest

from app.ui.common.feedback_sounds import NAMES, SOUNDS_DIR, FeedbackSounds

ROOT = Path(__file__).resolve().parents[2]


def _make_sounds():
    spec = importlib.util.spec_from_file_location("make_sounds", ROOT / "scripts" /
                                                  "make_sounds.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_sounds_are_what_the_script_makes(tmp_path):
    _make_sounds().write_all(tmp_path)
    for name in NAMES:
        assert (tmp_path / f"{name}.wav").read_bytes() == (SOUNDS_DIR / f"{name}.wav").read_bytes()


def test_sounds_are_distinct_mono_16bit_and_short():
    lengths = {}
    for name in NAMES:
        with wave.open(str(SOUNDS_DIR / f"{name}.wav")) as w:
            assert (w.getnchannels(), w.getsampwidth()) == (1, 2)
            lengths[name] = w.getnframes() / w.getframerate()
    assert lengths["good"] < 0.15            # a beep must not slow a fast packer
    assert lengths["error"] > 2 * lengths["good"]
    assert all(v < 1.0 for v in lengths.values())


def test_muted_requests_are_reported_and_touch_no_audio_system(qtbot):
    sounds = FeedbackSounds(muted=True)
    heard: list[str] = []
    sounds.requested.connect(heard.append)
    sounds.good()
    sounds.error()
    sounds.done()
    assert heard == ["good", "error", "done"]
    assert sounds._effects is None  # muted from the start: QtMultimedia never loaded


def test_unknown_sound_is_a_programming_error(qtbot):
    with pytest.raises(ValueError):
        FeedbackSounds(muted=True).play("fanfare")


# Audio back ends log warnings on machines without sound (no PulseAudio, no VA-API); the point
# of this test is that the station carries on, so those log lines are not failures here.
@pytest.mark.qt_log_ignore(".*")
def test_playing_without_an_audio_device_does_not_fail(qtbot):
    sounds = FeedbackSounds()
    sounds.good()
    sounds.error()
    sounds.done()
    if not sounds.available:
        assert sounds.unavailable_reason.startswith("Sound is off")
    sounds.set_muted(True)
    assert sounds.muted
