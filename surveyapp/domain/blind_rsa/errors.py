"""What can go wrong in a blind-signature exchange, one class per failure the RFC names.

Every class is a ``BlindSignatureError`` (itself a ``ValueError``), so a caller that only needs
"refuse this request" catches one class; the message says what was wrong in words a log reader
or an admin understands, and never repeats the message, the blind or the signature.
"""

from __future__ import annotations


class BlindSignatureError(ValueError):
    """Base class: the input or the key cannot be used, and nothing was signed or accepted."""


class UnsuitableKeyError(BlindSignatureError):
    """The key is not RSA, or its size is outside what this deployment accepts."""


class EncodingError(BlindSignatureError):
    """EMSA-PSS cannot encode into a modulus this small (RFC 8017 §9.1.1, "encoding error")."""


class InvalidInputError(BlindSignatureError):
    """The encoded message shares a factor with the modulus (RFC 9474 §4.2, "invalid input")."""


class BlindingError(BlindSignatureError):
    """The blind has no inverse modulo n (RFC 9474 §4.2, "blinding error")."""


class UnexpectedInputSizeError(BlindSignatureError):
    """A blinded message or blind signature is not exactly as long as the modulus."""


class MessageOutOfRangeError(BlindSignatureError):
    """A blinded message is not below the modulus (RFC 8017 §5.2.1, "message representative
    out of range")."""


class SigningFailureError(BlindSignatureError):
    """The signature just computed does not check out; it was withheld (RFC 9474 §4.3).

    A faulty signature can leak the private key (a fault in one CRT half reveals a factor of n),
    so this means a corrupt key or faulty hardware and must be investigated, not retried blindly.
    """


class InvalidSignatureError(BlindSignatureError):
    """The signature is not a valid RSASSA-PSS signature of this message under this key."""


class MalformedInputError(BlindSignatureError):
    """Text that should carry a key, message or signature is not what it claims to be."""
