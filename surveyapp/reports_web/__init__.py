"""Public pages for checking reports: upload a report to verify it; fetch the public keys."""

from .routes import bp

__all__ = ["bp"]
