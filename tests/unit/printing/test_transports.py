"""Printer transports: addresses, a closed port, a CUPS queue through a stand-in `lp`."""

from __future__ import annotations

import socket
import stat
import sys
from pathlib import Path

import pytest

from app.services.core.errors import InvalidInput
from app.services.printing import transports
from app.services.printing.transports import PrinterError, PrinterProfile


def test_addresses() -> None:
    assert transports.parse_address("tcp://10.0.0.7") == ("tcp", "10.0.0.7", 9100)
    assert transports.parse_address("tcp://zebra.local:6101") == ("tcp", "zebra.local", 6101)
    assert transports.parse_address("cups:Zebra_GK420d") == ("cups", "Zebra_GK420d", 0)
    assert transports.parse_address("windows:ZDesigner GK420d") == (
        "windows", "ZDesigner GK420d", 0)
    assert transports.parse_address("/tmp/out")[0] == "file"
    for bad, words in (("tcp://", "host"), ("tcp://h:x", "port"), ("cups:", "queue"),
                       ("", "no address")):
        with pytest.raises(InvalidInput, match=words):
            transports.parse_address(bad)


def test_a_closed_port_is_a_readable_error() -> None:
    with socket.socket() as s:   # bind then close: nothing listens on that port now
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(PrinterError, match=f"127.0.0.1:{port}"):
        transports.send_tcp(b"^XA^XZ", "127.0.0.1", port, timeout=2)


def _fake_lp(tmp_path: Path, exit_code: int = 0) -> Path:
    """An `lp` that records its arguments and input, as CUPS' would take them."""
    script = tmp_path / "bin" / "lp"
    script.parent.mkdir()
    script.write_text(
        f"#!{sys.executable}\n"
        "import sys, pathlib\n"
        f"out = pathlib.Path({str(tmp_path)!r})\n"
        "(out / 'args.txt').write_text(' '.join(sys.argv[1:]))\n"
        "(out / 'job.bin').write_bytes(sys.stdin.buffer.read())\n"
        f"if {exit_code}:\n"
        "    sys.stderr.write('lp: The printer or class does not exist.\\n')\n"
        f"    sys.exit({exit_code})\n"
        "print('request id is Zebra-42 (1 file(s))')\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


@pytest.mark.skipif(sys.platform == "win32", reason="CUPS is not on Windows")
def test_cups_raw_queue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_lp(tmp_path)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:/usr/bin:/bin")
    profile = PrinterProfile("Zebra", "zpl", "cups:Zebra")
    assert transports.send_raw(profile, b"^XA^FDhi^FS^XZ") == (
        "request id is Zebra-42 (1 file(s))")
    assert (tmp_path / "args.txt").read_text() == "-d Zebra -o raw"
    assert (tmp_path / "job.bin").read_bytes() == b"^XA^FDhi^FS^XZ"


@pytest.mark.skipif(sys.platform == "win32", reason="CUPS is not on Windows")
def test_cups_refusal_is_passed_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_lp(tmp_path, exit_code=1)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    with pytest.raises(PrinterError, match="does not exist"):
        transports.send_cups(b"x", "Nope")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(PrinterError, match="install CUPS"):
        transports.send_cups(b"x", "Nope")


@pytest.mark.skipif(sys.platform == "win32", reason="checks the refusal off Windows")
def test_windows_queue_off_windows() -> None:
    with pytest.raises(PrinterError, match="only be used on Windows"):
        transports.send_raw(PrinterProfile("Z", "zpl", "windows:ZDesigner"), b"^XA^XZ")


def test_zpl_to_a_folder_and_pdf_saving(tmp_path: Path) -> None:
    said = transports.send_raw(PrinterProfile("File", "zpl", str(tmp_path)), b"^XA^XZ")
    assert said == f"Saved to {tmp_path / 'labels.zpl'}"
    assert (tmp_path / "labels.zpl").read_bytes() == b"^XA^XZ"
    with pytest.raises(InvalidInput, match="PDF printer"):
        transports.send_raw(PrinterProfile("Laser", "pdf", str(tmp_path)), b"^XA^XZ")
    saved = transports.save_pdf(b"%PDF-1.4 ...", tmp_path / "out" / "a.pdf")
    assert saved.read_bytes().startswith(b"%PDF-")
    with pytest.raises(InvalidInput, match="not a PDF"):
        transports.save_pdf(b"^XA", tmp_path / "b.pdf")
