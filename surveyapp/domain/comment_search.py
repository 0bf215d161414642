"""Search and pages over comment pools the plan publishes, grouped by prompt.

Searching must not become a way to learn about a small group. It only ever narrows pools that
are published as a whole (each pool holds at least ``k_comments`` people's comments, and every
one of them is shown to the reader anyway, a page at a time); it never reaches a hidden pool,
and it reads the texts after redaction, so a search for a removed name or number finds nothing.
What a search tells (which shown comments contain a word, and how many) is what reading the
whole pool tells.

The order is the same on every page, so paging neither repeats nor skips a comment: comments are
sorted by a keyed hash of their text, which looks random and says nothing about when or by whom
a comment was written (the store keeps no order to give away).
"""

from __future__ import annotations

import hashlib
import hmac
import math
from collections.abc import Sequence
from dataclasses import dataclass

PER_PAGE = 20
MAX_QUERY = 100


@dataclass(frozen=True)
class PromptComments:
    prompt: str
    hidden: str | None
    """Why the pool is not published (then it has no comments and is never searched)."""
    published: int
    matching: int
    texts: tuple[str, ...]
    """The matching comments that fall on the page shown."""


@dataclass(frozen=True)
class CommentsPage:
    query: str
    page: int
    pages: int
    matching: int
    prompts: tuple[PromptComments, ...]
    first: int
    """The position of the page's first comment among all matching ones (1-based, 0: none)."""

    @property
    def last(self) -> int:
        return self.first + sum(len(p.texts) for p in self.prompts) - (1 if self.first else 0)


def clean_query(raw: str | None) -> str:
    return " ".join((raw or "").split())[:MAX_QUERY]


def _order(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def search_comments(
    pools: Sequence[tuple[str, str | None, Sequence[str]]],
    query: str,
    page: int,
    order_key: bytes,
    per_page: int = PER_PAGE,
) -> CommentsPage:
    """Page ``page`` (held within the pages there are) of the published comments containing
    ``query`` (case-insensitive; every comment if empty), grouped by prompt in bank order."""
    needle = query.casefold()
    matched = []
    for prompt, hidden, texts in pools:
        found = sorted(
            (t for t in texts if hidden is None and needle in t.casefold()),
            key=lambda t: _order(order_key, t),
        )
        matched.append((prompt, hidden, len(texts) if hidden is None else 0, found))
    total = sum(len(found) for *_, found in matched)
    pages = max(1, math.ceil(total / per_page))
    page = min(max(page, 1), pages)
    start, end = (page - 1) * per_page, page * per_page
    prompts, seen = [], 0
    for prompt, hidden, published, found in matched:
        shown = found[max(0, start - seen) : max(0, end - seen)]
        seen += len(found)
        prompts.append(PromptComments(prompt, hidden, published, len(found), tuple(shown)))
    return CommentsPage(query, page, pages, total, tuple(prompts), start + 1 if total else 0)
