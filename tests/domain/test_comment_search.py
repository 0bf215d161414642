"""Search and pages over published comment pools: only published pools, a stable order, every
comment once across the pages."""

from __future__ import annotations

from surveyapp.domain.comment_search import clean_query, search_comments

KEEP = [f"Keep the team meetings {i}" for i in range(25)] + ["Supervision is GOOD"]
CHANGE = [f"Fewer forms {i}" for i in range(9)] + ["better supervision please"]
POOLS = [
    ("What should we keep?", None, KEEP),
    ("What should change?", None, CHANGE),
    ("A hidden pool", "fewer than 10 people commented", []),
]


def test_pages_hold_every_comment_once_in_the_same_order_each_time() -> None:
    pages = [search_comments(POOLS, "", number, b"key") for number in (1, 2, 3)]
    assert [p.pages for p in pages] == [2, 2, 2]
    assert pages[2].page == 2  # past the end: the last page
    shown = [t for p in pages[:2] for group in p.prompts for t in group.texts]
    assert sorted(shown) == sorted(KEEP + CHANGE)
    assert search_comments(POOLS, "", 1, b"key") == pages[0]
    assert (pages[0].first, pages[0].last, pages[1].first, pages[1].last) == (1, 20, 21, 36)
    first_keep = pages[0].prompts[0].texts
    assert list(first_keep) != KEEP[:20]  # not the order they were given in


def test_search_is_case_insensitive_and_narrows_each_published_pool() -> None:
    found = search_comments(POOLS, "SUPERVISION", 1, b"key")
    assert found.matching == 2
    keep, change, hidden = found.prompts
    assert (keep.matching, keep.published, keep.texts) == (1, 26, ("Supervision is GOOD",))
    assert change.texts == ("better supervision please",)
    assert (hidden.hidden, hidden.published, hidden.texts) == (
        "fewer than 10 people commented",
        0,
        (),
    )
    nothing = search_comments(POOLS, "absent", 1, b"key")
    assert (nothing.matching, nothing.first, nothing.last, nothing.pages) == (0, 0, 0, 1)


def test_a_query_is_trimmed_and_bounded() -> None:
    assert clean_query("  two   words ") == "two words"
    assert clean_query(None) == ""
    assert len(clean_query("x" * 500)) == 100
