"""Words on screen: counts with the right plural ("1 item", "3 items", never "item(s)"), and
the names the database keeps for events and stock move reasons as a person would say them."""

from __future__ import annotations

from app.ui.common.i18n import QT_TRANSLATE_NOOP, translate

# Plurals that are not the word + "s".
_IRREGULAR = {"box": "boxes", "batch": "batches", "copy": "copies", "entry": "entries"}


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 parcel', '2 parcels', '0 parcels'; `many` for a plural that is not regular."""
    noun = translate("words.nouns", word)
    if noun != word:  # a language without plurals: its noun carries the measure word (3 个订单)
        return f"{count} {noun}"
    if count == 1:
        return f"{count} {word}"
    return f"{count} {many or _IRREGULAR.get(word, word + 's')}"


# The nouns counted on screen, for the translation file (lupdate reads these calls).
NOUNS = (QT_TRANSLATE_NOOP("words.nouns", "item"), QT_TRANSLATE_NOOP("words.nouns", "order"),
         QT_TRANSLATE_NOOP("words.nouns", "parcel"), QT_TRANSLATE_NOOP("words.nouns", "page"),
         QT_TRANSLATE_NOOP("words.nouns", "line"), QT_TRANSLATE_NOOP("words.nouns", "move"),
         QT_TRANSLATE_NOOP("words.nouns", "confirmation"),
         QT_TRANSLATE_NOOP("words.nouns", "label"), QT_TRANSLATE_NOOP("words.nouns", "SKU"),
         QT_TRANSLATE_NOOP("words.nouns", "listing"), QT_TRANSLATE_NOOP("words.nouns", "box"),
         QT_TRANSLATE_NOOP("words.nouns", "batch"), QT_TRANSLATE_NOOP("words.nouns", "copy"),
         QT_TRANSLATE_NOOP("words.nouns", "entry"), QT_TRANSLATE_NOOP("words.nouns", "product"),
         QT_TRANSLATE_NOOP("words.nouns", "bin"), QT_TRANSLATE_NOOP("words.nouns", "slip"),
         QT_TRANSLATE_NOOP("words.nouns", "packing slip"),
         QT_TRANSLATE_NOOP("words.nouns", "pick list"))


