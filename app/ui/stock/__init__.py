"""The Stock tab: products, levels, movement history, moves and adjusts."""
