"""Widgets and helpers every tab uses: scanner input, sounds, workers, models."""
