"""The window's shell around the tabs: the menu bar and its keys, the command palette, the
user guide, About, and the first-run setup. Like main_window.py it composes the tabs, so it
may use every tab package; no tab uses it.
"""
