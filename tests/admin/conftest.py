"""Fixtures for the admin page tests."""

from tests.accounts.support import quick_password_hashing

__all__ = ["quick_password_hashing"]
