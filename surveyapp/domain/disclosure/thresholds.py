"""Minimum group sizes: never below ``MINIMUM_K``, and comments' at least the scores'.

A wave copies its thresholds when it opens and they never change after (``services.waves``):
lowering one mid-wave would publish groups that respondents were promised would stay hidden.
"""

from __future__ import annotations

MINIMUM_K = 3
"""No deployment or wave may publish a group smaller than this, whatever it is configured to:
the settings, the opening of a wave and the database's own check (``Wave``) all use it."""


class ThresholdError(ValueError):
    """A threshold that would weaken the promise made to respondents."""


def check_thresholds(k: int, k_comments: int) -> None:
    if k < MINIMUM_K:
        raise ThresholdError(f"k must be at least {MINIMUM_K}, got {k}")
    if k_comments < k:
        raise ThresholdError(f"k_comments ({k_comments}) must be at least k ({k})")