# Audit events (orders' history) and stock move reasons, by the name the database keeps.
# Names written before these words existed (pack_put_aside, scan_refused, ...) are still in
# older databases, so they are kept here too.
_WORDS = {
    "pack_put_aside": QT_TRANSLATE_NOOP("words", "Put aside at the station"),
    "put aside": QT_TRANSLATE_NOOP("words", "Put aside at the station"),
    "scan_refused": QT_TRANSLATE_NOOP("words", "Scan refused"),
    "scan refused": QT_TRANSLATE_NOOP("words", "Scan refused"),
    "pack_taken_over": QT_TRANSLATE_NOOP("words", "Taken over from another station"),
    "taken over": QT_TRANSLATE_NOOP("words", "Taken over from another station"),
    "short_pick": QT_TRANSLATE_NOOP("words", "Short at picking"),
    "short pick": QT_TRANSLATE_NOOP("words", "Short at picking"),
    "receive": QT_TRANSLATE_NOOP("words", "Received"),
    "ship": QT_TRANSLATE_NOOP("words", "Shipped"),
    "transfer": QT_TRANSLATE_NOOP("words", "Moved between bins"),
    "count": QT_TRANSLATE_NOOP("words", "Stock count"),
    "count reversal": QT_TRANSLATE_NOOP("words", "Stock count reversed"),
    "products import": QT_TRANSLATE_NOOP("words", "Products file"),
    "reversal": QT_TRANSLATE_NOOP("words", "Reversed"),
    # Audit events by the name services record (app/services/**: record(..., "imported")).
    # Names that are also order statuses (packed, shipped, cancelled) read as the status.
    "imported": QT_TRANSLATE_NOOP("words", "Imported"),
    "generate demo": QT_TRANSLATE_NOOP("words", "Demo store made"),
    "on hold": QT_TRANSLATE_NOOP("words", "On hold"),
    "released from hold": QT_TRANSLATE_NOOP("words", "Released from hold"),
    "priority": QT_TRANSLATE_NOOP("words", "Priority set"),
    "address edited": QT_TRANSLATE_NOOP("words", "Address edited"),
    "entered by hand": QT_TRANSLATE_NOOP("words", "Entered by hand"),
    "updated by import": QT_TRANSLATE_NOOP("words", "Updated by import"),
    "replaced by import": QT_TRANSLATE_NOOP("words", "Replaced by import"),
    "exchange": QT_TRANSLATE_NOOP("words", "Exchange"),
    "stock pushed": QT_TRANSLATE_NOOP("words", "Stock sent to the store"),
    "sku linked": QT_TRANSLATE_NOOP("words", "SKU linked"),
    "listing linked": QT_TRANSLATE_NOOP("words", "Listing linked"),
    "buffer cleared": QT_TRANSLATE_NOOP("words", "Buffer cleared"),
    "payouts imported": QT_TRANSLATE_NOOP("words", "Payouts imported"),
    "created": QT_TRANSLATE_NOOP("words", "Created"),
    "assigned": QT_TRANSLATE_NOOP("words", "Assigned"),
    "posted": QT_TRANSLATE_NOOP("words", "Posted"),
    "reversed": QT_TRANSLATE_NOOP("words", "Reversed"),
    "costed": QT_TRANSLATE_NOOP("words", "Costs entered"),
    "opened": QT_TRANSLATE_NOOP("words", "Opened"),
    "closed": QT_TRANSLATE_NOOP("words", "Closed"),
    "sent": QT_TRANSLATE_NOOP("words", "Sent"),
    "received": QT_TRANSLATE_NOOP("words", "Received"),
    "refunded": QT_TRANSLATE_NOOP("words", "Refunded"),
    "tracking": QT_TRANSLATE_NOOP("words", "Tracking number added"),
    "adjusted": QT_TRANSLATE_NOOP("words", "Stock adjusted"),
    "moved": QT_TRANSLATE_NOOP("words", "Moved between bins"),
    "set": QT_TRANSLATE_NOOP("words", "Set"),
    "user added": QT_TRANSLATE_NOOP("words", "User added"),
    "signed in": QT_TRANSLATE_NOOP("words", "Signed in"),
    "sign-in refused": QT_TRANSLATE_NOOP("words", "Sign-in refused"),
    "role changed": QT_TRANSLATE_NOOP("words", "Role changed"),
    "reactivated": QT_TRANSLATE_NOOP("words", "Reactivated"),
    "pin set": QT_TRANSLATE_NOOP("words", "PIN set"),
    "permissions changed": QT_TRANSLATE_NOOP("words", "Permissions changed"),
    "problem resolved": QT_TRANSLATE_NOOP("words", "Problem resolved"),
    "payout linked to deposit": QT_TRANSLATE_NOOP("words", "Payout linked to a deposit"),
    "payout unlinked from deposit": QT_TRANSLATE_NOOP("words",
                                                      "Payout unlinked from its deposit"),
    "bank layout saved": QT_TRANSLATE_NOOP("words", "Bank layout saved"),
    "bank statement imported": QT_TRANSLATE_NOOP("words", "Bank statement imported"),
    "report_imported": QT_TRANSLATE_NOOP("words", "Report imported"),
    # Stock move reasons of purchase orders.
    "po_received": QT_TRANSLATE_NOOP("words", "Received from the supplier"),
    "po_shipped": QT_TRANSLATE_NOOP("words", "Shipped by the supplier"),
    "po_short": QT_TRANSLATE_NOOP("words", "Short from the supplier"),
    "po_over": QT_TRANSLATE_NOOP("words", "More than ordered"),
    "po_damaged": QT_TRANSLATE_NOOP("words", "Damaged on arrival"),
    # Stock move reasons of the products file (app/services/stock/products_file.py).
    "opening": QT_TRANSLATE_NOOP("words", "Opening stock"),
    "import-adjust": QT_TRANSLATE_NOOP("words", "Set by the products file"),
}

