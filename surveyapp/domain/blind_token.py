"""The token a respondent keeps between signing in and answering: message and signature as text.

``sv1.<wave>.<key id>.<message>.<signature>``, the last two base64url without padding. It names
its wave and the key it was signed with (the key id is the start of the unit key's published
fingerprint, the same for every member of the unit), so the server knows which key to check it
with; it says nothing of who signed in. The message is the browser's random prepared message and
the signature the finalized RFC 9474 signature: neither was ever seen by the server at signing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from surveyapp.domain.blind_rsa import base64url
from surveyapp.domain.blind_rsa.errors import BlindSignatureError

VERSION = "sv1"
KEY_ID_LENGTH = 16
MAX_TOKEN_LENGTH = 2000
_SHAPE = re.compile(r"^sv1\.(\d{1,10})\.([0-9a-f]{16})\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$")
LARGEST_WAVE_ID = 2**31 - 1
"""A wave's key is a 32-bit ``integer`` on PostgreSQL: a larger number names no wave."""


class UnreadableToken(ValueError):
    """The text is not a token of this form (cut short, extra characters, another format)."""


@dataclass(frozen=True)
class BlindToken:
    wave_id: int
    key_id: str
    message: bytes
    signature: bytes

    def text(self) -> str:
        return ".".join(
            (
                VERSION,
                str(self.wave_id),
                self.key_id,
                base64url.encode(self.message),
                base64url.encode(self.signature),
            )
        )


def key_id_of(fingerprint: str) -> str:
    """A unit key's id: the first 16 hex digits of its fingerprint (64 bits, enough to pick
    one of a wave's keys; the full fingerprint is what people compare)."""
    return fingerprint[:KEY_ID_LENGTH]


def parse_token(text: str) -> BlindToken:
    """The token in pasted text (spaces and line breaks ignored); ``UnreadableToken`` if none."""
    cleaned = "".join(text.split())
    if len(cleaned) > MAX_TOKEN_LENGTH:
        raise UnreadableToken("too long")
    found = _SHAPE.match(cleaned)
    if found is None or int(found[1]) > LARGEST_WAVE_ID:
        raise UnreadableToken("not a token")
    try:
        message = base64url.decode(found[3])
        signature = base64url.decode(found[4])
    except (BlindSignatureError, ValueError) as error:
        raise UnreadableToken("not base64url") from error
    return BlindToken(int(found[1]), found[2], message, signature)
