"""Invitations pages for admins: files to download, team links and posters, email, reminders."""

from . import mail_routes  # noqa: F401  (registers the email and reminder pages on ``bp``)
from .routes import bp

__all__ = ["bp"]
