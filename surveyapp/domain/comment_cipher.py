"""Encryption at rest for free-text comments, with rotatable keys.

Fernet tokens carry the time they were made, to the second. Stored with a comment that would be
a precise submission time (DESIGN.md §3.1), so every comment is encrypted *at time zero*: the
field is constant and says nothing. Rotation (``MultiFernet.rotate``) keeps that zero.
"""

from __future__ import annotations

from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

FIXED_TIME = 0


class CommentCipher:
    def __init__(self, keys: Sequence[str]) -> None:
        if not keys:
            raise ValueError("at least one comment key is needed")
        self._fernet = MultiFernet([Fernet(key.encode()) for key in keys])

    def encrypt(self, text: str) -> bytes:
        return self._fernet.encrypt_at_time(text.encode("utf-8"), FIXED_TIME)

    def decrypt(self, token: bytes) -> str:
        try:
            return self._fernet.decrypt(token).decode("utf-8")
        except InvalidToken:
            raise ValueError("comment cannot be decrypted with the configured keys") from None

    def rotate(self, token: bytes) -> bytes:
        """Re-encrypt under the newest key (the first in the list)."""
        return self._fernet.rotate(token)
