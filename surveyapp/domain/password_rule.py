"""What makes a password good enough for a staff account, which can read results.

At least 12 characters, and not easy to guess by zxcvbn's estimate (score 3 of 4: about 10^8
guesses or more), counting the account's own email address as a known word, so that
``sam.jones2026!`` is refused for sam.jones@example.org. Long passphrases of common words pass.
"""

from __future__ import annotations

from collections.abc import Sequence

from zxcvbn import zxcvbn  # type: ignore[import-untyped]  # ships no type hints

from .wording import Words, words

MIN_LENGTH = 12
MAX_LENGTH = 200
MIN_SCORE = 3
# zxcvbn's cost grows with length; the first 100 characters tell all that matters.
CHECKED_LENGTH = 100

WARNINGS = {
    "Straight rows of keys are easy to guess.": words("straight rows of keys are easy to guess"),
    "Short keyboard patterns are easy to guess.": words(
        "short keyboard patterns are easy to guess"
    ),
    'Repeats like "aaa" are easy to guess.': words('repeats like "aaa" are easy to guess'),
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc".': words(
        'repeats like "abcabcabc" are only slightly harder to guess than "abc"'
    ),
    'Sequences like "abc" or "6543" are easy to guess.': words(
        'sequences like "abc" or "6543" are easy to guess'
    ),
    "Recent years are easy to guess.": words("recent years are easy to guess"),
    "Dates are often easy to guess.": words("dates are often easy to guess"),
    "This is a top-10 common password.": words("this is a top-10 common password"),
    "This is a top-100 common password.": words("this is a top-100 common password"),
    "This is a very common password.": words("this is a very common password"),
    "This is similar to a commonly used password.": words(
        "this is similar to a commonly used password"
    ),
    "A word by itself is easy to guess.": words("a word by itself is easy to guess"),
    "Names and surnames by themselves are easy to guess.": words(
        "names and surnames by themselves are easy to guess"
    ),
    "Common names and surnames are easy to guess.": words(
        "common names and surnames are easy to guess"
    ),
}
"""zxcvbn's warnings (English only), as the reason a password is refused, in any language."""


def password_problem(password: str, known_words: Sequence[str] = ()) -> Words | None:
    """Why ``password`` is refused, as a sentence for the form, or None if it is fine."""
    if len(password) < MIN_LENGTH:
        return words("Your password must be at least %(n)s characters", n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return words("Your password must be %(n)s characters or fewer", n=MAX_LENGTH)
    known = [part for word in known_words for part in _parts(word)]
    estimate = zxcvbn(password[:CHECKED_LENGTH], user_inputs=known)
    if estimate["score"] < MIN_SCORE:
        warning = str(estimate["feedback"].get("warning") or "")
        if not warning:
            return words(
                "Your password is too easy to guess. Use a longer one, such as three or four"
                " words that do not go together"
            )
        plain = warning.rstrip(".")
        return words(
            "Your password is too easy to guess: %(reason)s. Use a longer one, such as three or"
            " four words that do not go together",
            reason=WARNINGS.get(warning, plain[:1].lower() + plain[1:]),
        )
    return None


def _parts(word: str) -> list[str]:
    """An email address and its pieces (``sam.jones``, ``sam``, ``jones``, the domain)."""
    local, _, domain = word.lower().partition("@")
    pieces = [word.lower(), local, domain, *local.replace("_", ".").replace("-", ".").split(".")]
    return [piece for piece in pieces if piece]
