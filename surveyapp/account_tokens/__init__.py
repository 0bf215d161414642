"""A staff member's own API tokens: create (shown once) and revoke, on their account."""

from .routes import bp

__all__ = ["bp"]
