"""Suppliers: what they sell us, purchase orders, shipments in transit, receiving, landed
cost and the scorecard. Every job takes the caller's Session (run it through the Backend)."""
