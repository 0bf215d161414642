"""Carried answers: one sealed value of one length per bank, that opens only for its own entry."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from surveyapp.domain.banks import load_bank
from surveyapp.domain.carried_seal import CarriedSeal, UnreadableAnswers, sealed_length
from surveyapp.paths import SURVEYS

BANK = load_bank(SURVEYS / "social-work-pulse.toml")
SEAL = CarriedSeal("test-secret-key")
CHOICES = [q.key for q in BANK.questions] + [d.key for d in BANK.demographics]
LIMITS = {prompt.key: prompt.max_length for prompt in BANK.comments}
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=1000)

answers = st.fixed_dictionaries(
    {},
    optional={
        **{
            key: st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=64)
            for key in CHOICES
        },
        **{key: TEXT for key in LIMITS},
    },
)


@settings(max_examples=200, deadline=None)
@given(answers)
def test_any_answers_seal_to_one_length_and_open_whole(given_answers: dict[str, str]) -> None:
    given_answers = {
        key: value
        for key, value in given_answers.items()
        if len(value.encode()) <= 64 or key in LIMITS
    }
    sealed = SEAL.seal(BANK, given_answers, "nonce-1")
    assert len(sealed) == sealed_length(BANK)
    assert SEAL.open(BANK, sealed, "nonce-1") == {k: v for k, v in given_answers.items() if v}


def test_the_widest_comments_fit() -> None:
    widest = {key: "\U0001f9e1" * limit for key, limit in LIMITS.items()}
    assert SEAL.open(BANK, SEAL.seal(BANK, widest, "n"), "n") == widest


def test_what_no_browser_sends_is_cut_to_fit() -> None:
    """Over-long values come only from a changed form; they are cut and the check refuses them."""
    opened = SEAL.open(
        BANK, SEAL.seal(BANK, {"role": "x" * 500, "comment_keep_v1": "é" * 5000}, "n"), "n"
    )
    assert opened == {"role": "x" * 64, "comment_keep_v1": "é" * LIMITS["comment_keep_v1"]}


@pytest.mark.parametrize(
    ("secret", "bound_to"),
    [("test-secret-key", "another-entry"), ("another-secret", "nonce-1")],
)
def test_it_opens_only_with_its_key_and_entry(secret: str, bound_to: str) -> None:
    sealed = SEAL.seal(BANK, {"morale_valued_v1": "4"}, "nonce-1")
    with pytest.raises(UnreadableAnswers):
        CarriedSeal(secret).open(BANK, sealed, bound_to)


def _damaged(sealed: str, damage: str) -> str:
    if damage == "short":
        return sealed[:-4]
    if damage == "not base64":
        return "!" * 20 + sealed[20:]
    return sealed[:30] + ("A" if sealed[30] != "A" else "B") + sealed[31:]


@pytest.mark.parametrize("damage", ["short", "not base64", "one character changed"])
def test_a_damaged_value_does_not_open(damage: str) -> None:
    sealed = SEAL.seal(BANK, {"morale_valued_v1": "4"}, "n")
    with pytest.raises(UnreadableAnswers):
        SEAL.open(BANK, _damaged(sealed, damage), "n")


def test_two_seals_of_the_same_answers_differ() -> None:
    """A fresh nonce each time: two pages of one journey cannot be matched by their value."""
    same = {"morale_valued_v1": "4"}
    assert SEAL.seal(BANK, same, "n") != SEAL.seal(BANK, same, "n")
