"""The respondent's journey: enter by link, code or team link; answer; check; submit."""

from .routes import bp

__all__ = ["bp"]
