"""The bank as one wave asks it: a first wave leaves out the follow-up questions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from .model import Bank


class AskedWave(Protocol):
    """A wave (``models.Wave``, or the respondent pages' ``WaveFacts``)."""

    @property
    def bank_key(self) -> str: ...

    @property
    def asks_follow_up(self) -> bool: ...


def bank_of(banks: Mapping[str, Bank], wave: AskedWave) -> Bank:
    """The bank as ``wave`` asks it: without its follow-up questions in a first wave."""
    return banks[wave.bank_key].as_asked(wave.asks_follow_up)
