"""The Suppliers tab: suppliers, purchase orders, receiving by scan, the scorecard."""
