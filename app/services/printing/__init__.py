"""Label and document rendering (PDF via reportlab, ZPL) and printer transports."""
