"""Write the packing station's sounds (good beep, error buzz, done chime) as WAV files.

Run: python scripts/make_sounds.py [out_dir]   (default resources/sounds). Deterministic: the
same bytes every run, so the committed files can be checked against this script.
"""

from __future__ import annotations

import math
import struct
import sys
import wave
from pathlib import Path

RATE = 22050
Tone = tuple[float, float, str]  # (frequency Hz, seconds, "sine" | "square")


def _samples(freq: float, seconds: float, shape: str, volume: float) -> list[int]:
    n = int(RATE * seconds)
    fade = max(1, int(RATE * 0.006))  # 6 ms ramps so the speaker does not click
    out = []
    for i in range(n):
        phase = math.sin(2 * math.pi * freq * i / RATE)
        value = (1.0 if phase >= 0 else -1.0) * 0.6 if shape == "square" else phase
        envelope = min(1.0, i / fade, (n - 1 - i) / fade)
        out.append(int(32767 * volume * value * envelope))
    return out


def render(tones: list[Tone], volume: float = 0.7) -> bytes:
    samples: list[int] = []
    for freq, seconds, shape in tones:
        samples += [0] * int(RATE * seconds) if freq == 0 else _samples(freq, seconds, shape,
                                                                        volume)
    return struct.pack(f"<{len(samples)}h", *samples)


SOUNDS: dict[str, list[Tone]] = {
    # A short high beep: the item counted.
    "good.wav": [(1760.0, 0.09, "sine")],
    # A low, rough double buzz: refused. Square wave so it cannot be mistaken for the beep.
    "error.wav": [(180.0, 0.22, "square"), (0, 0.06, "sine"), (180.0, 0.22, "square")],
    # A rising major arpeggio: the order is complete.
    "done.wav": [(1046.5, 0.12, "sine"), (1318.5, 0.12, "sine"), (1568.0, 0.28, "sine")],
}


def write_all(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, tones in SOUNDS.items():
        path = out_dir / name
        with wave.open(str(path), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(RATE)
            w.writeframes(render(tones))
        written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent.parent / \
        "resources" / "sounds"
    for p in write_all(target):
        print(p)
