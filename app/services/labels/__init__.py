"""Labels: what to print (sources), rendering jobs, printers, carrier labels."""
