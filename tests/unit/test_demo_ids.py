"""After the demo store, the database numbers new rows past the demo's own ids.

The demo writes its ids itself; on PostgreSQL that left the id sequences at 1, so the first
product or order entered by hand hit a duplicate key. Runs on both databases."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from app.models import Customer, Order, Product, Store
from app.services.core.backend import Backend
from app.services.demo_job import make_demo


def test_rows_entered_after_the_demo_get_new_ids(backend: Backend) -> None:
    backend.run(make_demo, products=12, orders=30, seed=3)

    def enter(session):  # noqa: ANN001, ANN202 - a job
        store = session.scalar(select(Store).limit(1))
        customer = Customer(name="Walk-in Customer")
        product = Product(sku="HAND-1", name="Entered by hand", currency="EUR")
        session.add_all([customer, product])
        session.flush()
        order = Order(store_id=store.id, external_id="HAND-1", number="#HAND-1",
                      customer_id=customer.id, placed_at=datetime.now(UTC),
                      currency=store.currency)
        session.add(order)
        session.flush()
        return product.id, order.id, customer.id

    product_id, order_id, customer_id = backend.run(enter)
    assert product_id == backend.read(lambda s: s.scalar(select(func.max(Product.id))))
    assert order_id == backend.read(lambda s: s.scalar(select(func.max(Order.id))))
    assert customer_id == backend.read(lambda s: s.scalar(select(func.max(Customer.id))))
