"""Signing in with the council's account to get a blind-signed token (docs/BLIND-SIGNATURES.md).

The pages under ``/sso/`` run in a session of their own (``cookie.py``); the token they give is
presented later at ``/token`` (the respondent blueprint), in the usual respondent session.
"""

from .cookie import init_app
from .routes import bp

__all__ = ["bp", "init_app"]
