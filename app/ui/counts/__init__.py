"""The Counts pages of the Stock tab: the list, counting, review."""
