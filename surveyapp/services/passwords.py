"""Staff passwords: scrypt, a memory-hard KDF, through werkzeug.

scrypt with N=2**15, r=8 needs 32 MiB per guess (128 * N * r bytes), which is what makes a leaked
hash expensive to attack on GPUs; werkzeug adds a random salt and compares in constant time.
"""

from __future__ import annotations

import secrets
from functools import cache

from werkzeug.security import check_password_hash, generate_password_hash

from surveyapp.domain.wording import words

METHOD = "scrypt:32768:8:1"
MIN_LENGTH = 12
GENERATED_BYTES = 18  # 144 random bits, 24 URL-safe characters


class WeakPassword(ValueError):
    """The password is too short to be allowed."""


def hash_password(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise WeakPassword(words("a password needs at least %(n)s characters", n=MIN_LENGTH))
    return generate_password_hash(password, method=METHOD)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True if ``password`` matches; with no stored hash, spend the same time and say False."""
    if stored_hash is None:
        check_password_hash(_unmatchable_hash(), password)
        return False
    return check_password_hash(stored_hash, password)


def new_password() -> str:
    """A strong random password to print once."""
    return secrets.token_urlsafe(GENERATED_BYTES)


@cache
def _unmatchable_hash() -> str:
    """Checked when no account matches, so a wrong email costs as long as a wrong password and
    the response time does not reveal which addresses have accounts."""
    return generate_password_hash(secrets.token_urlsafe(16), method=METHOD)
