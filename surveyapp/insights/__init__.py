"""Dashboards and exports for analysts: every number read from the publication plan."""

from .routes import bp

__all__ = ["bp"]
