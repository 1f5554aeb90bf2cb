"""Backroom: orders, pick & pack, labels and stock for a small online store."""

__version__ = "0.1.0"
