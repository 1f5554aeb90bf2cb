"""Pick & pack: pick lists, the packing station, completing a pack, shipping."""
