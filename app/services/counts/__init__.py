"""Stock counts: counting by scan, cycle counts, importing, posting, reports."""
