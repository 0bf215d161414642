"""The answers a respondent has given so far, sealed into one fixed-length value for the next page.

Nothing is stored before the final submit, so each page carries the answers of the others. In
plain hidden fields they would make a page's size depend on what was answered (a TLS observer or
an access log that records sizes could read answers from it: DESIGN.md §3.8), and a shared PC's
form history or saved page would hold them readable. So they travel as one authenticated
ciphertext (AES-GCM) of a fixed-width encoding: every answer of the bank has a slot wide enough
for any valid answer (a comment's slot holds its longest text in the widest UTF-8), so every
sealed value of a bank has the same length whatever was answered, skipped or typed.

The key is derived from the app's secret with HKDF, and a sealed value is bound to the entry it
was made for (its one-time nonce, which only that respondent's session holds): pasted into
another respondent's page it does not open, so nobody can use the survey to read another
person's sealed answers back.
"""

from __future__ import annotations

import base64
import binascii
import os
from collections.abc import Iterator, Mapping
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from .banks import Bank

CHOICE_SLOT = 64
"""Bytes for a choice, scale or band answer: any key a bank may use fits (64 characters at most)."""
BYTES_PER_CHARACTER = 4  # the most UTF-8 needs for one character
LENGTH_BYTES = 2
NONCE_BYTES = 12
TAG_BYTES = 16
PURPOSE = b"staff-voice/carried-answers/v1"


class UnreadableAnswers(ValueError):
    """A sealed value that does not open here: altered, from another entry, or another key."""


def _slots(bank: Bank) -> Iterator[tuple[str, int, int | None]]:
    """(answer key, slot bytes, comment max length or None), in a fixed order for the bank."""
    for question in bank.questions:
        yield question.key, CHOICE_SLOT, None
    for demographic in bank.demographics:
        yield demographic.key, CHOICE_SLOT, None
    for prompt in bank.comments:
        yield prompt.key, prompt.max_length * BYTES_PER_CHARACTER, prompt.max_length


def plain_length(bank: Bank) -> int:
    return sum(LENGTH_BYTES + width for _key, width, _limit in _slots(bank))


def sealed_length(bank: Bank) -> int:
    """Characters of every sealed value of ``bank``."""
    raw = NONCE_BYTES + plain_length(bank) + TAG_BYTES
    return len(base64.urlsafe_b64encode(bytes(raw)))


def _fitted(value: str, width: int, limit: int | None) -> bytes:
    """The value's bytes within its slot. Only a value no browser sends can be too wide: a
    comment keeps its first ``limit`` characters (which always fit), a choice its first bytes
    (still too long to be a valid key, so the final check refuses it as before)."""
    if limit is not None:
        value = value[:limit] if len(value.encode("utf-8")) > width else value
        return value.encode("utf-8")
    return value.encode("utf-8")[:width].decode("utf-8", "ignore").encode("utf-8")


def encode(bank: Bank, answers: Mapping[str, str]) -> bytes:
    """The fixed-width plain text: a length and the padded bytes of every slot."""
    out = bytearray()
    for key, width, limit in _slots(bank):
        data = _fitted(answers.get(key, ""), width, limit)
        out += len(data).to_bytes(LENGTH_BYTES, "big") + data + bytes(width - len(data))
    return bytes(out)


def decode(bank: Bank, plain: bytes) -> dict[str, str]:
    if len(plain) != plain_length(bank):
        raise UnreadableAnswers("the answers were sealed for another question bank")
    answers: dict[str, str] = {}
    at = 0
    for key, width, _limit in _slots(bank):
        size = int.from_bytes(plain[at : at + LENGTH_BYTES], "big")
        at += LENGTH_BYTES
        if size > width:
            raise UnreadableAnswers("a slot is longer than its width")
        if size:
            answers[key] = plain[at : at + size].decode("utf-8")
        at += width
    return answers


@lru_cache(maxsize=8)
def _cipher(secret: str) -> AESGCM:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=PURPOSE).derive(
        secret.encode("utf-8")
    )
    return AESGCM(key)


def _binding(bank: Bank, bound_to: str) -> bytes:
    return b"|".join((PURPOSE, bank.key.encode(), bank.version.encode(), bound_to.encode()))


class CarriedSeal:
    """Seals and opens carried answers with a key derived from ``secret`` (the app's secret)."""

    def __init__(self, secret: str) -> None:
        if not secret:
            raise ValueError("a secret is needed to seal answers")
        self._aead = _cipher(secret)

    def seal(self, bank: Bank, answers: Mapping[str, str], bound_to: str) -> str:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, encode(bank, answers), _binding(bank, bound_to))
        return base64.urlsafe_b64encode(nonce + sealed).decode("ascii")

    def open(self, bank: Bank, sealed: str, bound_to: str) -> dict[str, str]:
        if len(sealed) != sealed_length(bank):
            raise UnreadableAnswers("the sealed answers are not of this survey's length")
        try:
            raw = base64.urlsafe_b64decode(sealed.encode("ascii"))
            plain = self._aead.decrypt(
                raw[:NONCE_BYTES], raw[NONCE_BYTES:], _binding(bank, bound_to)
            )
            return decode(bank, plain)
        except (binascii.Error, UnicodeError, InvalidTag):
            raise UnreadableAnswers("the sealed answers do not open with this entry") from None
