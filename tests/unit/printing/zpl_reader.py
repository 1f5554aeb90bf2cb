"""Test helper: read back a ZPL stream into labels and fields (what a printer would parse)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

COMMAND = re.compile(r"([\^~])([A-Z@][A-Z0-9@]?)")


@dataclass
class Field:
    x: int
    y: int
    kind: str           # "text", "BC", "BE", "BQ", "GB"
    data: str = ""
    params: str = ""


@dataclass
class Label:
    width: int = 0
    length: int = 0
    copies: int = 1
    home: tuple[int, int] = (0, 0)
    module: int = 0
    fields: list[Field] = field(default_factory=list)

    def texts(self) -> list[str]:
        return [f.data for f in self.fields if f.kind == "text"]

    def barcodes(self) -> list[tuple[str, str]]:
        return [(f.kind, f.data) for f in self.fields if f.kind in ("BC", "BE", "BQ")]


def unhex(data: str) -> str:
    """Undo ^FH's _XX escapes (UTF-8 bytes)."""
    raw = bytearray()
    i = 0
    while i < len(data):
        if data[i] == "_":
            raw.append(int(data[i + 1:i + 3], 16))
            i += 3
        else:
            raw += data[i].encode("ascii")
            i += 1
    return raw.decode("utf-8")


def parse(zpl: str) -> tuple[list[Label], list[str]]:
    """(labels, tilde commands outside labels)."""
    labels: list[Label] = []
    tildes: list[str] = []
    current: Label | None = None
    pending: Field | None = None
    hexed = False
    parts = list(COMMAND.finditer(zpl))
    for n, m in enumerate(parts):
        end = parts[n + 1].start() if n + 1 < len(parts) else len(zpl)
        cmd, arg = m.group(1) + m.group(2), zpl[m.end():end].strip()
        if cmd[0] == "~":
            tildes.append(cmd + arg)
        elif cmd == "^XA":
            current = Label()
        elif cmd == "^XZ":
            assert current is not None, "^XZ without ^XA"
            labels.append(current)
            current = None
        elif current is None:
            raise AssertionError(f"{cmd} outside ^XA..^XZ")
        elif cmd == "^PW":
            current.width = int(arg)
        elif cmd == "^LL":
            current.length = int(arg)
        elif cmd == "^LH":
            x, y = arg.split(",")
            current.home = (int(x), int(y))
        elif cmd == "^PQ":
            current.copies = int(arg.split(",")[0])
        elif cmd == "^BY":
            current.module = int(arg.split(",")[0])
        elif cmd == "^FO":
            x, y = arg.split(",")[:2]
            pending = Field(int(x), int(y), "text")
            hexed = False
        elif cmd in ("^BC", "^BE", "^BQ", "^GB") and pending is not None:
            pending.kind, pending.params = cmd[1:], arg
            if cmd == "^GB":
                current.fields.append(pending)
                pending = None
        elif cmd == "^FH":
            hexed = True
        elif cmd == "^FD" and pending is not None:
            pending.data = unhex(arg) if hexed else arg
        elif cmd == "^FS" and pending is not None:
            current.fields.append(pending)
            pending = None
    assert current is None, "label not closed with ^XZ"
    return labels, tildes
