"""Read-only JSON API ``/api/v1``: the same published cells as the pages, for other systems."""

from .routes import bp

__all__ = ["bp"]
