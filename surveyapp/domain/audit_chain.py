"""A hash chain over audit entries, so an edited, deleted or reordered entry is detected.

Each entry's hash covers its own fields and the previous entry's hash. Staff accounts are named
(who looked at what is the point); respondents never appear in the trail.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

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
            what = "missing" if entry.sequence > expected else "out of order"
            problems.append(ChainProblem(expected, f"entry {expected} is {what}"))
        if entry.previous_hash != previous:
            problems.append(
                ChainProblem(
                    entry.sequence, f"entry {entry.sequence} does not follow the one before"
                )
            )
        if entry_hash(entry.previous_hash, entry.fields) != entry.hash:
            problems.append(
                ChainProblem(
                    entry.sequence, f"entry {entry.sequence} was changed after it was written"
                )
            )
        previous, expected = entry.hash, entry.sequence + 1
    return problems
