"""dipltime: diplomatic history as a calendar."""

__version__ = "0.1.0"
