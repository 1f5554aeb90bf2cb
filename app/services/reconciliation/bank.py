"""Bank statements stored, and payouts found in them: the last step of "did I get paid?".

A payout is matched to a bank line of the same currency and exactly its amount, booked
within a window around the day the report says it was paid (banks book a day or a few
later; a weekend adds two). Several payouts may arrive as one deposit (Amazon and eBay
sometimes batch): a deposit no single payout explains is tried against the sums of up to
four unmatched payouts in its window. When more than one choice fits, the reference text
decides (the payout's id, or its marketplace's name, in the bank's words); when it cannot,
nothing is guessed: a `deposit_ambiguous` problem offers the choices and a person links one.

What needs a look: payouts never deposited (the statements cover days well past the
window and no line holds them) and deposits no payout explains (inside the span the
payouts cover: a bank line from before Backroom knew any payout is not one).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from app.models.base import utcnow
from app.models.payouts import BankLine, BankMapping, Payout, PayoutDeposit
from app.money import format_money
from app.services.core import audit
from app.services.core.actor import Actor
from app.services.core.errors import FileProblem, InvalidInput, NotFound
from app.services.importers import bank_statement
from app.services.importers.bank_statement import BankMapping as Mapping
from app.services.importers.csv_text import Source

EARLY = timedelta(days=2)  # a bank may show a deposit before the report's payout day
LATE = timedelta(days=7)  # and after it: weekends, holidays, slow banks
MAX_PAYOUTS_IN_ONE_DEPOSIT = 4
_MAX_SUM_CANDIDATES = 14  # payouts tried per deposit for sums (C(14, 4) = 1001 sums)
_SHOWN_PROBLEMS = 20
# Words a bank puts in a deposit's text for each report format.
SOURCE_WORDS = {"amazon-settlement": ("amazon", "amzn"), "shopify-payments": ("shopify",),
                "paypal": ("paypal",), "stripe": ("stripe",), "etsy": ("etsy",),
                "ebay": ("ebay",)}


@dataclass(frozen=True)
class BankImport:
    file: str
    account: str
    new: int
    unchanged: int
    matched: int  # payouts newly found in the bank by this import


@dataclass(frozen=True)
class MatchRun:
    matched: int  # payouts linked now
    ambiguous: list[tuple[int, list[int]]]  # payout id -> bank lines that fit equally
    unmatched_payouts: int
    unmatched_deposits: int


# ---- mappings and import


def save_mapping(session: Session, actor: Actor, name: str, mapping: Mapping) -> None:
    name = name.strip()
    if not name or len(name) > 64:
        raise InvalidInput("a bank layout needs a name of 1 to 64 characters")
    wrong = mapping.check()
    if wrong:
        raise InvalidInput("; ".join(wrong))
    row = session.scalar(select(BankMapping).where(BankMapping.name == name))
    if row is None:
        session.add(BankMapping(name=name, columns=mapping.to_json()))
    else:
        row.columns, row.saved_at = mapping.to_json(), utcnow()
    session.flush()
    audit.record(session, actor, "bank_mapping", 0, "bank layout saved", name=name)


def mapping_named(session: Session, name: str) -> Mapping:
    row = session.scalar(select(BankMapping).where(BankMapping.name == name))
    if row is None:
        known = ", ".join(session.scalars(select(BankMapping.name).order_by(BankMapping.name)))
        raise NotFound(f"no bank layout named '{name}'" +
                       (f"; saved: {known}" if known else "; save one first (--map)"))
    return Mapping.from_json(row.columns)


def mapping_names(session: Session) -> list[str]:
    return list(session.scalars(select(BankMapping.name).order_by(BankMapping.name)))


def read_statement(name: str, data: bytes, mapping: Mapping) -> bank_statement.BankStatement:
    parsed = bank_statement.parse(Source(name, data), mapping)
    if parsed.problems:
        first = parsed.problems[0]
        if len(parsed.problems) == 1:
            raise FileProblem(first.file, first.row, first.column, first.reason)
        shown = "\n".join(str(p) for p in parsed.problems[:_SHOWN_PROBLEMS])
        raise InvalidInput(f"{name}: {len(parsed.problems)} problems, nothing imported:\n"
                           f"{shown}")
    return parsed


def import_statement(session: Session, actor: Actor, name: str, data: bytes, *,  # noqa: PLR0913
                     layout: str | None = None, mapping: Mapping | None = None,
                     account: str | None = None, now: datetime | None = None) -> BankImport:
    """Store a statement's lines (each once) and look for payouts in them."""
    if mapping is None:
        if not layout:
            raise InvalidInput("say which bank layout reads this file (bank:NAME)")
        mapping = mapping_named(session, layout)
    parsed = read_statement(name, data, mapping)
    account = (account or layout or "bank")[:64]
    known = set(session.scalars(select(BankLine.external_id).where(
        BankLine.account == account,
        BankLine.external_id.in_([x.external_id for x in parsed.lines]))))
    at = now or utcnow()
    rows = [{"account": account, "external_id": x.external_id, "booked_on": x.booked_on,
             "amount_minor": x.amount_minor, "currency": x.currency,
             "description": x.description, "reference": x.reference,
             "file_name": name[-255:], "source_row": x.source_row, "imported_at": at}
            for x in parsed.lines if x.external_id not in known]
    for i in range(0, len(rows), 2000):
        session.execute(insert(BankLine), rows[i:i + 2000])
    run = match_deposits(session)
    audit.record(session, actor, "bank_line", 0, "bank statement imported", file=name,
                 account=account, new=len(rows), unchanged=len(parsed.lines) - len(rows))
    return BankImport(name, account, len(rows), len(parsed.lines) - len(rows), run.matched)


