"""Reconciliation: payout reports stored, their lines matched to orders, settlements and the
problems that need a look."""
