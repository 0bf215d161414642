"""The plaintext of one sealed comment: its unit, its prompt and its text, padded to a bucket.

``unit (4 bytes) | prompt (1 byte) | text length (4 bytes) | UTF-8 text | zeros``, padded to the
smallest bucket that holds it, so a stored comment shows only which of a few sizes it falls in.
The buckets hold any comment a bank allows (at most 2,000 characters, 8,000 bytes of UTF-8).
There is no response id: a comment cannot be joined to an answer pattern.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

BUCKETS = (512, 2048, 8192)
HEADER = struct.Struct("<IBI")


@dataclass(frozen=True)
class DecodedComment:
    unit_id: int
    prompt: int
    text: str


def encode_comment(unit_id: int, prompt: int, text: str) -> bytes:
    data = text.encode("utf-8")
    needed = HEADER.size + len(data)
    size = next((bucket for bucket in BUCKETS if bucket >= needed), None)
    if size is None:
        raise ValueError(f"a comment of {len(data)} bytes is longer than any bucket")
    return HEADER.pack(unit_id, prompt, len(data)) + data + bytes(size - needed)


def decode_comment(plaintext: bytes) -> DecodedComment:
    unit_id, prompt, length = HEADER.unpack_from(plaintext)
    start = HEADER.size
    return DecodedComment(unit_id, prompt, plaintext[start : start + length].decode("utf-8"))


def comment_unit_and_prompt(plaintext: bytes) -> tuple[int, int]:
    unit_id, prompt, _length = HEADER.unpack_from(plaintext)
    return unit_id, prompt
