"""Administration pages: waves and participation (counts of people, never results)."""

from .routes import bp

__all__ = ["bp"]
