"""The scanner test page: what the scanner really sent, key by key, and how Backroom reads it.

Opened from the scanner set-up (button or Ctrl+T). Every key press into the capture box is
recorded with its time: the characters with control characters made visible (GS for FNC1,
Tab, Enter), the gaps between keys (a scanner types a key every few ms, a person every
100 or so), the symbology identifier and the suffix that ended the scan, keyboard-layout
mix-ups, and the reading `backroom scan` gives. Nothing is changed anywhere.
"""

from __future__ import annotations

import html
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QGuiApplication, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.stock.scan_codes import Misread, parse_scan, split_symbology, symbology_name
from app.services.stock.scan_lookup import ScanReading, describe_reading
from app.ui.common.i18n import translate
from app.ui.common.keyboard_layouts import layout_guesses
from app.ui.common.scanner_input import ScannerSettings

Reader = Callable[[str], ScanReading]

# Control characters a scanner may send, by the names its manual uses.
CONTROL_NAMES = {"\x1d": "GS", "\t": "Tab", "\r": "Enter", "\n": "LF", "\x02": "STX",
                 "\x03": "ETX", "\x04": "EOT", "\x1e": "RS", "\x1c": "FS", "\x1b": "ESC",
                 "\x00": "NUL", "\x7f": "DEL"}
_ENDS = {Qt.Key.Key_Return: "Enter", Qt.Key.Key_Enter: "Enter", Qt.Key.Key_Tab: "Tab"}
_IGNORED = {Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_AltGr,
            Qt.Key.Key_Meta, Qt.Key.Key_CapsLock, Qt.Key.Key_NumLock, Qt.Key.Key_Escape}
QUIET_MS = 600   # a scan without a suffix is taken as ended after this pause


def visible(text: str) -> str:
    """The text with control characters shown by name: '10AB⟨GS⟩17…'."""
    out = []
    for ch in text:
        if ch in CONTROL_NAMES:
            out.append(f"⟨{CONTROL_NAMES[ch]}⟩")
        elif not ch.isprintable():
            out.append(f"⟨0x{ord(ch):02X}⟩")
        else:
            out.append(ch)
    return "".join(out)


def _rich(text: str) -> str:
    """HTML of `visible(text)`: control characters as grey badges, odd characters in red."""
    out = []
    for ch in text:
        name = CONTROL_NAMES.get(ch) or (None if ch.isprintable() else f"0x{ord(ch):02X}")
        if name:
            out.append(f"<span style='background:#ddd;color:#333'>&#x27E8;{name}&#x27E9;"
                       "</span>")
        elif ch == " ":
            out.append(translate("common.scanner_test",
                "<span style='color:#888'>&#x2423;</span>"))  # a visible space
        elif not ch.isascii():
            out.append(translate("common.scanner_test",
                "<b style='color:#c00'>{ch}</b>").format(
                ch=html.escape(ch)))
        else:
            out.append(html.escape(ch))
    return "".join(out)


@dataclass(frozen=True)
class KeyRecord:
    text: str     # what the key typed ("" for keys that type nothing)
    key: str      # the key's name ("Y", "Return", "Ctrl+]")
    at: float     # ms


@dataclass(frozen=True)
class CapturedScan:
    keys: tuple[KeyRecord, ...]   # the data keys, without the suffix
    suffix: str                   # "Enter", "Tab", "Enter + LF", or "" (ended by a pause)
    ended_at: float | None        # when the suffix key came

    @property
    def text(self) -> str:
        return "".join(k.text for k in self.keys)

    @property
    def gaps(self) -> list[float]:
        times = [k.at for k in self.keys] + ([self.ended_at] if self.ended_at else [])
        return [b - a for a, b in zip(times, times[1:], strict=False)]


def _key_name(event: QKeyEvent) -> str:
    """'Y', 'Shift+Y', 'Ctrl+]' (how many scanners send GS), 'Return'."""
    return QKeySequence(event.keyCombination()).toString() or translate("common.scanner_test",
        "key {key:#x}").format(
        key=event.key())


