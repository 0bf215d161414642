"""Invitations pages for admins: files to download, team links and posters, email, reminders,
and over-issue requests and their approval."""

from . import approval_routes, mail_routes  # noqa: F401  (register their pages on ``bp``)
from .routes import bp

__all__ = ["bp"]
