import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from surveyapp.domain.tokens import (
    TOKEN_LENGTH,
    format_code,
    new_token,
    normalise,
    token_hash,
)


def test_tokens_carry_at_least_128_random_bits() -> None:
    token = new_token()
    assert len(token) == TOKEN_LENGTH
    assert TOKEN_LENGTH * math.log2(32) >= 128
    assert len({new_token() for _ in range(2000)}) == 2000


def test_code_is_grouped_in_fours() -> None:
    token = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    assert format_code(token) == "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ"


@given(st.builds(lambda _: new_token(), st.integers()))
def test_typing_the_code_back_gives_the_token(token: str) -> None:
    code = format_code(token)
    assert normalise(code) == token
    assert normalise(code.lower().replace("-", " ")) == token


def test_look_alikes_are_forgiven() -> None:
    token = "OIBAAAAAAAAAAAAAAAAAAAAAAA"
    assert normalise("01" + "8" + "A" * 23) == token


@pytest.mark.parametrize("typed", ["", "ABC", "A" * 27, "A" * 25 + "!", "A" * 25 + "9"])
def test_impossible_codes_are_refused(typed: str) -> None:
    assert normalise(typed) is None


def test_hash_is_keyed() -> None:
    token = new_token()
    assert token_hash("pepper-1", token) == token_hash("pepper-1", token)
    assert token_hash("pepper-1", token) != token_hash("pepper-2", token)
    assert token not in token_hash("pepper-1", token)
    assert len(token_hash("pepper-1", token)) == 64