# What an audit event is about (AuditEvent.entity), by the name the database keeps.
_ENTITIES = {
    "order": QT_TRANSLATE_NOOP("words", "order"),
    "order_line": QT_TRANSLATE_NOOP("words", "order line"),
    "demo": QT_TRANSLATE_NOOP("words", "demo"),
    "store": QT_TRANSLATE_NOOP("words", "store"),
    "product": QT_TRANSLATE_NOOP("words", "product"),
    "stock_count": QT_TRANSLATE_NOOP("words", "stock count"),
    "pick_list": QT_TRANSLATE_NOOP("words", "pick list"),
    "shipment": QT_TRANSLATE_NOOP("words", "shipment"),
    "user": QT_TRANSLATE_NOOP("words", "user"),
    "role": QT_TRANSLATE_NOOP("words", "role"),
    "return": QT_TRANSLATE_NOOP("words", "return"),
    "supplier": QT_TRANSLATE_NOOP("words", "supplier"),
    "purchase_order": QT_TRANSLATE_NOOP("words", "purchase order"),
    "payout": QT_TRANSLATE_NOOP("words", "payout"),
    "payout_problem": QT_TRANSLATE_NOOP("words", "payout problem"),
    "destination": QT_TRANSLATE_NOOP("words", "destination"),
    "count_approval_limit": QT_TRANSLATE_NOOP("words", "count approval limit"),
    "bank_mapping": QT_TRANSLATE_NOOP("words", "bank layout"),
    "bank_line": QT_TRANSLATE_NOOP("words", "bank line"),
}

# The keys of an audit event's details (record(..., source=..., reason=...)).
_DETAILS = {
    "source": QT_TRANSLATE_NOOP("words", "source"),
    "reason": QT_TRANSLATE_NOOP("words", "reason"),
    "number": QT_TRANSLATE_NOOP("words", "number"),
    "name": QT_TRANSLATE_NOOP("words", "name"),
    "lines": QT_TRANSLATE_NOOP("words", "lines"),
    "file": QT_TRANSLATE_NOOP("words", "file"),
    "units": QT_TRANSLATE_NOOP("words", "units"),
    "sku": QT_TRANSLATE_NOOP("words", "SKU"),
    "skus": QT_TRANSLATE_NOOP("words", "SKUs"),
    "order": QT_TRANSLATE_NOOP("words", "order"),
    "order_number": QT_TRANSLATE_NOOP("words", "order"),
    "new": QT_TRANSLATE_NOOP("words", "new"),
    "old": QT_TRANSLATE_NOOP("words", "before"),
    "previous": QT_TRANSLATE_NOOP("words", "before"),
    "note": QT_TRANSLATE_NOOP("words", "note"),
    "format": QT_TRANSLATE_NOOP("words", "format"),
    "bin": QT_TRANSLATE_NOOP("words", "bin"),
    "role": QT_TRANSLATE_NOOP("words", "role"),
    "station": QT_TRANSLATE_NOOP("words", "station"),
    "kind": QT_TRANSLATE_NOOP("words", "kind"),
    "currency": QT_TRANSLATE_NOOP("words", "currency"),
    "change": QT_TRANSLATE_NOOP("words", "change"),
    "quantity": QT_TRANSLATE_NOOP("words", "quantity"),
    "store": QT_TRANSLATE_NOOP("words", "store"),
    "supplier": QT_TRANSLATE_NOOP("words", "supplier"),
    "tracking": QT_TRANSLATE_NOOP("words", "tracking number"),
    "rows": QT_TRANSLATE_NOOP("words", "rows"),
    "products": QT_TRANSLATE_NOOP("words", "products"),
    "approved_by": QT_TRANSLATE_NOOP("words", "approved by"),
    "to": QT_TRANSLATE_NOOP("words", "to"),
    "to_bin": QT_TRANSLATE_NOOP("words", "to bin"),
}