# ---- matching


@dataclass(frozen=True)
class _Payout:
    id: int
    source: str
    external_id: str
    currency: str
    total: int
    day: datetime


@dataclass(frozen=True)
class _Deposit:
    id: int
    currency: str
    amount: int
    day: datetime
    text: str


def _names(p: _Payout, d: _Deposit) -> bool:
    """The bank's words name this payout (its id) or at least its marketplace."""
    text = d.text
    bare = p.external_id.split(":")[-1].lower()
    return (len(bare) >= 5 and bare in text) or any(w in text for w in
                                                    SOURCE_WORDS.get(p.source, ()))


def _fits(p: _Payout, d: _Deposit) -> bool:
    return p.currency == d.currency and d.day - LATE <= p.day <= d.day + EARLY


def _open(session: Session) -> tuple[list[_Payout], list[_Deposit]]:
    taken = select(PayoutDeposit.payout_id)
    payouts = [_Payout(*r) for r in session.execute(select(
        Payout.id, Payout.source, Payout.external_id, Payout.currency, Payout.total_minor,
        func.coalesce(Payout.paid_on, Payout.period_end)).where(
        Payout.reaches_bank.is_(True), Payout.total_minor != 0,
        func.coalesce(Payout.paid_on, Payout.period_end).is_not(None),
        Payout.id.not_in(taken)).order_by(Payout.id))]
    used = select(PayoutDeposit.bank_line_id)
    deposits = [_Deposit(r[0], r[1], r[2], r[3], f"{r[4]} {r[5]}".lower())
                for r in session.execute(select(
                    BankLine.id, BankLine.currency, BankLine.amount_minor, BankLine.booked_on,
                    BankLine.description, BankLine.reference).where(
                    BankLine.id.not_in(used)).order_by(BankLine.booked_on, BankLine.id))]
    return payouts, deposits


