"""The public front page."""

from .routes import bp

__all__ = ["bp"]
