"""Minimum group sizes, and the rule that they only ever rise once a wave has opened.

Lowering a threshold mid-wave would publish groups that respondents were promised would stay
hidden when they answered, so it is refused here rather than left to each caller.
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


def check_threshold_change(
    *,
    old_k: int,
    new_k: int,
    old_k_comments: int,
    new_k_comments: int,
    wave_opened: bool,
) -> None:
    """Refuse invalid thresholds, and any lowering once the wave has opened."""
    check_thresholds(new_k, new_k_comments)
    if wave_opened and (new_k < old_k or new_k_comments < old_k_comments):
        raise ThresholdError("thresholds cannot be lowered for a wave that has opened")