# Payment statuses as the stores' files write them (Shopify, WooCommerce, ...).
_PAYMENTS = {
    "paid": QT_TRANSLATE_NOOP("words", "paid"),
    "pending": QT_TRANSLATE_NOOP("words", "pending"),
    "authorized": QT_TRANSLATE_NOOP("words", "authorized"),
    "partially_paid": QT_TRANSLATE_NOOP("words", "partly paid"),
    "refunded": QT_TRANSLATE_NOOP("words", "refunded"),
    "partially_refunded": QT_TRANSLATE_NOOP("words", "partly refunded"),
    "voided": QT_TRANSLATE_NOOP("words", "voided"),
    "unpaid": QT_TRANSLATE_NOOP("words", "unpaid"),
}

# The virtual stock locations (app/models/stock.VIRTUAL_LOCATIONS), by their code; the
# codes stay in the database and in files, the window shows the words.
_PLACES = {
    "SUPPLIER": QT_TRANSLATE_NOOP("words", "Suppliers"),
    "CUSTOMER": QT_TRANSLATE_NOOP("words", "Customers"),
    "IN-TRANSIT": QT_TRANSLATE_NOOP("words", "In transit"),
    "QUARANTINE": QT_TRANSLATE_NOOP("words", "Quarantine"),
    "ADJUSTMENT": QT_TRANSLATE_NOOP("words", "Count / adjustment"),
    "SCRAP": QT_TRANSLATE_NOOP("words", "Scrap"),
}

# References of stock moves written by the services ("order #1001", "opening stock").
_OPENING = QT_TRANSLATE_NOOP("words", "opening stock")
_REFERENCES = (("order ", QT_TRANSLATE_NOOP("words", "order {reference}")),
               ("return ", QT_TRANSLATE_NOOP("words", "return {reference}")),
               ("reverses ", QT_TRANSLATE_NOOP("words", "reverses {reference}")),
               ("adjust: ", QT_TRANSLATE_NOOP("words", "adjust: {reference}")))


# What labels are printed for, by the name the label services use.
_SOURCES = {"orders": QT_TRANSLATE_NOOP("words", "orders"),
            "products": QT_TRANSLATE_NOOP("words", "products"),
            "bins": QT_TRANSLATE_NOOP("words", "bins")}


def source_words(source: str) -> str:
    """'orders', 'products', 'bins' in the chosen language (any other name as it is)."""
    return translate("words", _SOURCES[source]) if source in _SOURCES else source


# Codes the database keeps that are shown as they are in English: order statuses, roles,
# adjustment reasons, label fields; translated by their code (source text = the code).
_CODES = (QT_TRANSLATE_NOOP("words", "new"), QT_TRANSLATE_NOOP("words", "reserved"),
          QT_TRANSLATE_NOOP("words", "backorder"), QT_TRANSLATE_NOOP("words", "picking"),
          QT_TRANSLATE_NOOP("words", "packed"), QT_TRANSLATE_NOOP("words", "shipped"),
          QT_TRANSLATE_NOOP("words", "on_hold"), QT_TRANSLATE_NOOP("words", "cancelled"),
          QT_TRANSLATE_NOOP("words", "unmatched"), QT_TRANSLATE_NOOP("words", "oversold"),
          QT_TRANSLATE_NOOP("words", "partly reserved"), QT_TRANSLATE_NOOP("words", "waiting"),
          QT_TRANSLATE_NOOP("words", "owner"), QT_TRANSLATE_NOOP("words", "supervisor"),
          QT_TRANSLATE_NOOP("words", "packer"), QT_TRANSLATE_NOOP("words", "accountant"),
          QT_TRANSLATE_NOOP("words", "damaged"), QT_TRANSLATE_NOOP("words", "found"),
          QT_TRANSLATE_NOOP("words", "lost"), QT_TRANSLATE_NOOP("words", "gift"),
          QT_TRANSLATE_NOOP("words", "other"), QT_TRANSLATE_NOOP("words", "contents"),
          QT_TRANSLATE_NOOP("words", "method"), QT_TRANSLATE_NOOP("words", "bin"))
_ADDRESS = {"name": QT_TRANSLATE_NOOP("words", "Name"),
            "company": QT_TRANSLATE_NOOP("words", "Company"),
            "street1": QT_TRANSLATE_NOOP("words", "Street"),
            "street2": QT_TRANSLATE_NOOP("words", "Street 2"),
            "city": QT_TRANSLATE_NOOP("words", "City"),
            "state": QT_TRANSLATE_NOOP("words", "State"),
            "postcode": QT_TRANSLATE_NOOP("words", "Postcode"),
            "country": QT_TRANSLATE_NOOP("words", "Country"),
            "phone": QT_TRANSLATE_NOOP("words", "Phone")}


