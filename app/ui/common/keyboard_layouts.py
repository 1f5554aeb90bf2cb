"""Keyboard-layout mix-ups between a wedge scanner and the PC, told from the text it typed.

A USB scanner "types" by key position, using the keyboard layout it is set to. When that is
not the PC's layout, the PC shows other characters for some keys: a US scanner on a German
PC turns 'y' into 'z' and '-' into 'ß'; on a French (AZERTY) PC the digits come out as
&é"'(-è_çà. Each mix-up here is the table of keys that differ (what the PC shows -> what the
scanner meant) and the characters that betray it (no barcode holds a 'ß' or an 'é').
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.ui.common.i18n import QT_TRANSLATE_NOOP, translate


def _pairs(scanner_chars: str, pc_chars: str) -> dict[str, str]:
    """shown -> meant, for keys that give scanner_chars[i] on the scanner's layout and
    pc_chars[i] on the PC's."""
    assert len(scanner_chars) == len(pc_chars)
    return {pc: sc for sc, pc in zip(scanner_chars, pc_chars, strict=True) if pc != sc}


# The same physical keys on a US and a German (QWERTZ) keyboard, unshifted and shifted.
_US = "~@#^&*()-_=yY[{]};:'\"\\|zZ/?<>"
_DE = "°\"§&/()=ß?´zZüÜ+*öÖäÄ#'yY-_;:"
# ... and on a US and a French (AZERTY) keyboard.
_US_FR = "1234567890-!@#$%^&*()_qQaAwWzZ;:mM,<.>/?']\\\""
_FR = "&é\"'(-è_çà)1234567890°aAqQzZwWmM,?;.:/!§ù$*%"


@dataclass(frozen=True)
class Mixup:
    name: str                 # "US scanner on a German (QWERTZ) PC"
    fix: str                  # what to do about it
    shown_to_meant: dict[str, str]
    tells: frozenset[str]     # characters that only this mix-up puts into a code

    def meant(self, text: str) -> str:
        return "".join(self.shown_to_meant.get(ch, ch) for ch in text)


KL = "common.keyboard_layouts"  # the translation context (lupdate reads it literally below)
MIXUPS = (
    Mixup(QT_TRANSLATE_NOOP("common.keyboard_layouts",
                            "a US-layout scanner typing into a German (QWERTZ) keyboard layout"),
          QT_TRANSLATE_NOOP("common.keyboard_layouts",
                            "set the scanner's keyboard country to German (scan its "
                            "'Germany' setup code), or switch this PC's layout to US"),
          _pairs(_US, _DE), frozenset("ßöÖäÄüÜ§°´")),
    Mixup(QT_TRANSLATE_NOOP("common.keyboard_layouts",
                            "a German-layout (QWERTZ) scanner typing into a US keyboard layout"),
          QT_TRANSLATE_NOOP("common.keyboard_layouts",
                            "set the scanner's keyboard country to US, or switch this PC's "
                            "layout to German"),
          _pairs(_DE, _US), frozenset()),
    Mixup(QT_TRANSLATE_NOOP("common.keyboard_layouts",
                            "a US-layout scanner typing into a French (AZERTY) keyboard layout"),
          QT_TRANSLATE_NOOP("common.keyboard_layouts",
                            "set the scanner's keyboard country to France (scan its "
                            "'France' setup code), or switch this PC's layout to US"),
          _pairs(_US_FR, _FR), frozenset("éèçàù§°")),
)


@dataclass(frozen=True)
class LayoutGuess:
    mixup: Mixup
    shown: str
    meant: str
    evidence: str   # the characters that gave it away, or "" when the reading decided

    def message(self) -> str:
        why = (translate("common.keyboard_layouts",
            "'{evidence}' cannot be in a barcode").format(
            evidence=self.evidence) if self.evidence
               else translate("common.keyboard_layouts",
                   "it only reads as a code when the keys are put back"))
        return (translate("common.keyboard_layouts",
            "Looks like {name} ({why}): the scanner most likely meant {meant!r}, not {shown!r}. "
            "To fix it, {fix}.").format(
            name=translate(KL, self.mixup.name), why=why, meant=self.meant, shown=self.shown,
            fix=translate(KL, self.mixup.fix)))


def layout_guesses(text: str, reads_better: Callable[[str, str], bool] | None = None,
                   ) -> list[LayoutGuess]:
    """Mix-ups that explain `text`: those whose tell-tale characters are in it, and those
    whose corrected text `reads_better(meant, text)` than what arrived."""
    out: list[LayoutGuess] = []
    for mixup in MIXUPS:
        meant = mixup.meant(text)
        if meant == text:
            continue
        evidence = "".join(dict.fromkeys(ch for ch in text if ch in mixup.tells))
        if evidence or (reads_better is not None and reads_better(meant, text)):
            out.append(LayoutGuess(mixup, text, meant, evidence))
    return out
