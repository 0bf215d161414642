"""RSA blind signatures, RFC 9474: prepare, blind, blind-sign, finalize, verify.

The respondent's browser prepares a random message and blinds it; the server signs the blinded
value with the unit's key without seeing the message; the browser unblinds the result into an
ordinary RSASSA-PSS signature of the message. Later the server sees (message, signature) and can
check it was made with the unit's key, but it cannot tell which signing request it came from:
every blinded message is equally likely to belong to every signature. docs/BLIND-SIGNATURES.md
says what this does and does not promise.

Functions are named after the RFC's (§4.1 to §4.4); RSAVP1 and RSASP1 (RFC 8017 §5.2) are
Python's ``pow``. The product uses ``RANDOMIZED`` (RSABSSA-SHA384-PSS-Randomized, the RFC's
recommended variant); the other three named variants are here because the test vectors cover them
and they differ only in salt length and prefix.
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from surveyapp.domain.blind_rsa.emsa_pss import emsa_pss_encode
from surveyapp.domain.blind_rsa.errors import (
    BlindingError,
    InvalidInputError,
    InvalidSignatureError,
    MessageOutOfRangeError,
    SigningFailureError,
    UnexpectedInputSizeError,
)
from surveyapp.domain.blind_rsa.keys import check_key

PREFIX_LENGTH = 32


@dataclass(frozen=True)
class Variant:
    """One of the RFC's named RSABSSA variants (§5): SHA-384 always, MGF1-SHA-384 always."""

    name: str
    salt_length: int
    is_randomized: bool


RANDOMIZED = Variant("RSABSSA-SHA384-PSS-Randomized", salt_length=48, is_randomized=True)
PSSZERO_RANDOMIZED = Variant("RSABSSA-SHA384-PSSZERO-Randomized", salt_length=0, is_randomized=True)
DETERMINISTIC = Variant("RSABSSA-SHA384-PSS-Deterministic", salt_length=48, is_randomized=False)
PSSZERO_DETERMINISTIC = Variant(
    "RSABSSA-SHA384-PSSZERO-Deterministic", salt_length=0, is_randomized=False
)
VARIANTS = {
    v.name: v for v in (RANDOMIZED, PSSZERO_RANDOMIZED, DETERMINISTIC, PSSZERO_DETERMINISTIC)
}


@dataclass(frozen=True)
class Blinded:
    """What ``blind`` returns: the blinded message goes to the signer, the inverse never leaves.

    Whoever holds both the inverse and the blinded message can link the final signature to the
    signing request, so the inverse is kept by the client only, and only until ``finalize``.
    """

    blinded_message: bytes
    inverse: int


def prepare(message: bytes, variant: Variant = RANDOMIZED) -> bytes:
    """§4.1: a 32-byte random prefix before the message (Randomized), or the message itself.

    The prefix makes the signed value unpredictable to the signer even if the message is not, as
    the RFC recommends; the *prepared* message is what is finalized, verified and later submitted.
    """
    if not variant.is_randomized:
        return message
    return secrets.token_bytes(PREFIX_LENGTH) + message


def blind(public_key: rsa.RSAPublicKey, message: bytes, variant: Variant = RANDOMIZED) -> Blinded:
    """§4.2: encode and blind the prepared message, with fresh randomness."""
    check_key(public_key)
    n = public_key.public_numbers().n
    salt = secrets.token_bytes(variant.salt_length)
    r = 1 + secrets.randbelow(n - 1)
    return blind_with(public_key, message, variant, salt=salt, r=r)


