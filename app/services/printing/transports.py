"""Getting a print job to a printer: raw ZPL over TCP 9100, a raw CUPS queue, a Windows RAW
job, or a PDF saved to a file. A PrinterProfile says which, and how the labels sit."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from app.services.core.errors import InvalidInput

RAW_PORT = 9100


class PrinterError(InvalidInput):
    """The printer could not be reached or refused the job."""


@dataclass(frozen=True)
class PrinterProfile:
    name: str
    kind: Literal["pdf", "zpl"]
    # "tcp://host[:port]", "cups:QUEUE", "windows:QUEUE", a folder for PDFs, or "" (system
    # print dialog for PDF).
    address: str = ""
    media: str = "4x6"
    dpi: int = 203
    offset_x_mm: float = 0.0
    offset_y_mm: float = 0.0
    darkness: int | None = None


def parse_address(address: str) -> tuple[str, str, int]:
    """("tcp", host, port) / ("cups", queue, 0) / ("windows", queue, 0) / ("file", path, 0)."""
    text = address.strip()
    if text.startswith("tcp://"):
        host, _, port = text[6:].partition(":")
        if not host:
            raise InvalidInput(f"{address!r} has no printer host name or IP address.")
        try:
            number = int(port) if port else RAW_PORT
        except ValueError:
            raise InvalidInput(f"{port!r} is not a port number.") from None
        return "tcp", host, number
    for scheme in ("cups", "windows"):
        if text.startswith(scheme + ":"):
            queue = text[len(scheme) + 1:].strip()
            if not queue:
                raise InvalidInput(f"{address!r} names no printer queue.")
            return scheme, queue, 0
    if text:
        return "file", text, 0
    raise InvalidInput("The printer has no address: give tcp://HOST, cups:QUEUE, "
                       "windows:QUEUE or a folder.")


def send_tcp(data: bytes, host: str, port: int = RAW_PORT, timeout: float = 10.0) -> None:
    """Send raw bytes to a network printer's raw port (JetDirect/9100) and close."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)
    except TimeoutError:
        raise PrinterError(f"The printer at {host}:{port} did not answer within "
                           f"{timeout:g} s. Is it switched on and on the network?") from None
    except OSError as exc:
        raise PrinterError(f"Could not send to the printer at {host}:{port}: "
                           f"{exc.strerror or exc}.") from None


def send_cups(data: bytes, queue: str, lp: str = "lp", timeout: float = 30.0,
              raw: bool = True) -> str:
    """Queue bytes on a CUPS printer (`lp -d QUEUE -o raw` for ZPL, plain `lp` for a PDF the
    queue's driver renders); returns lp's answer."""
    program = shutil.which(lp)
    if program is None:
        raise PrinterError("The 'lp' command is missing: install CUPS to print to a queue.")
    try:
        done = subprocess.run([program, "-d", queue, *(["-o", "raw"] if raw else [])], input=data,
                              capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise PrinterError(f"CUPS did not take the job for {queue} within {timeout:g} s."
                           ) from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip() or f"exit {done.returncode}"
        raise PrinterError(f"CUPS refused the job for {queue}: {reason}")
    return done.stdout.decode("utf-8", "replace").strip()


def send_windows(data: bytes, queue: str, title: str = "Backroom labels") -> None:
    """A RAW job on a Windows printer queue, through the spooler API (winspool)."""
    if sys.platform != "win32":
        raise PrinterError("Windows printer queues can only be used on Windows; use "
                           "tcp://HOST or cups:QUEUE here.")
    from app.services.printing import winspool  # Windows-only module

    winspool.write_raw(queue, data, title)


def save_pdf(data: bytes, path: Path) -> Path:
    """Write a PDF, refusing anything that is not one (a mix-up of templates and kinds)."""
    if not data.startswith(b"%PDF-"):
        raise InvalidInput("That is not a PDF.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        raise PrinterError(f"Could not save {path}: {exc.strerror or exc}.") from None
    return path


def send_pdf(profile: PrinterProfile, data: bytes, file_name: str = "labels.pdf") -> str:
    """A PDF to a sheet printer's CUPS queue, or saved into its folder."""
    if profile.kind != "pdf":
        raise InvalidInput(f"{profile.name} is a thermal printer: it takes ZPL, not a PDF.")
    if not profile.address.strip():
        raise InvalidInput(f"{profile.name} prints through the print dialog; in the app use "
                           "Print, or save the PDF with -o FILE.pdf.")
    scheme, target, _ = parse_address(profile.address)
    if scheme == "cups":
        return send_cups(data, target, raw=False) or f"Queued on {target}"
    if scheme != "file":
        raise InvalidInput(f"{profile.name}: a PDF goes to cups:QUEUE or a folder, not "
                           f"{profile.address}.")
    path = Path(target)
    return f"Saved to {save_pdf(data, path / file_name if path.is_dir() else path)}"


def send_raw(profile: PrinterProfile, data: bytes, timeout: float = 10.0) -> str:
    """Send ZPL to the profile's printer; returns a line saying where it went."""
    if profile.kind != "zpl":
        raise InvalidInput(f"{profile.name} is a PDF printer; raw ZPL goes to a thermal one.")
    scheme, target, port = parse_address(profile.address)
    if scheme == "tcp":
        send_tcp(data, target, port, timeout)
        return f"Sent to {target}:{port}"
    if scheme == "cups":
        answer = send_cups(data, target)
        return answer or f"Queued on {target}"
    if scheme == "windows":
        send_windows(data, target)
        return f"Queued on {target}"
    path = Path(target)
    if path.is_dir():
        path = path / "labels.zpl"
    path.write_bytes(data)
    return f"Saved to {path}"
