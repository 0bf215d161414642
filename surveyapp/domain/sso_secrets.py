"""Encryption at rest for what single sign-on keeps: client secrets and units' private keys.

Like the reminder lists (``sealed_addresses``), the keys are derived (HKDF-SHA256) from the
deployment's answer keys, each purpose under its own label, so there is no new secret to manage,
rotation follows the answer keys, and a database, backup or file copy holds nothing that opens
them. Every sealed value names what it is for (``context``: a wave's client secret, one unit's
key), so a value copied onto another row does not open there.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

PURPOSE = b"staff-voice single sign-on secrets v1"


class SealedSecretError(ValueError):
    """A sealed secret does not open with the configured keys, or belongs elsewhere."""


def _derived(key: str) -> Fernet:
    secret = base64.urlsafe_b64decode(key + "=" * (-len(key) % 4))
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=PURPOSE).derive(secret)
    return Fernet(base64.urlsafe_b64encode(derived))


class SsoSecretCipher:
    """Seals and opens single sign-on secrets; the first key seals, any key opens."""

    def __init__(self, keys: Sequence[str]) -> None:
        if not keys:
            raise ValueError("at least one key is needed")
        self._fernet = MultiFernet([_derived(key) for key in keys])

    def seal(self, context: str, secret: bytes) -> bytes:
        plain = json.dumps({"for": context, "secret": base64.b64encode(secret).decode("ascii")})
        return self._fernet.encrypt(plain.encode("utf-8"))

    def reseal(self, sealed: bytes) -> bytes:
        """The same secret sealed under the newest key (for ``surveyapp keys rotate-answers``)."""
        try:
            return self._fernet.rotate(sealed)
        except InvalidToken:
            raise SealedSecretError("cannot be opened with the configured answer keys") from None

    def open(self, sealed: bytes, context: str) -> bytes:
        try:
            plain = json.loads(self._fernet.decrypt(sealed))
        except InvalidToken:
            raise SealedSecretError("cannot be opened with the configured answer keys") from None
        if plain.get("for") != context:
            raise SealedSecretError(f"belongs to {plain.get('for')!r}, not {context!r}")
        return base64.b64decode(plain["secret"])