def match_deposits(session: Session) -> MatchRun:
    """Link every payout that has exactly one fitting deposit; returns what is left."""
    payouts, deposits = _open(session)
    by_amount: dict[tuple[str, int], list[_Deposit]] = defaultdict(list)
    for d in deposits:
        by_amount[(d.currency, d.amount)].append(d)
    links: list[tuple[int, int, str]] = []
    ambiguous: dict[int, list[int]] = {}
    taken: set[int] = set()
    # One payout, one deposit: the same amount in the window. Each side must have just one
    # choice (after the reference text has had its say), or nobody guesses.
    options = {p.id: [d for d in by_amount.get((p.currency, p.total), []) if _fits(p, d)]
               for p in payouts}
    wanted_by: dict[int, list[_Payout]] = defaultdict(list)
    for p in payouts:
        for d in options[p.id]:
            wanted_by[d.id].append(p)
    for p in payouts:
        choices = options[p.id]
        if not choices:
            continue
        named = [d for d in choices if _names(p, d)]
        narrowed = named or choices
        d = narrowed[0]
        rivals = [q for q in wanted_by[d.id] if q.id != p.id]
        # Another payout of the same amount fits this deposit too: only the text decides.
        undecided = len(narrowed) > 1 or d.id in taken or (rivals and (
            not _names(p, d) or any(_names(q, d) for q in rivals)))
        if undecided:
            ambiguous[p.id] = sorted(x.id for x in choices)
            continue
        taken.add(d.id)
        links.append((p.id, d.id, "amount+date+reference" if _names(p, d) else "amount+date"))
    linked = {pid for pid, _, _ in links}
    left = [p for p in payouts if p.id not in linked and p.id not in ambiguous]
    # Several payouts in one deposit.
    for d in deposits:
        if d.id in taken:
            continue
        fitting = [p for p in left if p.id not in linked and _fits(p, d)
                   and (p.total > 0) == (d.amount > 0)][:_MAX_SUM_CANDIDATES]
        sums = [combo for n in range(2, MAX_PAYOUTS_IN_ONE_DEPOSIT + 1)
                for combo in itertools.combinations(fitting, n)
                if sum(p.total for p in combo) == d.amount]
        if len(sums) > 1:
            named_sums = [c for c in sums if all(_names(p, d) for p in c)]
            sums = named_sums if len(named_sums) == 1 else sums
        if len(sums) == 1:
            taken.add(d.id)
            for p in sums[0]:
                linked.add(p.id)
                links.append((p.id, d.id, "sum"))
        elif len(sums) > 1:
            for combo in sums:
                for p in combo:
                    ambiguous.setdefault(p.id, []).append(d.id)
    if links:
        now = utcnow()
        session.execute(insert(PayoutDeposit), [
            {"payout_id": pid, "bank_line_id": bid, "matched_by": how, "matched_at": now}
            for pid, bid, how in links])
    return MatchRun(len(links), sorted((k, sorted(set(v))) for k, v in ambiguous.items()),
                    len(payouts) - len(links), len(deposits) - len(taken))


def link(session: Session, actor: Actor, payout_id: int, bank_line_id: int) -> None:
    """A person says this payout is in this deposit (the choice a match could not make)."""
    payout = session.get(Payout, payout_id)
    line = session.get(BankLine, bank_line_id)
    if payout is None or line is None:
        raise NotFound(f"no payout {payout_id}" if payout is None
                       else f"no bank line {bank_line_id}")
    if payout.currency != line.currency:
        raise InvalidInput(f"the payout is in {payout.currency}, the bank line in "
                           f"{line.currency}")
    session.execute(delete(PayoutDeposit).where(PayoutDeposit.payout_id == payout_id))
    session.add(PayoutDeposit(payout_id=payout_id, bank_line_id=bank_line_id,
                              matched_by="person"))
    session.flush()
    audit.record(session, actor, "payout", payout_id, "payout linked to deposit",
                 bank_line=bank_line_id,
                 amount=format_money(line.amount_minor, line.currency))


def unlink(session: Session, actor: Actor, payout_id: int) -> None:
    gone = session.execute(delete(PayoutDeposit).where(PayoutDeposit.payout_id == payout_id))
    if not getattr(gone, "rowcount", 0):
        raise NotFound(f"payout {payout_id} is linked to no deposit")
    audit.record(session, actor, "payout", payout_id, "payout unlinked from deposit")


# ---- what needs a look


@dataclass(frozen=True)
class BankFinding:
    kind: str
    key: str
    store_id: int | None
    amount_minor: int
    currency: str
    detail: str
    payout_id: int | None = None
    bank_line_id: int | None = None


