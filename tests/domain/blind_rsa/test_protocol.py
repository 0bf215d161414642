"""Blind signing as the server and a client use it: what is accepted, and what is refused."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from hypothesis import given, settings
from hypothesis import strategies as st

from surveyapp.domain.blind_rsa import (
    DETERMINISTIC,
    PREFIX_LENGTH,
    PSSZERO_RANDOMIZED,
    VARIANTS,
    EncodingError,
    InvalidSignatureError,
    MessageOutOfRangeError,
    SigningFailureError,
    UnexpectedInputSizeError,
    UnsuitableKeyError,
    Variant,
    blind,
    blind_sign,
    finalize,
    generate_signing_key,
    prepare,
    verify,
)
from surveyapp.domain.blind_rsa.emsa_pss import emsa_pss_encode


@pytest.fixture(scope="module")
def keys() -> list[rsa.RSAPrivateKey]:
    """RSA keygen is slow: three keys for the whole module (two units' and a larger one)."""
    return [generate_signing_key(2048), generate_signing_key(2048), generate_signing_key(3072)]


def signed(key: rsa.RSAPrivateKey, message: bytes = b"a random message") -> tuple[bytes, bytes]:
    """The whole exchange with ``key``: the prepared message and its unblinded signature."""
    prepared = prepare(message)
    blinded = blind(key.public_key(), prepared)
    return prepared, finalize(
        key.public_key(), prepared, blind_sign(key, blinded.blinded_message), blinded.inverse
    )


@settings(max_examples=12, deadline=None)
@given(
    message=st.binary(max_size=200),
    variant=st.sampled_from(sorted(VARIANTS.values(), key=lambda v: v.name)),
    which=st.integers(0, 2),
)
def test_any_message_round_trips_under_every_variant(
    keys: list[rsa.RSAPrivateKey], message: bytes, variant: Variant, which: int
) -> None:
    key = keys[which]
    prepared = prepare(message, variant)
    blinded = blind(key.public_key(), prepared, variant)
    blind_signature = blind_sign(key, blinded.blinded_message)
    signature = finalize(key.public_key(), prepared, blind_signature, blinded.inverse, variant)
    verify(key.public_key(), prepared, signature, variant)
    assert len(signature) == key.key_size // 8
    assert signature != blind_signature


def test_prepare_adds_a_fresh_random_prefix_only_when_randomized() -> None:
    first, second = prepare(b"message"), prepare(b"message")
    assert len(first) == PREFIX_LENGTH + len(b"message") and first.endswith(b"message")
    assert first != second
    assert prepare(b"message", DETERMINISTIC) == b"message"


def test_the_same_message_blinds_differently_every_time(keys: list[rsa.RSAPrivateKey]) -> None:
    public_key = keys[0].public_key()
    blinded = {blind(public_key, b"same message", DETERMINISTIC).blinded_message for _ in range(5)}
    assert len(blinded) == 5


def test_the_signer_cannot_tell_which_request_a_signature_came_from(
    keys: list[rsa.RSAPrivateKey],
) -> None:
    """Even with the private key, every (request, signature) pairing is equally consistent: for
    any blinded request b and any signature s there is a blind r with b = s^e * r^e, and the
    signer's answer to b unblinds by that r to exactly s. Nothing singles out the true pairing.
    """
    key = keys[0]
    n, e = key.public_key().public_numbers().n, key.public_key().public_numbers().e
    sessions = []
    for _ in range(2):
        prepared = prepare(b"a message")
        blinded = blind(key.public_key(), prepared)
        blind_signature = blind_sign(key, blinded.blinded_message)
        signature = finalize(key.public_key(), prepared, blind_signature, blinded.inverse)
        sessions.append((blinded.blinded_message, blind_signature, signature))
    for request, answer, _ in sessions:
        for _, _, signature in sessions:
            b, z, s = (int.from_bytes(x, "big") for x in (request, answer, signature))
            r = z * pow(s, -1, n) % n
            assert pow(s, e, n) * pow(r, e, n) % n == b
            assert z * pow(r, -1, n) % n == s


def test_a_signature_from_another_units_key_is_refused(keys: list[rsa.RSAPrivateKey]) -> None:
    message, signature = signed(keys[0])
    with pytest.raises(InvalidSignatureError, match="does not match this message under this key"):
        verify(keys[1].public_key(), message, signature)


def test_a_tampered_signature_or_message_is_refused(keys: list[rsa.RSAPrivateKey]) -> None:
    key = keys[0]
    message, signature = signed(key)
    verify(key.public_key(), message, signature)
    tampered = bytearray(signature)
    tampered[-1] ^= 1
    with pytest.raises(InvalidSignatureError):
        verify(key.public_key(), message, bytes(tampered))
    with pytest.raises(InvalidSignatureError):
        verify(key.public_key(), message[:-1] + bytes([message[-1] ^ 1]), signature)
    with pytest.raises(InvalidSignatureError):
        verify(key.public_key(), message, signature, PSSZERO_RANDOMIZED)


def test_finalize_refuses_a_tampered_blind_signature(keys: list[rsa.RSAPrivateKey]) -> None:
    key = keys[0]
    prepared = prepare(b"message")
    blinded = blind(key.public_key(), prepared)
    blind_signature = bytearray(blind_sign(key, blinded.blinded_message))
    blind_signature[10] ^= 0x40
    with pytest.raises(InvalidSignatureError):
        finalize(key.public_key(), prepared, bytes(blind_signature), blinded.inverse)


def test_finalize_refuses_a_blind_signature_made_with_another_key(
    keys: list[rsa.RSAPrivateKey],
) -> None:
    """The owner's modulus is the larger of the two, and the message is blinded until it is
    below the signer's too: otherwise a range check, not the signature, would refuse it (which
    one depends on the random keys and blinding)."""
    signer, owner = sorted(keys[:2], key=lambda key: key.public_key().public_numbers().n)
    below = signer.public_key().public_numbers().n
    prepared = prepare(b"message")
    blinded = next(
        attempt
        for attempt in (blind(owner.public_key(), prepared) for _ in range(200))
        if int.from_bytes(attempt.blinded_message, "big") < below
    )
    answer = blind_sign(signer, blinded.blinded_message)
    with pytest.raises(InvalidSignatureError):
        finalize(owner.public_key(), prepared, answer, blinded.inverse)


def test_a_blinded_message_out_of_range_is_refused(keys: list[rsa.RSAPrivateKey]) -> None:
    key = keys[0]
    n = key.public_key().public_numbers().n
    for value in (n, n + 1, 2**2048 - 1):
        with pytest.raises(MessageOutOfRangeError, match="not below the key's modulus"):
            blind_sign(key, value.to_bytes(256, "big"))


def test_inputs_of_the_wrong_length_are_refused(keys: list[rsa.RSAPrivateKey]) -> None:
    key = keys[0]
    with pytest.raises(UnexpectedInputSizeError, match="255 bytes;.*needs exactly 256"):
        blind_sign(key, bytes(255))
    with pytest.raises(UnexpectedInputSizeError, match="257 bytes"):
        blind_sign(key, bytes(257))
    prepared = prepare(b"message")
    blinded = blind(key.public_key(), prepared)
    with pytest.raises(UnexpectedInputSizeError, match="blind signature is 384 bytes"):
        finalize(key.public_key(), prepared, bytes(384), blinded.inverse)


def test_blind_sign_withholds_a_faulty_signature(keys: list[rsa.RSAPrivateKey]) -> None:
    """A fault in one CRT half (here a corrupted d mod (p-1), as a bit flip in memory would do)
    gives a wrong signature that would reveal a factor of n; it must never be returned."""
    good = keys[0].private_numbers()
    faulty_numbers = rsa.RSAPrivateNumbers(
        good.p, good.q, good.d, good.dmp1 ^ 2, good.dmq1, good.iqmp, good.public_numbers
    )
    faulty = faulty_numbers.private_key(unsafe_skip_rsa_key_validation=True)
    blinded = blind(keys[0].public_key(), prepare(b"message"))
    with pytest.raises(SigningFailureError, match="failed its own check and was withheld"):
        blind_sign(faulty, blinded.blinded_message)
    assert blind_sign(keys[0], blinded.blinded_message)


def test_keys_outside_the_allowed_sizes_are_refused() -> None:
    small = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    with pytest.raises(UnsuitableKeyError, match="1024-bit key is outside the 2048 to 4096"):
        blind_sign(small, bytes(128))
    with pytest.raises(UnsuitableKeyError):
        blind(small.public_key(), b"message")
    with pytest.raises(UnsuitableKeyError):
        verify(small.public_key(), b"message", bytes(128))


def test_a_modulus_too_small_for_the_encoding_is_an_encoding_error() -> None:
    """98 bytes are the least for SHA-384 with a 48-byte salt (RFC 8017 §9.1.1 step 3)."""
    assert len(emsa_pss_encode(b"m", 98 * 8, bytes(48))) == 98
    with pytest.raises(EncodingError, match="776-bit modulus is too small"):
        emsa_pss_encode(b"m", 97 * 8 - 1, bytes(48))
