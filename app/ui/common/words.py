"""Words on screen: counts with the right plural ("1 item", "3 items", never "item(s)"), and
the names the database keeps for events and stock move reasons as a person would say them."""

from __future__ import annotations

# Plurals that are not the word + "s".
_IRREGULAR = {"box": "boxes", "batch": "batches", "copy": "copies", "entry": "entries"}


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 parcel', '2 parcels', '0 parcels'; `many` for a plural that is not regular."""
    if count == 1:
        return f"{count} {word}"
    return f"{count} {many or _IRREGULAR.get(word, word + 's')}"


# Audit events (orders' history) and stock move reasons, by the name the database keeps.
# Names written before these words existed (pack_put_aside, scan_refused, ...) are still in
# older databases, so they are kept here too.
_WORDS = {
    "pack_put_aside": "Put aside at the station",
    "put aside": "Put aside at the station",
    "scan_refused": "Scan refused",
    "scan refused": "Scan refused",
    "pack_taken_over": "Taken over from another station",
    "taken over": "Taken over from another station",
    "short_pick": "Short at picking",
    "short pick": "Short at picking",
    "receive": "Received",
    "ship": "Shipped",
    "transfer": "Moved between bins",
    "count": "Stock count",
    "count reversal": "Stock count reversed",
    "products import": "Products file",
    "reversal": "Reversed",
}


def event_words(name: str) -> str:
    """An event or move reason as words: known names by the table above, any other with its
    underscores as spaces and a capital first letter (never the raw `snake_case`)."""
    if name in _WORDS:
        return _WORDS[name]
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]
