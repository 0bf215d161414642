"""Signing keys for blind signatures: making one, the public key's published forms, fingerprints.

A unit's public key is published (on a public page and in the survey page) so that members can
check they all got the same one: a key per person would link each signature to its holder.
The published form is the SubjectPublicKeyInfo (SPKI) DER with the plain ``rsaEncryption``
algorithm identifier, as base64url or PEM. RFC 9474 also allows the ``id-RSASSA-PSS`` identifier
with PSS parameters, but WebCrypto in Chromium refuses to import that form (``DataError``), and the
browser must import the key to check its signature, so it is read here but never written.
The fingerprint is SHA-256 over the published DER, so it is the same whichever form was loaded.
"""

from __future__ import annotations

import hashlib

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from surveyapp.domain.blind_rsa import base64url
from surveyapp.domain.blind_rsa.errors import UnsuitableKeyError

MIN_KEY_BITS = 2048
MAX_KEY_BITS = 4096
KEY_SIZES = (2048, 3072, 4096)
PUBLIC_EXPONENT = 65537


def generate_signing_key(bits: int = MIN_KEY_BITS) -> rsa.RSAPrivateKey:
    """A fresh RSA key for one unit and one wave (2048, 3072 or 4096 bits, e = 65537)."""
    if bits not in KEY_SIZES:
        raise UnsuitableKeyError(f"a signing key has 2048, 3072 or 4096 bits, not {bits}")
    return rsa.generate_private_key(public_exponent=PUBLIC_EXPONENT, key_size=bits)


def check_key(key: rsa.RSAPublicKey | rsa.RSAPrivateKey) -> None:
    """Refuse anything but an RSA key of 2048 to 4096 bits."""
    if not isinstance(key, rsa.RSAPublicKey | rsa.RSAPrivateKey):
        raise UnsuitableKeyError("blind signatures need an RSA key")
    if not MIN_KEY_BITS <= key.key_size <= MAX_KEY_BITS:
        raise UnsuitableKeyError(
            f"a {key.key_size}-bit key is outside the {MIN_KEY_BITS} to {MAX_KEY_BITS} bits allowed"
        )


def public_key_der(key: rsa.RSAPublicKey) -> bytes:
    return key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def public_key_pem(key: rsa.RSAPublicKey) -> str:
    pem = key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return pem.decode("ascii")


def public_key_base64url(key: rsa.RSAPublicKey) -> str:
    """The SPKI DER as base64url: what the survey page hands to ``blind-entry.js``."""
    return base64url.encode(public_key_der(key))


def key_fingerprint(key: rsa.RSAPublicKey) -> str:
    """SHA-256 of the SPKI DER, 64 lower-case hex digits: short enough to compare by eye."""
    return hashlib.sha256(public_key_der(key)).hexdigest()


def load_public_key_der(der: bytes) -> rsa.RSAPublicKey:
    """An SPKI DER public key (``rsaEncryption`` or ``id-RSASSA-PSS``), checked for size."""
    try:
        key = serialization.load_der_public_key(der)
    except ValueError:
        raise UnsuitableKeyError("this is not a public key in SubjectPublicKeyInfo DER") from None
    return _checked_public(key)


def load_public_key_pem(pem: str) -> rsa.RSAPublicKey:
    try:
        key = serialization.load_pem_public_key(pem.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        raise UnsuitableKeyError("this is not a PEM public key") from None
    return _checked_public(key)


def load_public_key_base64url(text: str) -> rsa.RSAPublicKey:
    return load_public_key_der(base64url.decode(text, "public key"))


def _checked_public(key: object) -> rsa.RSAPublicKey:
    if not isinstance(key, rsa.RSAPublicKey):
        raise UnsuitableKeyError("blind signatures need an RSA public key")
    check_key(key)
    return key
