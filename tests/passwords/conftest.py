"""The staff pages' admin, app and clock (``tests/staff/conftest.py``): the links tested here are
the ones those pages send."""

from tests.staff.conftest import app, office, quick_password_hashing

__all__ = ["app", "office", "quick_password_hashing"]
