"""Statistics against values worked out by hand (and cross-checked with R's prop.test)."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from surveyapp.domain.scoring import (
    Band,
    agreement_score,
    band_of,
    pooled_score,
    recommend_score,
    share_within,
    two_proportion_test,
    wilson_interval,
)


def test_wilson_interval_by_hand() -> None:
    # 8 of 10: p=0.8, z=1.96 -> centre 0.7170, half-width 0.2154 -> 49.0% to 94.3%
    low, high = wilson_interval(8, 10)
    assert (round(low, 1), round(high, 1)) == (49.0, 94.3)
    low, high = wilson_interval(0, 5)
    assert low == 0.0 and round(high, 1) == 43.4
    assert wilson_interval(5, 5)[1] == 100.0


@given(st.integers(1, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_interval_contains_the_proportion(pair: tuple[int, int]) -> None:
    successes, n = pair
    low, high = wilson_interval(successes, n)
    assert 0 <= low <= 100 * successes / n <= high <= 100


def test_wilson_refuses_nonsense() -> None:
    with pytest.raises(ValueError):
        wilson_interval(1, 0)
    with pytest.raises(ValueError):
        wilson_interval(6, 5)


def test_two_proportion_test_by_hand() -> None:
    # 30/50 vs 45/60: pooled 75/110; z = 0.15 / sqrt(.6818 * .3182 * (1/50 + 1/60)) = 1.6818;
    # p = 0.0926 (R: prop.test(c(30, 45), c(50, 60), correct = FALSE) gives p-value = 0.0926)
    result = two_proportion_test(30, 50, 45, 60)
    assert round(result.z, 3) == 1.682
    assert round(result.p_value, 4) == 0.0926
    assert not result.is_significant
    strong = two_proportion_test(20, 100, 45, 100)
    assert strong.is_significant and strong.z > 0
    assert two_proportion_test(5, 5, 7, 7).p_value == 1.0


def test_agreement_score_with_reverse_coding() -> None:
    distribution = {"1": 2, "2": 3, "3": 1, "4": 3, "5": 1}
    plain = agreement_score(distribution, is_reverse_coded=False)
    assert (plain.favourable, plain.n, plain.mean) == (4, 10, 2.8)
    assert plain.percent == 40.0 and plain.band is Band.LOW
    reverse = agreement_score(distribution, is_reverse_coded=True)
    assert (reverse.favourable, reverse.mean) == (5, 3.2)


def test_theme_pools_its_questions() -> None:
    a = agreement_score({"5": 8, "1": 2}, False)
    b = agreement_score({"4": 1, "2": 9}, False)
    theme = pooled_score([a, b])
    assert (theme.favourable, theme.n) == (9, 20)
    assert math.isclose(theme.mean, (a.mean * 10 + b.mean * 10) / 20)


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0, Band.LOW),
        (50.4, Band.LOW),
        (50.6, Band.MODERATE),
        (74.4, Band.MODERATE),
        (75, Band.HIGH),
        (100, Band.HIGH),
    ],
)
def test_lga_bands(score: float, band: Band) -> None:
    assert band_of(score) is band


def test_recommend_score() -> None:
    result = recommend_score({"10": 3, "9": 2, "8": 4, "7": 1, "6": 5, "0": 5})
    assert (result.promoters, result.passives, result.detractors) == (5, 5, 10)
    assert result.score == -25.0


def test_supervision_within_the_standard() -> None:
    days = {"week": 7, "fortnight": 14, "month": 31, "two_months": 62, "never": None}
    distribution = {"week": 2, "fortnight": 3, "month": 4, "two_months": 5, "never": 1}
    assert share_within(distribution, days, 31) == (9, 15)
    assert share_within(distribution, days, 14) == (5, 15)


@pytest.mark.parametrize("bad", [{"6": 1}, {"0": 1}])
def test_out_of_range_agreement_is_refused(bad: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        agreement_score(bad, False)


def test_empty_inputs_are_refused() -> None:
    with pytest.raises(ValueError):
        agreement_score({}, False)
    with pytest.raises(ValueError):
        pooled_score([])
    with pytest.raises(ValueError):
        recommend_score({})
    with pytest.raises(ValueError):
        recommend_score({"11": 1})
    with pytest.raises(ValueError):
        two_proportion_test(0, 0, 1, 1)
