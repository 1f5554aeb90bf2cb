"""The Labels tab: printing, the queue, history, printers."""
