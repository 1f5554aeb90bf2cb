"""The Reconciliation tab: payouts per store, their lines, and the problems to look at."""
