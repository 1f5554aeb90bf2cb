"""Pushing stock back to the stores (issue 20): what each store may sell, buffer rules,
the stores' own upload files, "only what changed", and the history of pushes."""
