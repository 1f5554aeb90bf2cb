"""Backups of the store and restoring one: SQLite files by the online backup API, PostgreSQL
by pg_dump / pg_restore; where they go (settings), which are kept, and what a backup must hold
to be restored (a Backroom database at a known schema that passes its checks)."""
