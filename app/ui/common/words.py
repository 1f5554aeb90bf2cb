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
}


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
    """An event or move reason as words: known names by the table above, any other with its
    underscores as spaces and a capital first letter (never the raw `snake_case`)."""
    if name in _WORDS:
        return translate("words", _WORDS[name])
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]
