"""The Returns tab (Ctrl+5): receiving returns by scan, and the Returns list."""
