"""`backroom labels TEMPLATE ...`: print labels and documents to a PDF, a ZPL file or a printer."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from app.db import Database
from app.services.core.backend import Backend
from app.services.core.errors import InvalidInput
from app.services.labels import jobs as labels
from app.services.labels import printers as labels_printers
from app.services.labels.jobs import LabelRequest
from app.services.printing import sizes, transports, zpl


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "labels", help="print labels: shipping, packing-slip, product, bin, pick-list",
        description="Items are comma-separated; REF:N prints N of that item.")
    p.add_argument("template", choices=labels.TEMPLATES, metavar="TEMPLATE",
                   help=", ".join(labels.TEMPLATES))
    items = p.add_mutually_exclusive_group(required=True)
    items.add_argument("--orders", help="order numbers, e.g. #1001,#1002")
    items.add_argument("--skus", help="product SKUs, e.g. KC-00001,KC-00002:3")
    items.add_argument("--bins", help="bin codes, e.g. A-01-1,A-01-2")
    items.add_argument("--all-products", action="store_true", help="every active product")
    items.add_argument("--all-bins", action="store_true", help="every bin, in walking order")
    p.add_argument("--size", help="media: " + ", ".join([*sizes.LABELS, *sizes.PAGES])
                   + "; or a sheet measured by hand: " + sizes.CUSTOM_HINT)
    p.add_argument("--copies", type=int, default=1)
    p.add_argument("--skip", type=int, default=0, help="used labels to skip on a sheet")
    p.add_argument("--dpi", type=int, default=203, help="for --zpl: 203 or 300")
    out = p.add_mutually_exclusive_group(required=True)
    out.add_argument("-o", "--output", type=Path, metavar="FILE.pdf")
    out.add_argument("--zpl", type=Path, metavar="FILE.zpl")
    out.add_argument("--printer", metavar="NAME", help="a printer profile set up in the app")
    p.set_defaults(handler=cmd_labels)


def _items(text: str) -> tuple[tuple[str, int], ...]:
    out = []
    for part in text.split(","):
        ref, _, qty = part.strip().rpartition(":") if ":" in part else (part.strip(), "", "1")
        if not ref:
            continue
        try:
            number = int(qty)
        except ValueError:
            raise InvalidInput(f"{part.strip()!r}: the quantity after ':' must be a number."
                               ) from None
        out.append((ref.strip(), number))
    if not out:
        raise InvalidInput("No items given.")
    return tuple(out)


def _request(args: argparse.Namespace) -> LabelRequest:
    if args.orders:
        source, items = "orders", _items(args.orders)
    elif args.skus:
        source, items = "products", _items(args.skus)
    elif args.bins:
        source, items = "bins", _items(args.bins)
    elif args.all_products:
        source, items = "products", ()
    else:
        source, items = "bins", ()
    return LabelRequest(args.template, source, items, args.size, args.copies, args.skip)


def cmd_labels(args: argparse.Namespace, backend: Backend, _db: Database) -> int:
    request = _request(args)
    if args.printer:
        profile = backend.read(labels_printers.get_printer, args.printer)
        if args.size is None and profile.media in sizes.TEMPLATE_SIZES.get(args.template, ()):
            request = replace(request, size=profile.media)
        if profile.kind == "zpl":
            request = replace(request, output="zpl",
                              zpl_options=labels_printers.zpl_options(profile))
        rendered = backend.run(labels.render, request)
        if rendered.kind == "zpl":
            said = transports.send_raw(profile, rendered.data)
        else:
            said = transports.send_pdf(profile, rendered.data, f"{args.template}.pdf")
        destination = profile.name
    elif args.zpl:
        request = replace(request, output="zpl", zpl_options=zpl.ZplOptions(dpi=args.dpi))
        rendered = backend.run(labels.render, request)
        args.zpl.write_bytes(rendered.data)
        said, destination = f"Wrote {args.zpl}", str(args.zpl)
    else:
        rendered = backend.run(labels.render, request)
        said = f"Wrote {transports.save_pdf(rendered.data, args.output)}"
        destination = str(args.output)
    backend.run(labels.record_job, backend.actor, request, rendered, destination)
    noun = "document" if args.template in ("packing-slip", "pick-list") else "label"
    print(f"{said}: {rendered.labels} {noun}{'s' if rendered.labels != 1 else ''}.")
    return 0
