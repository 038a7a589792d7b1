"""Wijkteam Desk."""

__version__ = "0.1.0"
