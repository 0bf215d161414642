"""Fixtures for the account tests."""

from .support import quick_password_hashing

__all__ = ["quick_password_hashing"]
