"""Names of the measures a plan decides on, as plain strings.

A measure name is stored in the plan (and so in the database), so it must be stable text that a
view can build without importing anything but this module.
"""

from __future__ import annotations

RESPONSES = "responses"
QUESTION = "question"
THEME = "theme"
COMMENTS = "comments"
BAND = "band"


def question(key: str) -> str:
    return f"{QUESTION}:{key}"


def theme(key: str) -> str:
    return f"{THEME}:{key}"


def comments(prompt: str) -> str:
    return f"{COMMENTS}:{prompt}"


def band(dimension: str, band_name: str) -> str:
    return f"{BAND}:{dimension}:{band_name}"


def check_key(what: str, key: str) -> None:
    """Keys become part of measure names, so a ':' in one would make two names collide."""
    if not key or ":" in key:
        raise ValueError(f"{what} {key!r} must be non-empty and contain no ':'")
