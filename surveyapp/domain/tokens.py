"""Invitation tokens: 130 random bits, a typeable code, and a keyed hash that is all we store.

The same secret works as a link (``/i/<token>``) and as a code typed from a paper slip, so
the code is base32 (letters A-Z and digits 2-7) in groups of four, and typing is forgiving:
lower case, spaces, dashes and the look-alikes 0/O, 1/I/L and 8/B are all accepted.
Only HMAC-SHA256(pepper, token) is stored: a leaked database cannot be turned back into links,
and without the pepper a guessed token cannot be checked offline.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

TOKEN_BYTES = 17  # 136 random bits; 26 base32 characters after dropping padding bits
TOKEN_LENGTH = 26
ALPHABET = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
LOOK_ALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


def new_token() -> str:
    """A fresh random token of 26 base32 characters (at least 128 bits of entropy)."""
    return base64.b32encode(secrets.token_bytes(TOKEN_BYTES)).decode()[:TOKEN_LENGTH]


def format_code(token: str) -> str:
    """``K7QF-2M9X-...``: groups of four for reading aloud or typing from a slip."""
    return "-".join(token[i : i + 4] for i in range(0, len(token), 4))


def normalise(typed: str) -> str | None:
    """The token a person meant, or None if what they typed cannot be one."""
    cleaned = "".join(ch for ch in typed.upper() if ch not in " -\t\n").translate(LOOK_ALIKES)
    if len(cleaned) != TOKEN_LENGTH or not set(cleaned) <= ALPHABET:
        return None
    return cleaned


def token_hash(pepper: str, token: str) -> str:
    """The keyed hash stored in place of the token."""
    return hmac.new(pepper.encode(), token.encode(), hashlib.sha256).hexdigest()
