"""A hash chain over audit entries, so an edited, deleted or reordered entry is detected.

Each entry's hash covers its own fields and the previous entry's hash. Staff accounts are named
(who looked at what is the point); respondents never appear in the trail.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .wording import words

GENESIS = "0" * 64


def entry_hash(previous: str, fields: Mapping[str, object]) -> str:
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(f"{previous}\n{canonical}".encode("ascii")).hexdigest()


@dataclass(frozen=True)
class ChainedEntry:
    sequence: int
    fields: Mapping[str, object]
    previous_hash: str
    hash: str


@dataclass(frozen=True)
class ChainProblem:
    sequence: int
    message: str


def chain(
    fields: Iterable[Mapping[str, object]], start: int = 1, previous: str = GENESIS
) -> list[ChainedEntry]:
    """Link entries in order (used for tests and for appending a batch)."""
    linked = []
    for offset, item in enumerate(fields):
        digest = entry_hash(previous, item)
        linked.append(ChainedEntry(start + offset, dict(item), previous, digest))
        previous = digest
    return linked


def verify_chain(entries: Sequence[ChainedEntry]) -> list[ChainProblem]:
    """Every break in the chain: a changed entry, a gap (deletion) or an entry out of order."""
    problems = []
    previous, expected = GENESIS, 1
    for entry in entries:
        if entry.sequence != expected:
            message = (
                words("entry %(n)s is missing", n=expected)
                if entry.sequence > expected
                else words("entry %(n)s is out of order", n=expected)
            )
            problems.append(ChainProblem(expected, message))
        if entry.previous_hash != previous:
            problems.append(
                ChainProblem(
                    entry.sequence,
                    words("entry %(n)s does not follow the one before", n=entry.sequence),
                )
            )
        if entry_hash(entry.previous_hash, entry.fields) != entry.hash:
            problems.append(
                ChainProblem(
                    entry.sequence,
                    words("entry %(n)s was changed after it was written", n=entry.sequence),
                )
            )
        previous, expected = entry.hash, entry.sequence + 1
    return problems
