"""Serial (COM port / virtual COM) scanners: the same `scanned(str)` signal as the wedge."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtSerialPort import QSerialPort, QSerialPortInfo

from app.ui.common.i18n import translate

_TERMINATORS = (b"\r\n", b"\r", b"\n")


def available_ports() -> list[tuple[str, str]]:
    """(port name, description) of each serial port, for the settings list."""
    return [(p.portName(), p.description() or p.manufacturer())
            for p in QSerialPortInfo.availablePorts()]


class SerialScanner(QObject):
    """Reads lines from a serial port; each line ending in CR and/or LF is one scan."""

    scanned = Signal(str)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None, *, encoding: str = "latin-1") -> None:
        super().__init__(parent)
        self._port = QSerialPort(self)
        self._buffer = b""
        self._encoding = encoding
        self._port.readyRead.connect(self._on_ready_read)
        self._port.errorOccurred.connect(self._on_error)

    def open(self, port_name: str, baud: int = 9600) -> bool:
        """Open the port; on failure emit `failed` with a reason and return False."""
        self.close()
        self._port.setPortName(port_name)
        self._port.setBaudRate(baud)
        if not self._port.open(QSerialPort.OpenModeFlag.ReadOnly):
            self.failed.emit(translate("common.serial_scanner",
                "Cannot open scanner port {port_name}: {errorString}").format(
                port_name=port_name, errorString=self._port.errorString()))
            return False
        return True

    def close(self) -> None:
        if self._port.isOpen():
            self._port.close()
        self._buffer = b""

    @property
    def is_open(self) -> bool:
        return self._port.isOpen()

    def feed(self, data: bytes) -> None:
        """Take raw bytes as they arrive; a scan may come split over several reads."""
        self._buffer += data
        while True:
            cut = min((i for i in (self._buffer.find(t) for t in _TERMINATORS) if i >= 0),
                      default=-1)
            if cut < 0:
                return
            line, rest = self._buffer[:cut], self._buffer[cut:]
            self._buffer = rest.lstrip(b"\r\n")
            text = line.decode(self._encoding, errors="replace").strip(" \t")
            if text:
                self.scanned.emit(text)

    def _on_ready_read(self) -> None:
        self.feed(bytes(self._port.readAll().data()))

    def _on_error(self, error: QSerialPort.SerialPortError) -> None:
        # Errors while opening are reported by open(); these are the ones after (unplugged).
        if self._port.isOpen() and error != QSerialPort.SerialPortError.NoError:
            self.failed.emit(translate("common.serial_scanner",
                "Scanner port problem: {errorString}").format(
                errorString=self._port.errorString()))
