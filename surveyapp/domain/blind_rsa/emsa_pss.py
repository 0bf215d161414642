"""EMSA-PSS encoding with SHA-384 and MGF1-SHA-384 (RFC 8017 §9.1.1 and B.2.1).

``cryptography`` signs and verifies PSS but does not expose the encoding on its own, and a blind
signature needs exactly that: the client encodes, blinds the encoded value and sends it off, so
the signer never sees the message. Verification stays with ``cryptography``
(``protocol.verify``), so an encoding bug here cannot make a bad signature pass: it fails the
test vectors and every round trip instead.
"""

from __future__ import annotations

import hashlib

from surveyapp.domain.blind_rsa.errors import EncodingError

HASH_LENGTH = 48  # SHA-384
TRAILER = b"\xbc"


def sha384(data: bytes) -> bytes:
    return hashlib.sha384(data).digest()


def mgf1(seed: bytes, length: int) -> bytes:
    """MGF1 with SHA-384: SHA-384(seed || counter) for counter 0, 1, … cut to ``length`` bytes."""
    blocks = (length + HASH_LENGTH - 1) // HASH_LENGTH
    stream = b"".join(sha384(seed + i.to_bytes(4, "big")) for i in range(blocks))
    return stream[:length]


def emsa_pss_encode(message: bytes, em_bits: int, salt: bytes) -> bytes:
    """The encoded message EM of ``ceil(em_bits / 8)`` bytes, for a caller-supplied salt.

    ``em_bits`` is ``bit_len(n) - 1``, as RSASSA-PSS-SIGN uses (RFC 8017 §8.1.1), so that the
    result verifies as an ordinary RSA-PSS signature; the RFC 9474 test vectors are computed so.
    """
    em_length = (em_bits + 7) // 8
    if em_length < HASH_LENGTH + len(salt) + 2:
        raise EncodingError(
            f"a {em_bits + 1}-bit modulus is too small for SHA-384 with a {len(salt)}-byte salt"
        )
    m_prime = bytes(8) + sha384(message) + salt
    digest = sha384(m_prime)
    padding = bytes(em_length - len(salt) - HASH_LENGTH - 2)
    data_block = padding + b"\x01" + salt
    mask = mgf1(digest, em_length - HASH_LENGTH - 1)
    masked = bytearray(a ^ b for a, b in zip(data_block, mask, strict=True))
    masked[0] &= 0xFF >> (8 * em_length - em_bits)
    return bytes(masked) + digest + TRAILER