def blind_with(
    public_key: rsa.RSAPublicKey, message: bytes, variant: Variant, *, salt: bytes, r: int
) -> Blinded:
    """§4.2 with the salt and the blind ``r`` given: for known-answer tests only.

    Reusing ``r`` across requests, or drawing it from anything but a CSPRNG, links requests to
    signatures; ``blind`` is the function to call.
    """
    check_key(public_key)
    if len(salt) != variant.salt_length:
        raise ValueError(f"{variant.name} takes a {variant.salt_length}-byte salt, not {len(salt)}")
    numbers = public_key.public_numbers()
    n, e = numbers.n, numbers.e
    modulus_length = _byte_length(n)
    encoded = emsa_pss_encode(message, n.bit_length() - 1, salt)
    m = int.from_bytes(encoded, "big")
    if math.gcd(m, n) != 1:
        raise InvalidInputError("the encoded message shares a factor with the key's modulus")
    if math.gcd(r, n) != 1:
        raise BlindingError("the blind has no inverse modulo n; blind again with a fresh one")
    inverse = pow(r, -1, n)
    z = m * pow(r, e, n) % n
    return Blinded(z.to_bytes(modulus_length, "big"), inverse)


def blind_sign(private_key: rsa.RSAPrivateKey, blinded_message: bytes) -> bytes:
    """§4.3: sign a blinded message, check the result, and only then return it.

    RSASP1 runs in CRT form (RFC 8017 §5.2.1), and on a value blinded once more by a random
    ``b``: Python's big-integer ``pow`` is not constant-time and the input is chosen by the
    requester, so this keeps the time taken from depending on it. A fault in either CRT half
    would give away a factor of n; the check against RSAVP1 is what stops such a signature.
    """
    check_key(private_key)
    numbers = private_key.private_numbers()
    n, e = numbers.public_numbers.n, numbers.public_numbers.e
    m = _modulus_sized_int(blinded_message, n, "blinded message")
    if m >= n:
        raise MessageOutOfRangeError("the blinded message is not below the key's modulus")
    b = _unit_below(n)
    s = _rsasp1_crt(numbers, m * pow(b, e, n) % n) * pow(b, -1, n) % n
    if pow(s, e, n) != m:
        raise SigningFailureError(
            "the blind signature failed its own check and was withheld: the signing key or"
            " the machine is faulty"
        )
    return s.to_bytes(_byte_length(n), "big")


def finalize(
    public_key: rsa.RSAPublicKey,
    message: bytes,
    blind_signature: bytes,
    inverse: int,
    variant: Variant = RANDOMIZED,
) -> bytes:
    """§4.4: unblind the signer's answer and check it; the result is a plain RSA-PSS signature."""
    check_key(public_key)
    n = public_key.public_numbers().n
    z = _modulus_sized_int(blind_signature, n, "blind signature")
    signature = (z * inverse % n).to_bytes(_byte_length(n), "big")
    verify(public_key, message, signature, variant)
    return signature


def verify(
    public_key: rsa.RSAPublicKey,
    message: bytes,
    signature: bytes,
    variant: Variant = RANDOMIZED,
) -> None:
    """§4.5: RSASSA-PSS-VERIFY by ``cryptography``; returns only if the signature is valid."""
    check_key(public_key)
    pss = padding.PSS(mgf=padding.MGF1(hashes.SHA384()), salt_length=variant.salt_length)
    try:
        public_key.verify(signature, message, pss, hashes.SHA384())
    except InvalidSignature:
        raise InvalidSignatureError(
            "the signature does not match this message under this key"
        ) from None


def _rsasp1_crt(numbers: rsa.RSAPrivateNumbers, m: int) -> int:
    s1 = pow(m, numbers.dmp1, numbers.p)
    s2 = pow(m, numbers.dmq1, numbers.q)
    return s2 + numbers.q * (numbers.iqmp * (s1 - s2) % numbers.p)


def _unit_below(n: int) -> int:
    """A uniformly random b in [2, n) with an inverse modulo n."""
    while True:
        b = 2 + secrets.randbelow(n - 2)
        if math.gcd(b, n) == 1:
            return b


def _modulus_sized_int(data: bytes, n: int, what: str) -> int:
    """``data`` as an integer, refused unless it is exactly as long as the modulus (RFC 9474's
    "unexpected input size")."""
    if len(data) != _byte_length(n):
        raise UnexpectedInputSizeError(
            f"the {what} is {len(data)} bytes;"
            f" this {n.bit_length()}-bit key needs exactly {_byte_length(n)}"
        )
    return int.from_bytes(data, "big")


def _byte_length(n: int) -> int:
    return (n.bit_length() + 7) // 8
