"""Insights (issue 18): profit per order, store and period; what sells. Read-only jobs over
orders, refunds, payouts and costs, aggregated in SQL, plus the few settings the owner keeps
(expected fee rates, shipping costs)."""
