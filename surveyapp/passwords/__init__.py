"""The page an emailed set-password link opens: public, single use, expiring."""

from .routes import bp

__all__ = ["bp"]
