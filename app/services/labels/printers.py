"""Printer profiles (with a test print) and each store's label template settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Store
from app.models.printing import PrinterProfile as ProfileRow
from app.models.printing import TemplateSettings
from app.services.core.errors import InvalidInput, NotFound
from app.services.labels.sources import HIDEABLE, StoreLook, store_look
from app.services.printing import pdf_labels, sizes, transports, zpl
from app.services.printing.label_records import BinLabel
from app.services.printing.transports import PrinterProfile


def _profile(row: ProfileRow) -> PrinterProfile:
    return PrinterProfile(row.name, row.kind, row.address, row.media, row.dpi,  # type: ignore[arg-type]
                          row.offset_x_dmm / 10, row.offset_y_dmm / 10, row.darkness)


def list_printers(session: Session) -> list[PrinterProfile]:
    return [_profile(r) for r in session.scalars(select(ProfileRow).order_by(ProfileRow.name))]


def get_printer(session: Session, name: str) -> PrinterProfile:
    row = session.scalar(select(ProfileRow).where(ProfileRow.name == name))
    if row is None:
        names = ", ".join(p.name for p in list_printers(session)) or "none yet"
        raise NotFound(f"No printer called {name!r} (printers: {names}).")
    return _profile(row)


def save_printer(session: Session, profile: PrinterProfile, old_name: str | None = None) -> None:
    """Add a printer profile or change one (found by its old name)."""
    name = profile.name.strip()
    if not name:
        raise InvalidInput("A printer needs a name.")
    if profile.kind not in ("pdf", "zpl"):
        raise InvalidInput("A printer is either pdf or zpl.")
    sizes.layout(profile.media)
    if profile.kind == "zpl":
        if profile.dpi not in zpl.DPIS:
            raise InvalidInput("A thermal printer prints at 203 or 300 dpi.")
        transports.parse_address(profile.address)
        if profile.darkness is not None and not 0 <= profile.darkness <= 30:
            raise InvalidInput("Darkness goes from 0 to 30.")
    row = session.scalar(select(ProfileRow).where(ProfileRow.name == (old_name or name)))
    clash = session.scalar(select(ProfileRow).where(ProfileRow.name == name))
    if clash is not None and clash is not row:
        raise InvalidInput(f"There is already a printer called {name!r}.")
    if row is None:
        row = ProfileRow(name=name)
        session.add(row)
    row.name, row.kind, row.address, row.media = name, profile.kind, profile.address, \
        profile.media
    row.dpi, row.darkness = profile.dpi, profile.darkness
    row.offset_x_dmm = round(profile.offset_x_mm * 10)
    row.offset_y_dmm = round(profile.offset_y_mm * 10)
    session.flush()


def delete_printer(session: Session, name: str) -> None:
    row = session.scalar(select(ProfileRow).where(ProfileRow.name == name))
    if row is None:
        raise NotFound(f"No printer called {name!r}.")
    session.delete(row)


def zpl_options(profile: PrinterProfile) -> zpl.ZplOptions:
    return zpl.ZplOptions(profile.dpi, profile.darkness, profile.offset_x_mm,
                          profile.offset_y_mm)


def test_label(profile: PrinterProfile, now: datetime | None = None) -> bytes:
    """A label that shows the printer's name and the time, with a barcode to scan: ZPL for a
    thermal printer, PDF otherwise. (No database: it prints what the form says.)"""
    stamp = (now or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M")
    label = BinLabel("TEST-PRINT", f"{profile.name} {stamp}", f"{profile.media}")
    layout = sizes.layout(profile.media)
    if profile.kind == "zpl":
        return zpl.bin_labels_zpl([label], layout, 1, zpl_options(profile)).encode("ascii")
    return pdf_labels.bin_labels_pdf([label], layout)


def store_settings(session: Session, store_id: int) -> StoreLook:
    if session.get(Store, store_id) is None:
        raise NotFound(f"No store {store_id}.")
    return store_look(session, store_id)


def save_store_settings(session: Session, store_id: int, look: StoreLook) -> None:
    if session.get(Store, store_id) is None:
        raise NotFound(f"No store {store_id}.")
    unknown = set(look.hidden) - set(HIDEABLE)
    if unknown:
        raise InvalidInput(f"Unknown {'field' if len(unknown) == 1 else 'fields'} "
                           f"{', '.join(sorted(unknown))}; the optional "
                           f"fields are {', '.join(HIDEABLE)}.")
    if not 6 <= look.font_size <= 16:
        raise InvalidInput("Font size goes from 6 to 16 points.")
    row = session.scalar(select(TemplateSettings).where(TemplateSettings.store_id == store_id))
    if row is None:
        row = TemplateSettings(store_id=store_id)
        session.add(row)
    row.hidden_fields = ",".join(sorted(look.hidden))
    row.logo_path = look.logo_path
    row.return_name = look.return_name
    row.return_address = "\n".join(look.return_lines)
    row.return_instructions = look.return_instructions
    row.font_size = look.font_size
    session.flush()


@dataclass(frozen=True)
class StoreRow:
    id: int
    name: str


def stores(session: Session) -> list[StoreRow]:
    return [StoreRow(i, n) for i, n in session.execute(select(Store.id, Store.name)
                                                       .order_by(Store.name))]
