"""Rule 4: live results of an open wave come out only in steps of at least k new responses.

Without steps, a manager refreshing the page after a colleague submits would see exactly one
response's effect. A snapshot that may not be released is planned with every cell hidden
(``not_released``), so it can be stored for the record but shows nothing; viewers keep the last
released plan.
"""

from __future__ import annotations

from surveyapp.domain.disclosure.thresholds import check_thresholds


def may_release_snapshot(*, last_released_total: int, current_total: int, k: int) -> bool:
    """True when at least k responses arrived since the last released snapshot (0 if none)."""
    check_thresholds(k, k)
    if last_released_total < 0 or current_total < 0:
        raise ValueError("response totals cannot be negative")
    if current_total < last_released_total:
        raise ValueError("a snapshot cannot hold fewer responses than the last released one")
    return current_total - last_released_total >= k
