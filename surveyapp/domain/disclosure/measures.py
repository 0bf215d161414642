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
BAND_QUESTION = "band_question"


def question(key: str) -> str:
    return f"{QUESTION}:{key}"


def theme(key: str) -> str:
    return f"{THEME}:{key}"


def comments(prompt: str) -> str:
    return f"{COMMENTS}:{prompt}"


def band(dimension: str, band_name: str) -> str:
    return f"{BAND}:{dimension}:{band_name}"


def band_question(dimension: str, band_name: str, key: str) -> str:
    """One question's answers inside one demographic band (band names may hold ':'; the
    dimension and the question key may not, so the name still parses one way only)."""
    return f"{BAND_QUESTION}:{dimension}:{band_name}:{key}"


def is_breakdown(measure: str) -> bool:
    """Band and band-question cells: the demographic breakdowns."""
    return measure.startswith((f"{BAND}:", f"{BAND_QUESTION}:"))


def check_key(what: str, key: str) -> None:
    """Keys become part of measure names, so a ':' in one would make two names collide."""
    if not key or ":" in key:
        raise ValueError(f"{what} {key!r} must be non-empty and contain no ':'")
