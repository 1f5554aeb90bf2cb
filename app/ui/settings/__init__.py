"""The one Settings dialog (Tools ▸ Settings…): stores, station, printers, people, carriers,
units and formats, language."""
