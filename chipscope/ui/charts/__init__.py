"""Charts: the chart families, their shared chrome and export."""