# What a role may do (app/models/people.PERMISSIONS), copied here so lupdate finds the words;
# tests/ui/test_translations.py checks the two stay the same.
PERMISSION_WORDS = {
    "adjust_stock": QT_TRANSLATE_NOOP("words", "Adjust stock (found, lost, damaged, gift)"),
    "move_stock": QT_TRANSLATE_NOOP("words", "Move stock between bins"),
    "post_count": QT_TRANSLATE_NOOP("words", "Post or reverse a stock count"),
    "override_pack": QT_TRANSLATE_NOOP("words",
                                       "Override a pack (supervisor PIN, typed quantities)"),
    "see_money": QT_TRANSLATE_NOOP("words", "See prices, order totals and stock values"),
    "import_orders": QT_TRANSLATE_NOOP("words", "Import orders and products"),
    "edit_orders": QT_TRANSLATE_NOOP("words", "Hold, cancel and edit orders"),
    "edit_products": QT_TRANSLATE_NOOP("words", "Add and edit products"),
    "print_labels": QT_TRANSLATE_NOOP("words", "Print labels and documents"),
    "view_audit": QT_TRANSLATE_NOOP("words", "See the audit trail"),
    "manage_users": QT_TRANSLATE_NOOP("words", "Manage people and what each role may do"),
}


def permission_words(permission: str) -> str:
    """What a permission allows, in the chosen language."""
    return translate("words", PERMISSION_WORDS.get(permission, permission))


def code_words(code: str) -> str:
    """A stored code (role, reason, ...) as shown: the code itself in English."""
    return translate("words", code)


def status_words(status: str, *, capital: bool = True) -> str:
    """An order status for a filter ('On hold') or a cell ('on hold'); in Chinese 已暂停."""
    text = translate("words", status)
    if text != status:
        return text
    text = status.replace("_", " ")
    return text.capitalize() if capital else text


def address_words(field: str) -> str:
    """An address field's label ('street2' -> 'Street 2')."""
    return translate("words", _ADDRESS[field]) if field in _ADDRESS else field.capitalize()


def event_words(name: str) -> str:
    """An event or move reason as words: known names by the table above, a stored code
    (packed, damaged, ...) by its own translation, any other with its underscores as spaces
    and a capital first letter (never the raw `snake_case`)."""
    if name in _WORDS:
        return translate("words", _WORDS[name])
    code = translate("words", name)
    if code != name:
        return code
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def entity_words(entity: str) -> str:
    """What an audit event is about ('stock_count' -> 'stock count', in Chinese 盘点)."""
    if entity in _ENTITIES:
        return translate("words", _ENTITIES[entity])
    return entity.replace("_", " ")


def detail_words(key: str) -> str:
    """The key of an audit event's details ('reason' -> 原因)."""
    if key in _DETAILS:
        return translate("words", _DETAILS[key])
    return key.replace("_", " ")


def payment_words(status: str) -> str:
    """A payment status from the store's file ('paid' -> 已付款); an unknown one as it is."""
    key = status.strip().lower()
    return translate("words", _PAYMENTS[key]) if key in _PAYMENTS else status


def place_words(code: str) -> str:
    """A bin code as shown: a virtual location (CUSTOMER, SUPPLIER, ...) as words, a bin as
    its code."""
    return translate("words", _PLACES[code]) if code in _PLACES else code


def reference_words(reference: str) -> str:
    """A stock move's reference as shown: the services' own words ('order #1001',
    'opening stock') in the chosen language, anything else (a PO number) as it is."""
    if reference == "opening stock":
        return translate("words", _OPENING)
    if reference == "products import":
        return translate("words", _WORDS[reference])
    for prefix, template in _REFERENCES:
        if reference.startswith(prefix):
            return translate("words", template).replace("{reference}",
                                                        reference[len(prefix):])
    return reference
