"""Country names as stores write them, to ISO 3166-1 alpha-2 codes."""

from __future__ import annotations

import re

# English names (and a few local spellings) seen in store exports; codes pass through.
_NAMES = {
    "united states": "US", "united states of america": "US", "usa": "US", "u.s.a.": "US",
    "us": "US", "america": "US", "united kingdom": "GB", "uk": "GB", "great britain": "GB",
    "england": "GB", "scotland": "GB", "wales": "GB", "northern ireland": "GB",
    "germany": "DE", "deutschland": "DE", "france": "FR", "italy": "IT", "italia": "IT",
    "spain": "ES", "españa": "ES", "portugal": "PT", "netherlands": "NL",
    "the netherlands": "NL", "nederland": "NL", "belgium": "BE", "belgië": "BE",
    "belgique": "BE", "luxembourg": "LU", "austria": "AT", "österreich": "AT",
    "switzerland": "CH", "schweiz": "CH", "suisse": "CH", "ireland": "IE", "denmark": "DK",
    "danmark": "DK", "sweden": "SE", "sverige": "SE", "norway": "NO", "norge": "NO",
    "finland": "FI", "suomi": "FI", "iceland": "IS", "poland": "PL", "polska": "PL",
    "czech republic": "CZ", "czechia": "CZ", "slovakia": "SK", "hungary": "HU",
    "romania": "RO", "bulgaria": "BG", "greece": "GR", "croatia": "HR", "slovenia": "SI",
    "estonia": "EE", "latvia": "LV", "lithuania": "LT", "malta": "MT", "cyprus": "CY",
    "canada": "CA", "mexico": "MX", "méxico": "MX", "brazil": "BR", "argentina": "AR",
    "chile": "CL", "colombia": "CO", "peru": "PE", "australia": "AU", "new zealand": "NZ",
    "japan": "JP", "china": "CN", "hong kong": "HK", "taiwan": "TW", "south korea": "KR",
    "korea, republic of": "KR", "singapore": "SG", "malaysia": "MY", "thailand": "TH",
    "india": "IN", "indonesia": "ID", "philippines": "PH", "vietnam": "VN", "israel": "IL",
    "turkey": "TR", "türkiye": "TR", "united arab emirates": "AE", "saudi arabia": "SA",
    "south africa": "ZA", "egypt": "EG", "nigeria": "NG", "kenya": "KE", "ukraine": "UA",
    "russia": "RU", "russian federation": "RU", "serbia": "RS", "puerto rico": "PR",
}


def to_iso2(value: str) -> str:
    """'DE' for 'de', 'Germany' or 'Deutschland'; unknown names come back as written."""
    s = value.strip()
    if len(s) == 2 and s.isalpha():
        return s.upper()
    return _NAMES.get(re.sub(r"\s+", " ", s.lower()), s)
