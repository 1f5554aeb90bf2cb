"""Use cases. Each function takes a Session from its caller and returns plain values."""
