"""Choosing the database: the "Connect to a shared database" dialog and the one remembered."""
