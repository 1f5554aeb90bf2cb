"""Pure file parsers: each turns one external format into plain records. No database here."""
