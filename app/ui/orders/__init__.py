"""The Orders tab: the list, the detail, imports, mappings, manual orders."""
