"""Qt widgets. They call services through the Backend and never touch sessions or SQL."""
