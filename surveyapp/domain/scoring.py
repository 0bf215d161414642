"""Scores, intervals and tests for published distributions (DESIGN.md §4).

Inputs are answer distributions that the publication plan has already released; nothing here
sees a single response. Agreement items are favourable at 4-5 after reverse coding; a theme
pools its questions' answers; a change between waves is "significant" only when a two-sided
two-proportion z-test gives p < 0.05.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

Z_95 = 1.959963984540054
SIGNIFICANCE = 0.05


class Band(enum.StrEnum):
    """LGA health check convention for 0-100 scores."""

    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"


def band_of(score: float) -> Band:
    """0-50 low, 51-74 moderate, 75-100 high (scores are rounded to whole points first)."""
    points = round(score)
    if points <= 50:
        return Band.LOW
    if points <= 74:
        return Band.MODERATE
    return Band.HIGH


def wilson_interval(successes: int, n: int, z: float = Z_95) -> tuple[float, float]:
    """Wilson score interval for a proportion, as percentages; well-behaved for small n."""
    if n <= 0:
        raise ValueError("an interval needs at least one answer")
    if not 0 <= successes <= n:
        raise ValueError("successes must be between 0 and n")
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return 100 * low, 100 * high


@dataclass(frozen=True)
class ChangeTest:
    z: float
    p_value: float

    @property
    def is_significant(self) -> bool:
        return self.p_value < SIGNIFICANCE


def two_proportion_test(x1: int, n1: int, x2: int, n2: int) -> ChangeTest:
    """Two-sided pooled z-test of p1 = p2."""
    if n1 <= 0 or n2 <= 0:
        raise ValueError("both groups need answers")
    pooled = (x1 + x2) / (n1 + n2)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if spread == 0:
        return ChangeTest(0.0, 1.0)
    z = (x2 / n2 - x1 / n1) / spread
    return ChangeTest(z, math.erfc(abs(z) / math.sqrt(2)))


@dataclass(frozen=True)
class AgreementScore:
    """% favourable (4-5 after reverse coding) with its Wilson interval, and the mean (1-5)."""

    favourable: int
    n: int
    mean: float

    @property
    def percent(self) -> float:
        return 100 * self.favourable / self.n

    @property
    def interval(self) -> tuple[float, float]:
        return wilson_interval(self.favourable, self.n)

    @property
    def band(self) -> Band:
        return band_of(self.percent)


def agreement_score(distribution: Mapping[str, int], is_reverse_coded: bool) -> AgreementScore:
    """Score one agreement question from its published distribution ("1".."5" -> count)."""
    favourable = n = 0
    total = 0.0
    for raw, count in distribution.items():
        value = int(raw)
        if not 1 <= value <= 5:
            raise ValueError(f"agreement answers run 1-5, got {raw!r}")
        value = 6 - value if is_reverse_coded else value
        favourable += count if value >= 4 else 0
        total += value * count
        n += count
    if n == 0:
        raise ValueError("no answers to score")
    return AgreementScore(favourable, n, total / n)


def pooled_score(scores: Iterable[AgreementScore]) -> AgreementScore:
    """A theme's score: its questions' answers pooled, so the interval and tests have a base."""
    scores = list(scores)
    n = sum(s.n for s in scores)
    if n == 0:
        raise ValueError("no answers to pool")
    mean = sum(s.mean * s.n for s in scores) / n
    return AgreementScore(sum(s.favourable for s in scores), n, mean)


@dataclass(frozen=True)
class RecommendScore:
    """Promoters (9-10) minus detractors (0-6), in points from -100 to 100."""

    promoters: int
    passives: int
    detractors: int

    @property
    def n(self) -> int:
        return self.promoters + self.passives + self.detractors

    @property
    def score(self) -> float:
        return 100 * (self.promoters - self.detractors) / self.n


def recommend_score(distribution: Mapping[str, int]) -> RecommendScore:
    promoters = passives = detractors = 0
    for raw, count in distribution.items():
        value = int(raw)
        if not 0 <= value <= 10:
            raise ValueError(f"recommend answers run 0-10, got {raw!r}")
        if value >= 9:
            promoters += count
        elif value >= 7:
            passives += count
        else:
            detractors += count
    if promoters + passives + detractors == 0:
        raise ValueError("no answers to score")
    return RecommendScore(promoters, passives, detractors)


def share_within(
    distribution: Mapping[str, int], within_days: Mapping[str, int | None], max_days: int
) -> tuple[int, int]:
    """How many answered a recency question with an option no longer ago than ``max_days``."""
    within = sum(
        count
        for option, count in distribution.items()
        if (days := within_days.get(option)) is not None and days <= max_days
    )
    return within, sum(distribution.values())
