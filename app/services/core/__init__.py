"""The shared core: the one door to the database (Backend), errors, audit, bulk inserts, people."""
