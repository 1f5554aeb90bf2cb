"""The key a line without a SKU is linked by: what the store gave instead of one."""

from __future__ import annotations

# (listing id, title, variation): with a listing id the title is left out (titles get
# edited, the id stays); without one the title stands in for it.
ListingKey = tuple[str, str, str]


def listing_key(listing_id: str, title: str, variation: str) -> ListingKey | None:
    """The key a SKU-less line is linked by, or None when the store gave nothing to go on."""
    listing_id, title, variation = (listing_id.strip()[:64], title.strip()[:255],
                                    variation.strip()[:200])
    if listing_id:
        return (listing_id, "", variation)
    if title:
        return ("", title, variation)
    return None


def describe_key(key: ListingKey) -> str:
    listing_id, title, variation = key
    text = f"listing {listing_id}" if listing_id else f"'{title}'"
    return f"{text} ({variation})" if variation else text
