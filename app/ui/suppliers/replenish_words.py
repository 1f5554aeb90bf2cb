"""The Replenishment page's words: needs and shipping modes in the user's language, and the
"why" of a plan line sentence by sentence (the service gives the figures, `why.facts`)."""

from __future__ import annotations

from PySide6.QtCore import QLocale

from app.money import to_decimal_text
from app.services.replenishment import why
from app.services.replenishment.plan import MODE_WORDS, PlanLine
from app.ui.common.i18n import QT_TRANSLATE_NOOP, translate

NEED_WORDS = {
    "late": QT_TRANSLATE_NOOP("suppliers.replenish_page", "Late: order now, stockout anyway"),
    "air": QT_TRANSLATE_NOOP("suppliers.replenish_page", "Order now: air + sea"),
    "now": QT_TRANSLATE_NOOP("suppliers.replenish_page", "Order now by sea"),
    "soon": QT_TRANSLATE_NOOP("suppliers.replenish_page", "Order soon"),
    "ok": QT_TRANSLATE_NOOP("suppliers.replenish_page", "Covered"),
    "no_supplier": QT_TRANSLATE_NOOP("suppliers.replenish_page", "No supplier"),
    "none": QT_TRANSLATE_NOOP("suppliers.replenish_page", "No sales"),
}
# The shipping modes as the plan names them (MODE_WORDS), in the chosen language.
MODE_TITLES = {
    "sea": QT_TRANSLATE_NOOP("suppliers.replenish_page", "sea"),
    "sea_fast": QT_TRANSLATE_NOOP("suppliers.replenish_page", "fast sea"),
    "air": QT_TRANSLATE_NOOP("suppliers.replenish_page", "air"),
    "express": QT_TRANSLATE_NOOP("suppliers.replenish_page", "express"),
}


def need_words(need: str) -> str:
    return translate("suppliers.replenish_page", NEED_WORDS[need])


def mode_words(mode: str) -> str:
    return translate("suppliers.replenish_page", MODE_TITLES.get(mode, MODE_WORDS[mode]))


def money_text(minor: int, currency: str) -> str:
    return to_decimal_text(minor, currency or "EUR")


def order_text(line: PlanLine) -> str:
    return " + ".join(f"{s.quantity} {mode_words(s.mode)}" for s in line.suggestion)


def _weekday(day: int) -> str:
    """Monday = 0, in the user's language, short."""
    return QLocale().dayName(day + 1, QLocale.FormatType.ShortFormat)


def fact_text(fact: why.Fact, currency: str) -> str:  # noqa: C901, PLR0911  (a case a kind)
    """One "why" fact as a sentence in the user's language."""
    v = fact.values

    def money(minor: int) -> str:
        return f"{money_text(minor, currency)} {currency}".strip()

    match fact.kind:
        case "no_sales":
            return translate(
                "suppliers.replenish_page",
                "{sku} sold nothing in the last weeks: nothing to order.",
            ).format(**v)
        case "demand":
            return translate(
                "suppliers.replenish_page",
                "Demand: {per_day} a day over the last 4 weeks ({trend} a day per week "
                "of trend, followed for {days} days).",
            ).format(
                per_day=f"{v['per_day']:.2f}", trend=f"{v['trend_week']:+.2f}", days=v["trend_days"]
            )
        case "weekdays":
            return translate(
                "suppliers.replenish_page", "Weekday weights (1 = an average day): {weights}."
            ).format(
                weights=", ".join(f"{_weekday(d)} {w:.2f}" for d, w in enumerate(v["weights"]))
            )
        case "cover":
            if v["stockout"] is None:
                return translate(
                    "suppliers.replenish_page",
                    "Cover: {on_hand} salable + {coming} coming (each counted from "
                    "its arrival day): no stockout in sight.",
                ).format(**v)
            return translate(
                "suppliers.replenish_page",
                "Cover: {on_hand} salable + {coming} coming (each counted from its "
                "arrival day) = {days} days; runs out on {stockout}.",
            ).format(
                on_hand=v["on_hand"],
                coming=v["coming"],
                days=f"{v['cover_days']:.0f}",
                stockout=v["stockout"],
            )
        case "no_supplier":
            return translate(
                "suppliers.replenish_page",
                "No supplier sells it: add it to a supplier's price list.",
            )
        case "class":
            return translate(
                "suppliers.replenish_page",
                "Class {abc} by sales value: service level {service}; weekly sales "
                "vary by {sd} units (standard deviation).",
            ).format(abc=v["abc"], service=f"{v['service']:.0%}", sd=f"{v['week_sd']:.1f}")
        case "mode":
            freight = (
                translate("suppliers.replenish_page", "freight unknown")
                if v["freight"] is None
                else translate("suppliers.replenish_page", "freight {amount}").format(
                    amount=money(v["freight"])
                )
            )
            return translate(
                "suppliers.replenish_page",
                "By {mode}: {days} days, arrives {arrives} ({timing}); {landed} a unit "
                "landed ({freight}); safety stock {safety}; alone it would need "
                "{alone} units.",
            ).format(
                mode=mode_words(v["mode"]),
                days=v["lead_days"],
                arrives=v["arrives"],
                timing=translate("suppliers.replenish_page", "in time")
                if v["in_time"]
                else translate("suppliers.replenish_page", "too late"),
                landed=money(v["landed"]),
                freight=freight,
                safety=f"{v['safety']:.0f}",
                alone=v["alone"],
            )
        case "packs":
            if v["moq"]:
                return translate(
                    "suppliers.replenish_page",
                    "Quantities cover {review} days after arrival plus safety stock, "
                    "in packs of {pack}, at least {moq}.",
                ).format(review=v["review_days"], pack=v["pack"], moq=v["moq"])
            return translate(
                "suppliers.replenish_page",
                "Quantities cover {review} days after arrival plus safety stock, in "
                "packs of {pack}.",
            ).format(review=v["review_days"], pack=v["pack"])
        case "wait":
            text = translate(
                "suppliers.replenish_page", "Nothing to order yet: order by {mode} by {day}."
            ).format(mode=mode_words(v["mode"]) if v["mode"] else "", day=v["order_by"])
            if v["saving"]:
                text += " " + translate(
                    "suppliers.replenish_page", "That saves {amount} against air later."
                ).format(amount=money(v["saving"]))
            return text
        case "order":
            return translate(
                "suppliers.replenish_page",
                "Order {quantity} by {mode} now: arrives {arrives}, {cost}.",
            ).format(
                quantity=v["quantity"],
                mode=mode_words(v["mode"]),
                arrives=v["arrives"],
                cost=money(v["cost"]),
            )
        case "split":
            return translate(
                "suppliers.replenish_page",
                "Split: the faster mode only bridges until a sea order placed today "
                "arrives; the rest goes by sea.",
            )
        case "extra":
            return translate(
                "suppliers.replenish_page", "Extra cost against sending it all by sea: {amount}."
            ).format(amount=money(v["extra"]))
        case _:
            return translate(
                "suppliers.replenish_page",
                "Even the fastest mode arrives {days} day(s) after the stockout.",
            ).format(days=v["days"])


def why_text(line: PlanLine, review_days: int) -> str:
    return "\n".join(fact_text(f, line.currency) for f in why.facts(line, review_days))