class CaptureBox(QFrame):
    """Takes focus and records every key press, Tab and Enter included."""

    key_recorded = Signal(object, object)   # KeyRecord, the suffix name or None

    def __init__(self, clock: Callable[[], float] | None = None) -> None:
        super().__init__()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumHeight(56)
        self._clock = clock
        self._label = QLabel(translate("common.scanner_test",
            "Click here (or keep the focus here) and scan a barcode."))
        self._label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        QVBoxLayout(self).addWidget(self._label)
        self._paint(False)

    def _paint(self, focused: bool) -> None:
        colour = "#2a7" if focused else "#c33"
        self.setStyleSheet(f"CaptureBox {{ border: 2px solid {colour}; border-radius: 4px; }}")
        self._label.setText(translate("common.scanner_test",
            "Ready: scan a barcode now.") if focused else
                            translate("common.scanner_test",
                                "Not listening: click here (or press Tab) before scanning."))

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt name)
        self._paint(True)
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt name)
        self._paint(False)
        super().focusOutEvent(event)

    def event(self, e: QEvent) -> bool:
        # Tab would move the focus away: a scanner's Tab suffix belongs to the scan.
        if e.type() == QEvent.Type.KeyPress and isinstance(e, QKeyEvent) \
                and e.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self.keyPressEvent(e)
            return True
        return super().event(e)

    def _now(self, event: QKeyEvent) -> float:
        if self._clock is not None:
            return self._clock()
        # The window system's time says when the key was typed even if we were busy.
        return float(event.timestamp()) or time.monotonic() * 1000.0

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt name)
        if event.key() in _IGNORED:
            super().keyPressEvent(event)  # Esc still closes the page
            return
        key = Qt.Key(event.key())
        record = KeyRecord(event.text(), _key_name(event), self._now(event))
        self.key_recorded.emit(record, _ENDS.get(key))
        event.accept()


