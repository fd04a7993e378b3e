"""One widget per module, named after what it shows."""
