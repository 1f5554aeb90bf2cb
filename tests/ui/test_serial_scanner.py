"""Serial scanners: lines from a (pseudo) serial port become scans."""

from __future__ import annotations

import os
import sys

import pytest

from app.ui.common.serial_scanner import SerialScanner


def test_lines_split_across_reads_become_whole_scans(qtbot):
    scanner = SerialScanner()
    got: list[str] = []
    scanner.scanned.connect(got.append)
    scanner.feed(b"40063813")
    scanner.feed(b"33931\r")
    scanner.feed(b"\n#1001\r\nTOTE-0")
    assert got == ["4006381333931", "#1001"]
    scanner.feed(b"7\n\n]d2010950110153000310AB\x1d21X\r")
    assert got[2:] == ["TOTE-07", "]d2010950110153000310AB\x1d21X"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs a Linux pty")
def test_real_port_reads_a_scan(qtbot):
    # A pseudo-terminal stands in for the COM port: QSerialPort opens its slave end, the
    # test writes to the master end as a scanner would.
    master, slave = os.openpty()
    try:
        scanner = SerialScanner()
        assert scanner.open(os.ttyname(slave), 9600)
        with qtbot.wait_signal(scanner.scanned, timeout=3000) as blocker:
            os.write(master, b"9501101530003\r\n")
        assert blocker.args == ["9501101530003"]
        scanner.close()
    finally:
        os.close(master)
        os.close(slave)


def test_open_failure_is_reported(qtbot):
    scanner = SerialScanner()
    with qtbot.wait_signal(scanner.failed, timeout=1000) as blocker:
        assert not scanner.open("/dev/no-such-scanner-port")
    assert "no-such-scanner-port" in blocker.args[0]