class ScannerTestDialog(QDialog):
    """Scan here to see what the scanner sends and how Backroom reads it."""

    scan_shown = Signal(str)   # the scan's text, once its analysis is on screen

    def __init__(self, parent: QWidget | None, settings: ScannerSettings,
                 reader: Reader | None = None, *,
                 clock: Callable[[], float] | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(translate("common.scanner_test", "Scanner test"))
        self.settings = settings
        self.reader = reader or read_without_catalogue
        self.looks_up = reader is not None
        self._keys: list[KeyRecord] = []
        self.last: CapturedScan | None = None
        self._quiet = QTimer(self)
        self._quiet.setSingleShot(True)
        self._quiet.timeout.connect(lambda: self._finish(""))

        self.capture = CaptureBox(clock)
        self.capture.key_recorded.connect(self.on_key)
        self.sent = QLabel("–")
        self.sent.setTextFormat(Qt.TextFormat.RichText)
        self.sent.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sent.setWordWrap(True)
        self.framing = QLabel("–")
        self.timing = QLabel("–")
        self.layout_note = QLabel("–")
        self.reading = QLabel("–")
        for label in (self.framing, self.timing, self.layout_note, self.reading):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.keys = QTableWidget(0, 4)
        self.keys.setHorizontalHeaderLabels(["#", translate("common.scanner_test",
            "Sent"), translate("common.scanner_test",
            "Key"), translate("common.scanner_test",
            "Gap (ms)")])
        self.keys.verticalHeader().setVisible(False)
        self.keys.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.keys.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.keys.horizontalHeader()
        for col in (0, 1, 2):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.keys.verticalHeader().setDefaultSectionSize(
            self.keys.fontMetrics().height() + 6)

        form = QFormLayout()
        form.addRow(translate("common.scanner_test", "Sent"), self.sent)
        form.addRow(translate("common.scanner_test", "Prefix / suffix"), self.framing)
        form.addRow(translate("common.scanner_test", "Key timing"), self.timing)
        form.addRow(translate("common.scanner_test", "Keyboard layout"), self.layout_note)
        form.addRow(translate("common.scanner_test", "Backroom reads"), self.reading)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setFocusPolicy(
            Qt.FocusPolicy.NoFocus)  # so that every key of a scan lands in the capture box
        layout = QVBoxLayout(self)
        intro = QLabel(translate("common.scanner_test",
            "Scan any barcode: you see exactly what the scanner typed and how Backroom reads it. "
            "Nothing is changed. Esc closes."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.capture)
        layout.addLayout(form)
        layout.addWidget(self.keys, 1)
        layout.addWidget(buttons)
        # Not Ctrl+L: that is Switch user everywhere else, and the form feed (FF) a scanner may
        # send, which this page must record like any other key.
        clear = QShortcut(QKeySequence("Ctrl+Backspace"), self)
        clear.activated.connect(self.clear)
        self.resize(760, 640)
        self.capture.setFocus()

    # -- capture ---------------------------------------------------------------------------
    def on_key(self, record: KeyRecord, suffix: str | None) -> None:
        if suffix is None and record.text == "\n" and not self._keys and self.last \
                and self.last.suffix == "Enter":
            # CR LF: the LF belongs to the suffix of the scan just shown.
            self.last = CapturedScan(self.last.keys, "Enter + LF", self.last.ended_at)
            self._show_framing(self.last)
            return
        if suffix is not None:
            if self._keys:
                self._finish(suffix, record.at)
            return
        self._keys.append(record)
        self._quiet.start(QUIET_MS)

    def _finish(self, suffix: str, at: float | None = None) -> None:
        self._quiet.stop()
        if not self._keys:
            return
        scan = CapturedScan(tuple(self._keys), suffix, at)
        self._keys = []
        self.show_scan(scan)

    def clear(self) -> None:
        self._keys = []
        self.last = None
        for label in (self.sent, self.framing, self.timing, self.layout_note, self.reading):
            label.setText("–")
        self.keys.setRowCount(0)

    # -- what it shows ---------------------------------------------------------------------
    def show_scan(self, scan: CapturedScan) -> None:
        self.last = scan
        self.sent.setText(_rich(scan.text) + (translate("common.scanner_test",
            " <i>then {suffix}</i>").format(
            suffix=scan.suffix) if scan.suffix
                                              else ""))
        self.sent.setToolTip(visible(scan.text))
        self._show_keys(scan)
        self._show_framing(scan)
        self.timing.setText(timing_verdict(scan.gaps, self.settings.max_gap_ms))
        code = self._code_text(scan.text)
        reading = self.reader(code)
        guesses = layout_guesses(code, self._reads_better)
        notes = [g.message() + _as_meant(self.reader(g.meant)) for g in guesses]
        self.layout_note.setText(_pc_keyboard() + (" ".join(notes) if notes
                                                   else translate("common.scanner_test",
                                                       "No sign of a layout mix-up.")))
        self.layout_note.setStyleSheet("color:#b00" if guesses else "")
        lines = describe_reading(reading)
        if not self.looks_up and reading.code is not None:
            lines[-1] = translate("common.scanner_test",
                "Product: not looked up here (open this page from Pick & Pack)")
        self.reading.setText("\n".join(lines))
        self.reading.setStyleSheet("color:#b00" if reading.refused else "")
        self.scan_shown.emit(scan.text)

    def _code_text(self, text: str) -> str:
        prefix = self.settings.prefix
        return text[len(prefix):] if prefix and text.startswith(prefix) else text

    def _show_keys(self, scan: CapturedScan) -> None:
        rows = list(scan.keys)
        self.keys.setRowCount(len(rows) + (1 if scan.suffix else 0))
        gaps = [0.0, *scan.gaps]
        for i, k in enumerate(rows):
            self._row(i, visible(k.text) or "(nothing)", k.key, gaps[i] if i else None)
        if scan.suffix and scan.ended_at is not None:
            self._row(len(rows), f"⟨{scan.suffix.split()[0]}⟩", scan.suffix.split()[0],
                      gaps[len(rows)])

    def _row(self, i: int, sent: str, key: str, gap: float | None) -> None:
        cells = (str(i + 1), sent, key, "" if gap is None else f"{gap:.0f}")
        for col, value in enumerate(cells):
            item = QTableWidgetItem(value)
            if col == 3 and gap is not None and gap > self.settings.max_gap_ms:
                item.setForeground(Qt.GlobalColor.red)
            self.keys.setItem(i, col, item)

    def _show_framing(self, scan: CapturedScan) -> None:
        parts = []
        text = scan.text
        if self.settings.prefix and text.startswith(self.settings.prefix):
            parts.append(translate("common.scanner_test",
                "prefix character {prefix} (as set up)").format(
                prefix=visible(self.settings.prefix)))
            text = text[len(self.settings.prefix):]
        ident, _data = split_symbology(text)
        if ident:
            parts.append(translate("common.scanner_test",
                "symbology identifier {ident} ({symbology_name})").format(
                ident=ident, symbology_name=symbology_name(ident)))
        else:
            parts.append(translate("common.scanner_test",
                "no symbology identifier (the scanner sends only the data)"))
        parts.append(translate("common.scanner_test",
            "ends with {suffix}").format(
            suffix=scan.suffix) if scan.suffix else
                     translate("common.scanner_test",
                         "no suffix: the scan ended with a pause. Set the scanner to send Enter "
                         "after each scan"))
        self.framing.setText("; ".join(parts) + ".")

    def _reads_better(self, meant: str, shown: str) -> bool:
        return _useful(self.reader(meant)) and not _useful(self.reader(shown))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt name)
        # Keys the capture box passed on (Esc) close the page; Enter never presses a button.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)


def _pc_keyboard() -> str:
    """'This PC types with a German (Germany) keyboard. ' from the input method's locale."""
    locale = QGuiApplication.inputMethod().locale()
    if locale.language() in (QLocale.Language.C, QLocale.Language.AnyLanguage):
        return ""
    return (translate("common.scanner_test",
        "This PC types with a {languageToString} ({territoryToString}) keyboard. ").format(
        languageToString=QLocale.languageToString(locale.language()),
        territoryToString=QLocale.territoryToString(locale.territory())))


def _as_meant(reading: ScanReading) -> str:
    if reading.sku is not None:
        return translate("common.scanner_test",
            " Read that way it is {sku} {name}.").format(
            sku=reading.sku, name=reading.name)
    return ""


def _useful(reading: ScanReading) -> bool:
    """Read as a real code: a product was found, or a checked GTIN/GS1/SSCC reading."""
    if reading.refused or reading.code is None:
        return False
    return reading.sku is not None or reading.code.kind != "text"


def read_without_catalogue(raw: str) -> ScanReading:
    """The reading alone, when the page has no database to look products up in."""
    try:
        return ScanReading(raw, parse_scan(raw))
    except Misread as exc:
        return ScanReading(raw, None, refused=str(exc))


def timing_verdict(gaps: list[float], max_gap_ms: float) -> str:
    """Scanner or person, from the gaps between keys, against this PC's key gap setting."""
    if not gaps:
        return translate("common.scanner_test", "One key only: nothing to time.")
    longest, middle = max(gaps), statistics.median(gaps)
    total = sum(gaps)
    head = (translate("common.scanner_test",
        "{gaps} keys in {total:.0f} ms: median gap {middle:.0f} ms, "
        "longest {longest:.0f} ms. ").format(
        gaps=len(gaps) + 1, total=total, middle=middle, longest=longest))
    if longest <= max_gap_ms:
        return head + (translate("common.scanner_test",
            "A scanner: every gap is within this PC's key gap of {max_gap_ms:.0f} ms, so "
            "Backroom takes it as a scan.").format(
            max_gap_ms=max_gap_ms))
    if middle <= max_gap_ms:
        return head + (translate("common.scanner_test",
            "Scanner speed, but one pause of {longest:.0f} ms is longer than the key gap of "
            "{max_gap_ms:.0f} ms (a Bluetooth scanner may pause): set Key gap to about "
            "{longest2:.0f} ms, or the scan is taken as typing.").format(
            longest=longest, max_gap_ms=max_gap_ms, longest2=longest * 1.2 + 5))
    return head + (translate("common.scanner_test",
        "Typing speed: the gaps are longer than the key gap of {max_gap_ms:.0f} ms, so Backroom "
        "takes this as a person typing, not a scan.").format(
        max_gap_ms=max_gap_ms))
