"""ChipScope: explore the AI-accelerator market.

Importing this package loads nothing heavy (no Qt, pandas or sqlite).
"""

__version__ = "0.1.0"
