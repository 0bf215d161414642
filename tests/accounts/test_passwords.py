"""Passwords are hashed with a memory-hard KDF and verified; weak ones are refused."""

import pytest

from surveyapp.accounts.redirects import local_path
from surveyapp.services.passwords import (
    MIN_LENGTH,
    WeakPassword,
    hash_password,
    new_password,
    verify_password,
)


@pytest.fixture(autouse=True)
def quick_password_hashing() -> None:
    """Overrides the fixture of the same name: these tests check the production cost."""


def test_hash_is_scrypt_with_at_least_16_mib_per_guess_and_verifies() -> None:
    stored = hash_password("correct horse battery staple")
    method, salt, digest = stored.split("$")
    name, n, r, p = method.split(":")
    assert name == "scrypt"
    assert 128 * int(n) * int(r) >= 16 * 1024 * 1024
    assert int(p) >= 1 and len(salt) >= 16 and digest
    assert verify_password(stored, "correct horse battery staple")
    assert not verify_password(stored, "correct horse battery stapler")
    assert hash_password("correct horse battery staple") != stored  # salted


def test_no_stored_hash_never_verifies() -> None:
    assert not verify_password(None, "anything at all")


def test_short_passwords_are_refused() -> None:
    with pytest.raises(WeakPassword):
        hash_password("x" * (MIN_LENGTH - 1))


def test_generated_passwords_are_long_and_different() -> None:
    first, second = new_password(), new_password()
    assert len(first) >= 24 and first != second


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/admin/", "/admin/"),
        ("/insights/waves/1?unit=2", "/insights/waves/1?unit=2"),
        (None, None),
        ("", None),
        ("https://evil.example/", None),
        ("//evil.example/", None),
        ("/\\evil.example", None),
        ("\\\\evil.example", None),
        ("javascript:alert(1)", None),
        ("admin", None),
        ("/admin\r\nLocation: https://evil.example", None),
        ("/" + "a" * 3000, None),
    ],
)
def test_only_local_paths_are_followed_after_sign_in(
    target: str | None, expected: str | None
) -> None:
    assert local_path(target) == expected
