"""The Pick & Pack tab: the picking page, the packing station, shipping."""
