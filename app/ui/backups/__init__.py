"""Backups in the window: the automatic backups (a worker, on start and daily) and the
Backups dialog (the folder, how many to keep, Back up now, Restore)."""
