"""What makes a password good enough for a staff account, which can read results.

At least 12 characters, and not easy to guess by zxcvbn's estimate (score 3 of 4: about 10^8
guesses or more), counting the account's own email address as a known word, so that
``sam.jones2026!`` is refused for sam.jones@example.org. Long passphrases of common words pass.
"""

from __future__ import annotations

from collections.abc import Sequence

from zxcvbn import zxcvbn  # type: ignore[import-untyped]  # ships no type hints

MIN_LENGTH = 12
MAX_LENGTH = 200
MIN_SCORE = 3
# zxcvbn's cost grows with length; the first 100 characters tell all that matters.
CHECKED_LENGTH = 100


def password_problem(password: str, known_words: Sequence[str] = ()) -> str | None:
    """Why ``password`` is refused, as a sentence for the form, or None if it is fine."""
    if len(password) < MIN_LENGTH:
        return f"Your password must be at least {MIN_LENGTH} characters"
    if len(password) > MAX_LENGTH:
        return f"Your password must be {MAX_LENGTH} characters or fewer"
    words = [part for word in known_words for part in _parts(word)]
    estimate = zxcvbn(password[:CHECKED_LENGTH], user_inputs=words)
    if estimate["score"] < MIN_SCORE:
        warning = str(estimate["feedback"].get("warning") or "").rstrip(".")
        reason = f": {warning[0].lower()}{warning[1:]}" if warning else ""
        return (
            f"Your password is too easy to guess{reason}. Use a longer one, such as three or"
            " four words that do not go together"
        )
    return None


def _parts(word: str) -> list[str]:
    """An email address and its pieces (``sam.jones``, ``sam``, ``jones``, the domain)."""
    local, _, domain = word.lower().partition("@")
    pieces = [word.lower(), local, domain, *local.replace("_", ".").replace("-", ".").split(".")]
    return [piece for piece in pieces if piece]
