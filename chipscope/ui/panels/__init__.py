"""The side and bottom panels: assumptions, details, checks and their tables."""
