"""Encryption at rest for the address lists kept for reminders (one per wave and unit).

The keys are derived (HKDF-SHA256) from the deployment's answer keys, so there is no new secret
to manage and rotation follows the answer keys, while a sealed list can never be read as a
sealed record nor a record as a list: each purpose has its own keys. Fernet authenticates, and the
sealed text names its wave and unit, so a list copied onto another unit's row does not open.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

PURPOSE = b"staff-voice reminder address list v1"


def _derived(key: str) -> Fernet:
    secret = base64.urlsafe_b64decode(key + "=" * (-len(key) % 4))  # answer keys may omit it
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=PURPOSE).derive(secret)
    return Fernet(base64.urlsafe_b64encode(derived))


class AddressListCipher:
    """Seals and opens one wave's and unit's list; the first key seals, any key opens."""

    def __init__(self, keys: Sequence[str]) -> None:
        if not keys:
            raise ValueError("at least one key is needed")
        self._fernet = MultiFernet([_derived(key) for key in keys])

    def seal(self, wave_id: int, unit_id: int, addresses: Sequence[str]) -> bytes:
        plain = json.dumps({"wave": wave_id, "unit": unit_id, "addresses": list(addresses)})
        return self._fernet.encrypt(plain.encode("utf-8"))

    def open(self, sealed: bytes, wave_id: int, unit_id: int) -> list[str]:
        try:
            plain = json.loads(self._fernet.decrypt(sealed))
        except InvalidToken:
            raise ValueError("the address list cannot be opened with the configured keys") from None
        if (plain.get("wave"), plain.get("unit")) != (wave_id, unit_id):
            raise ValueError("the address list belongs to another wave or unit")
        return [str(address) for address in plain["addresses"]]
