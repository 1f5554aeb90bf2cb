"""The shared stock kernel: products and barcodes, scans, the ledger, moves and levels."""
