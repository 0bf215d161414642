"""Read-only views for boards and inspectors: the board pack's content, at the levels allowed."""

from .routes import bp

__all__ = ["bp"]
