"""Orders: importing store exports, reading and searching, actions, reservations."""