def bank_findings(session: Session) -> list[BankFinding]:
    """Payouts never deposited, deposits no payout explains, choices nobody made."""
    run = match_deposits(session)
    last = session.scalar(select(func.max(BankLine.booked_on)))
    if last is None:
        return []  # no statement yet: nothing can be said about the bank
    first = session.scalar(select(func.min(BankLine.booked_on)))
    out: list[BankFinding] = []
    undecided = dict(run.ambiguous)
    day = func.coalesce(Payout.paid_on, Payout.period_end)
    rows = session.execute(select(Payout.id, Payout.store_id, Payout.source,
                                  Payout.external_id, Payout.total_minor, Payout.currency,
                                  day).where(
        Payout.reaches_bank.is_(True), Payout.total_minor != 0, day.is_not(None),
        Payout.id.not_in(select(PayoutDeposit.payout_id))))
    span_start: datetime | None = None
    span_end: datetime | None = None
    for pid, sid, source, ext, total, cur, when in rows:
        if pid in undecided:
            out.append(BankFinding(
                "deposit_ambiguous", f"payout:{pid}", sid, total, cur,
                f"{source} payout {ext} of {format_money(total, cur)} fits "
                f"{len(undecided[pid])} bank lines: link the right one", pid,
                undecided[pid][0]))
        elif first is not None and first - EARLY <= when and when + LATE < last:
            # The statements cover the whole window and nothing holds the payout.
            out.append(BankFinding(
                "not_deposited", f"payout:{pid}", sid, total, cur,
                f"{source} payout {ext} of {format_money(total, cur)} paid "
                f"{when.date().isoformat()} is in no bank statement", pid))
    for lo, hi in session.execute(select(func.min(day), func.max(day)).where(
            Payout.reaches_bank.is_(True))):
        span_start, span_end = lo, hi
    if span_start is None or span_end is None:
        return out
    in_ambiguity = {b for ids in undecided.values() for b in ids}
    for bid, amount, cur, when, words in session.execute(select(
            BankLine.id, BankLine.amount_minor, BankLine.currency, BankLine.booked_on,
            BankLine.description).where(
            BankLine.amount_minor > 0, BankLine.booked_on >= span_start - EARLY,
            BankLine.booked_on <= span_end + LATE,
            BankLine.id.not_in(select(PayoutDeposit.bank_line_id)))):
        if bid in in_ambiguity:
            continue
        out.append(BankFinding(
            "no_payout", f"bank:{bid}", None, amount, cur,
            f"deposit of {format_money(amount, cur)} on {when.date().isoformat()} "
            f"('{words[:60]}') matches no payout", bank_line_id=bid))
    return out


# ---- reads


@dataclass(frozen=True)
class DepositRow:
    """One payout and where it is in the bank (or not)."""

    payout_id: int
    store: str
    source: str
    external_id: str
    paid_on: datetime | None
    total_minor: int
    currency: str
    bank_line_id: int | None
    booked_on: datetime | None
    deposit_minor: int | None
    bank_text: str
    matched_by: str


@dataclass(frozen=True)
class BankLineRow:
    id: int
    account: str
    booked_on: datetime
    amount_minor: int
    currency: str
    description: str
    reference: str
    payouts: int  # how many payouts this line holds


def deposit_rows(session: Session, store_id: int | None = None) -> list[DepositRow]:
    from app.models import Store

    day = func.coalesce(Payout.paid_on, Payout.period_end)
    q = select(Payout.id, Store.name, Payout.source, Payout.external_id, day,
               Payout.total_minor, Payout.currency, BankLine.id, BankLine.booked_on,
               BankLine.amount_minor,
               func.coalesce(BankLine.description, ""),
               func.coalesce(PayoutDeposit.matched_by, "")).join(
        Store, Store.id == Payout.store_id).outerjoin(
        PayoutDeposit, PayoutDeposit.payout_id == Payout.id).outerjoin(
        BankLine, BankLine.id == PayoutDeposit.bank_line_id).where(
        Payout.reaches_bank.is_(True))
    if store_id is not None:
        q = q.where(Payout.store_id == store_id)
    rows = session.execute(q.order_by(day.desc(), Payout.id.desc()))
    return [DepositRow(*tuple(r)) for r in rows]


def bank_lines(session: Session, *, unmatched_only: bool = False,
               ids: Sequence[int] = ()) -> list[BankLineRow]:
    held = select(PayoutDeposit.bank_line_id, func.count().label("n")).group_by(
        PayoutDeposit.bank_line_id).subquery()
    q = select(BankLine.id, BankLine.account, BankLine.booked_on, BankLine.amount_minor,
               BankLine.currency, BankLine.description, BankLine.reference,
               func.coalesce(held.c.n, 0)).outerjoin(held, held.c.bank_line_id == BankLine.id)
    if unmatched_only:
        q = q.where(held.c.n.is_(None))
    if ids:
        q = q.where(BankLine.id.in_(list(ids)))
    rows = session.execute(q.order_by(BankLine.booked_on.desc(), BankLine.id.desc()))
    return [BankLineRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], int(r[7])) for r in rows]
