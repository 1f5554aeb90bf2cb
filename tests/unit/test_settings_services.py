"""Settings both PCs share: stores (name, kind, currency, time zone, confirmation file) and
the carriers the station offers."""

from __future__ import annotations

import pytest

from app.services.core.errors import InvalidInput
from app.services.orders import stores
from app.services.orders.stores import StoreDetails
from app.services.packing import carriers
from app.services.packing.carriers import Carrier


def test_a_store_is_added_changed_and_read_back(backend):
    store_id = backend.run(stores.save_store, StoreDetails(0, " Kettle & Co ", "shopify", "eur",
                                                           "Europe/Berlin"))
    backend.run(stores.save_store, StoreDetails(store_id, "Kettle & Co", "amazon", "GBP",
                                                "Europe/London", "csv"))
    [found] = backend.read(stores.store_details)
    assert found == StoreDetails(store_id, "Kettle & Co", "amazon", "GBP", "Europe/London",
                                 "csv")
    assert backend.read(stores.confirmation_format_chosen, "Kettle & Co") == "csv"
    assert backend.read(stores.confirmation_format_chosen, "No such store") == ""


@pytest.mark.parametrize(("details", "words"), [
    (StoreDetails(0, "", "shopify", "USD"), "needs a name"),
    (StoreDetails(0, "A", "myspace", "USD"), "Unknown kind"),
    (StoreDetails(0, "A", "shopify", "US"), "not a currency code"),
    (StoreDetails(0, "A", "shopify", "USD", "Moon/Base"), "not a time zone"),
    (StoreDetails(0, "A", "shopify", "USD", "UTC", "xml"), "confirmation format"),
])
def test_a_bad_store_is_refused_in_words(backend, details, words):
    with pytest.raises(InvalidInput, match=words):
        backend.run(stores.save_store, details)
    assert backend.read(stores.store_details) == []


def test_two_stores_cannot_share_a_name(backend):
    backend.run(stores.save_store, StoreDetails(0, "Shop", "shopify", "USD"))
    other = backend.run(stores.save_store, StoreDetails(0, "Other", "etsy", "USD"))
    with pytest.raises(InvalidInput, match="already a store called 'Shop'"):
        backend.run(stores.save_store, StoreDetails(other, "Shop", "etsy", "USD"))


def test_the_carrier_list_is_kept_in_its_order(backend):
    assert backend.read(carriers.list_carriers) == []
    kept = [Carrier("Royal Mail", "Tracked 48"), Carrier(" DHL ", ""), Carrier("DHL", "Express")]
    assert backend.run(carriers.save_carriers, kept) == 3
    assert backend.read(carriers.carrier_titles) == ["Royal Mail Tracked 48", "DHL",
                                                     "DHL Express"]
    backend.run(carriers.save_carriers, [Carrier("UPS")])
    assert backend.read(carriers.carrier_titles) == ["UPS"]


@pytest.mark.parametrize(("rows", "words"), [
    ([Carrier("", "Express")], "Row 1: a carrier needs a name"),
    ([Carrier("DHL"), Carrier("DHL ")], "Row 2: DHL is in the list twice"),
    ([Carrier("x" * 41)], "at most 40"),
])
def test_a_bad_carrier_list_changes_nothing(backend, rows, words):
    backend.run(carriers.save_carriers, [Carrier("UPS")])
    with pytest.raises(InvalidInput, match=words):
        backend.run(carriers.save_carriers, rows)
    assert backend.read(carriers.carrier_titles) == ["UPS"]
