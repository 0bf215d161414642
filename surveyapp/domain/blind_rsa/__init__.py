"""RSA blind signatures (RFC 9474): one response per person, unlinkable to the person's sign-in.

The server needs ``blind_sign`` and ``verify`` and the key helpers; ``prepare``, ``blind`` and
``finalize`` are the client's half, used by the tests and by Python clients (the browser uses
the vendored ``blindrsa-ts`` through ``static/blind-entry.js``, and the two are tested together).
"""

from surveyapp.domain.blind_rsa import base64url
from surveyapp.domain.blind_rsa.errors import (
    BlindingError,
    BlindSignatureError,
    EncodingError,
    InvalidInputError,
    InvalidSignatureError,
    MalformedInputError,
    MessageOutOfRangeError,
    SigningFailureError,
    UnexpectedInputSizeError,
    UnsuitableKeyError,
)
from surveyapp.domain.blind_rsa.keys import (
    KEY_SIZES,
    MAX_KEY_BITS,
    MIN_KEY_BITS,
    generate_signing_key,
    key_fingerprint,
    load_public_key_base64url,
    load_public_key_der,
    load_public_key_pem,
    public_key_base64url,
    public_key_der,
    public_key_pem,
)
from surveyapp.domain.blind_rsa.protocol import (
    DETERMINISTIC,
    PREFIX_LENGTH,
    PSSZERO_DETERMINISTIC,
    PSSZERO_RANDOMIZED,
    RANDOMIZED,
    VARIANTS,
    Blinded,
    Variant,
    blind,
    blind_sign,
    blind_with,
    finalize,
    prepare,
    verify,
)

__all__ = [
    "DETERMINISTIC",
    "KEY_SIZES",
    "MAX_KEY_BITS",
    "MIN_KEY_BITS",
    "PREFIX_LENGTH",
    "PSSZERO_DETERMINISTIC",
    "PSSZERO_RANDOMIZED",
    "RANDOMIZED",
    "VARIANTS",
    "BlindSignatureError",
    "Blinded",
    "BlindingError",
    "EncodingError",
    "InvalidInputError",
    "InvalidSignatureError",
    "MalformedInputError",
    "MessageOutOfRangeError",
    "SigningFailureError",
    "UnexpectedInputSizeError",
    "UnsuitableKeyError",
    "Variant",
    "base64url",
    "blind",
    "blind_sign",
    "blind_with",
    "finalize",
    "generate_signing_key",
    "key_fingerprint",
    "load_public_key_base64url",
    "load_public_key_der",
    "load_public_key_pem",
    "prepare",
    "public_key_base64url",
    "public_key_der",
    "public_key_pem",
    "verify",
]
