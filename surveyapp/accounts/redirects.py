"""Where to send someone after sign-in: a path on this site, never another site."""

from __future__ import annotations

from urllib.parse import urlsplit

MAX_LENGTH = 2000


def local_path(target: str | None) -> str | None:
    """``target`` if it is a path on this site, else None.

    Refuses absolute and scheme-relative URLs (``//evil.example``), backslashes (browsers read
    ``/\\evil.example`` as another host) and control characters.
    """
    if not target or len(target) > MAX_LENGTH:
        return None
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
