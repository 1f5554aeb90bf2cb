"""Buffer rules: how much of our available stock a store is shown.

A rule has up to three parts, applied in this order to the available units `a`:
  percent P   show floor(a x P / 100)  (a share of it, rounded down: never promise a part)
  keep N      then hold N back          (for the counter, for another store)
  max M       then show at most M
and the result is never below zero. A product's rule in a store overrides the store's rule
part by part (a product rule with only `max` still keeps the store's `keep`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Product, Store
from app.models.push import BufferRule
from app.services.core.actor import Actor
from app.services.core.audit import record
from app.services.core.errors import InvalidInput, NotFound
from app.services.core.messages import QT_TRANSLATE_NOOP, Listing, Message
from app.services.core.permissions import acting, requires


@dataclass(frozen=True)
class Rule:
    keep: int | None = None
    max_quantity: int | None = None
    percent: int | None = None

    def over(self, base: Rule) -> Rule:
        """This rule with the parts it leaves open taken from `base`."""
        return Rule(self.keep if self.keep is not None else base.keep,
                    self.max_quantity if self.max_quantity is not None else base.max_quantity,
                    self.percent if self.percent is not None else base.percent)

    def allow(self, available: int) -> int:
        """What a store may sell of `available` units under this rule (never below zero)."""
        shown = max(available, 0)
        if self.percent is not None:
            shown = shown * self.percent // 100
        if self.keep is not None:
            shown -= self.keep
        if self.max_quantity is not None:
            shown = min(shown, self.max_quantity)
        return max(shown, 0)

    def describe(self) -> Message:
        """The rule in words ("show 50%, keep 2"), a Message the window shows translated."""
        parts = []
        if self.percent is not None:
            parts.append(Message(QT_TRANSLATE_NOOP("messages", "show {percent}%"),
                                 percent=self.percent))
        if self.keep is not None:
            parts.append(Message(QT_TRANSLATE_NOOP("messages", "keep {keep}"), keep=self.keep))
        if self.max_quantity is not None:
            parts.append(Message(QT_TRANSLATE_NOOP("messages", "at most {most}"),
                                 most=self.max_quantity))
        if not parts:
            return Message(QT_TRANSLATE_NOOP("messages", "no buffer"))
        return Message(QT_TRANSLATE_NOOP("messages", "{rule}"), rule=Listing(parts))


NO_RULE = Rule()


def store_id_by_name(session: Session, name: str) -> int:
    found = session.scalar(select(Store.id).where(Store.name == name.strip()))
    if found is None:
        known = ", ".join(session.scalars(select(Store.name).order_by(Store.name)))
        if not known:
            raise NotFound(QT_TRANSLATE_NOOP("messages", "No store {name!r} (stores: none yet)."),
                           name=name)
        raise NotFound(QT_TRANSLATE_NOOP("messages", "No store {name!r} (stores: {stores})."),
                       name=name, stores=known)
    return found


def rules_for(session: Session, store_id: int) -> tuple[Rule, dict[int, Rule]]:
    """The store's own rule and each product's rule (already laid over the store's)."""
    store_rule, products = NO_RULE, {}
    for pid, keep, most, percent in session.execute(
            select(BufferRule.product_id, BufferRule.keep, BufferRule.max_quantity,
                   BufferRule.percent).where(BufferRule.store_id == store_id)):
        if pid is None:
            store_rule = Rule(keep, most, percent)
        else:
            products[pid] = Rule(keep, most, percent)
    return store_rule, {pid: rule.over(store_rule) for pid, rule in products.items()}


@requires("edit_products")
def set_buffer(session: Session, store: str, sku: str | None = None, *,
               keep: int | None = None, max_quantity: int | None = None,
               percent: int | None = None, clear: bool = False,
               actor: Actor | None = None) -> Rule:
    """Set one part of a store's (or one product's) buffer rule; return the rule now.

    `clear` removes the rule (the store's, or the product's so the store's applies again).
    """
    for label, value in (("--keep", keep), ("--max", max_quantity), ("--percent", percent)):
        if value is not None and value < 0:
            raise InvalidInput(QT_TRANSLATE_NOOP("messages",
                "{option} {value}: a buffer cannot be negative."), option=label, value=value)
    if percent is not None and percent > 100:
        raise InvalidInput(QT_TRANSLATE_NOOP("messages",
            "--percent {percent}: a store can be shown at most 100%."), percent=percent)
    store_id = store_id_by_name(session, store)
    product_id = None
    if sku:
        product_id = session.scalar(select(Product.id).where(Product.sku == sku.strip()))
        if product_id is None:
            raise NotFound(QT_TRANSLATE_NOOP("messages",
                "No product with SKU {sku!r}: a buffer needs one of our SKUs."), sku=sku)
    rule = session.scalar(select(BufferRule).where(
        BufferRule.store_id == store_id,
        BufferRule.product_id.is_(None) if product_id is None
        else BufferRule.product_id == product_id))
    if clear:
        if rule is not None:
            session.delete(rule)
        result = NO_RULE
    else:
        if rule is None:
            rule = BufferRule(store_id=store_id, product_id=product_id)
            session.add(rule)
        if keep is not None:
            rule.keep = keep
        if max_quantity is not None:
            rule.max_quantity = max_quantity
        if percent is not None:
            rule.percent = percent
        session.flush()
        result = Rule(rule.keep, rule.max_quantity, rule.percent)
    who = actor or acting(session, (), {}) or Actor()
    record(session, who, "store", store_id, "buffer cleared" if clear else "buffer set",
           sku=sku or "", rule=result.describe())
    return result
