"""Staff accounts for admins: add, deactivate and reactivate, send a set-password link, sign out
everywhere; only for accounts scoped within the admin's own scope."""

from .routes import bp

__all__ = ["bp"]
