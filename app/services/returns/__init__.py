"""Returns: opening a return from a shipped order, receiving it by scan (each unit one stock
move out of CUSTOMER), refunds, and the Returns list and figures."""
