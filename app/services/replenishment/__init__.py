"""Replenishment (issue 16): demand per product and destination, cover, safety stock, and
which freight mode to order by, computed for every product at once (numpy arrays)."""
