"""Address lists for reminders are sealed: authenticated, bound to their wave and unit, under
keys of their own derived from the answer keys."""

import pytest
from cryptography.fernet import Fernet, InvalidToken

from surveyapp.domain.sealed_addresses import AddressListCipher

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()
ADDRESSES = ["sam@example.org", "lee@example.org"]


def test_round_trip_and_no_address_in_the_sealed_text() -> None:
    cipher = AddressListCipher([NEW])
    sealed = cipher.seal(3, 7, ADDRESSES)
    assert cipher.open(sealed, 3, 7) == ADDRESSES
    assert b"example.org" not in sealed and b"sam" not in sealed


def test_a_list_moved_to_another_unit_does_not_open() -> None:
    cipher = AddressListCipher([NEW])
    with pytest.raises(ValueError, match="another wave or unit"):
        cipher.open(cipher.seal(3, 7, ADDRESSES), 3, 8)


def test_rotation_keeps_lists_sealed_under_the_older_key_readable() -> None:
    sealed = AddressListCipher([OLD]).seal(1, 1, ADDRESSES)
    assert AddressListCipher([NEW, OLD]).open(sealed, 1, 1) == ADDRESSES
    with pytest.raises(ValueError, match="cannot be opened"):
        AddressListCipher([NEW]).open(sealed, 1, 1)


def test_the_answer_keys_themselves_cannot_open_a_list() -> None:
    sealed = AddressListCipher([NEW]).seal(1, 1, ADDRESSES)
    with pytest.raises(InvalidToken):
        Fernet(NEW.encode()).decrypt(sealed)


def test_an_answer_key_written_without_its_padding_derives_the_same_keys() -> None:
    sealed = AddressListCipher([NEW]).seal(1, 1, ADDRESSES)
    assert AddressListCipher([NEW.rstrip("=")]).open(sealed, 1, 1) == ADDRESSES
