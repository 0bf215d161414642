import pytest

from surveyapp.domain.password_rule import MIN_LENGTH, password_problem

EMAIL = "sam.jones@example.org"


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short pass", f"at least {MIN_LENGTH} characters"),
        ("x" * 201, "200 characters or fewer"),
        ("Password1234!", "too easy to guess: this is similar to a commonly used password"),
        ("aaaaaaaaaaaaaaaa", "too easy to guess"),
        ("sam.jones2026!", "too easy to guess"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(password: str, problem: str) -> None:
    found = password_problem(password, [EMAIL])
    assert found is not None and problem in found


@pytest.mark.parametrize(
    "password", ["correct horse battery staple", "plum ferry quietly 91 lanterns"]
)
def test_long_passphrases_pass(password: str) -> None:
    assert password_problem(password, [EMAIL]) is None
