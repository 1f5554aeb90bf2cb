"""The Insights tab (Ctrl+8): P&L per store, daily profit chart, drill-down to orders."""
