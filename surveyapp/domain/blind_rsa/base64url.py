"""Base64url without padding (RFC 4648 §5): how keys, messages and signatures travel as text.

It is what the browser side (``static/blind-entry.js``) writes and reads, safe in URLs, form
fields and JSON alike. Decoding is strict: a character outside the alphabet is an error, not
silently dropped as ``base64.urlsafe_b64decode`` would.
"""

from __future__ import annotations

import base64
import re

from surveyapp.domain.blind_rsa.errors import MalformedInputError

ALPHABET = re.compile(r"[A-Za-z0-9_-]*")


def encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def decode(text: str, what: str = "value") -> bytes:
    """The bytes behind ``text``; ``what`` names the field in the error message."""
    if len(text) % 4 == 1 or not ALPHABET.fullmatch(text):
        raise MalformedInputError(f"the {what} is not base64url text")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
