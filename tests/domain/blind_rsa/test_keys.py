"""Signing keys: sizes allowed, the published forms round-trip, one fingerprint per key."""

from __future__ import annotations

import hashlib

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from surveyapp.domain.blind_rsa import (
    MalformedInputError,
    UnsuitableKeyError,
    base64url,
    generate_signing_key,
    key_fingerprint,
    load_public_key_base64url,
    load_public_key_der,
    load_public_key_pem,
    public_key_base64url,
    public_key_der,
    public_key_pem,
)

RSA_ENCRYPTION_ALGORITHM = bytes.fromhex("300d06092a864886f70d0101010500")
# AlgorithmIdentifier id-RSASSA-PSS with SHA-384, MGF1-SHA-384, salt length 48 (RFC 4055 §3.1)
RSASSA_PSS_ALGORITHM = bytes.fromhex(
    "304106092a864886f70d01010a3034a00f300d06096086480165030402020500a11c301a06092a864886"
    "f70d010108300d06096086480165030402020500a203020130"
)


@pytest.fixture(scope="module")
def key() -> rsa.RSAPrivateKey:
    return generate_signing_key()


def der_length(length: int) -> bytes:
    if length < 0x80:
        return bytes([length])
    body = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def pss_spki(public_key: rsa.RSAPublicKey) -> bytes:
    """The same key in RFC 9474's id-RSASSA-PSS SubjectPublicKeyInfo form."""
    rsa_public_key = public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.PKCS1
    )
    bit_string = b"\x03" + der_length(len(rsa_public_key) + 1) + b"\x00" + rsa_public_key
    body = RSASSA_PSS_ALGORITHM + bit_string
    return b"\x30" + der_length(len(body)) + body


@pytest.mark.parametrize("bits", [2048, 3072, 4096])
def test_keys_of_2048_3072_and_4096_bits_are_made(bits: int) -> None:
    made = generate_signing_key(bits)
    assert made.key_size == bits
    assert made.public_key().public_numbers().e == 65537


@pytest.mark.parametrize("bits", [1024, 2047, 2056, 8192])
def test_other_sizes_are_refused(bits: int) -> None:
    with pytest.raises(UnsuitableKeyError, match=f"2048, 3072 or 4096 bits, not {bits}"):
        generate_signing_key(bits)


def test_the_published_forms_round_trip(key: rsa.RSAPrivateKey) -> None:
    public_key = key.public_key()
    der = public_key_der(public_key)
    assert der[4 : 4 + len(RSA_ENCRYPTION_ALGORITHM)] == RSA_ENCRYPTION_ALGORITHM
    assert public_key_pem(public_key).startswith("-----BEGIN PUBLIC KEY-----\n")
    for loaded in (
        load_public_key_der(der),
        load_public_key_pem(public_key_pem(public_key)),
        load_public_key_base64url(public_key_base64url(public_key)),
    ):
        assert loaded.public_numbers() == public_key.public_numbers()
    assert "=" not in public_key_base64url(public_key)


def test_the_fingerprint_is_sha256_of_the_spki_der(key: rsa.RSAPrivateKey) -> None:
    public_key = key.public_key()
    fingerprint = key_fingerprint(public_key)
    assert fingerprint == hashlib.sha256(public_key_der(public_key)).hexdigest()
    assert len(fingerprint) == 64
    assert key_fingerprint(load_public_key_pem(public_key_pem(public_key))) == fingerprint
    assert key_fingerprint(generate_signing_key().public_key()) != fingerprint


def test_the_rfc_9474_rsassa_pss_form_loads_as_the_same_key(key: rsa.RSAPrivateKey) -> None:
    public_key = key.public_key()
    loaded = load_public_key_der(pss_spki(public_key))
    assert loaded.public_numbers() == public_key.public_numbers()
    assert key_fingerprint(loaded) == key_fingerprint(public_key)


def test_what_is_not_a_suitable_public_key_is_refused() -> None:
    with pytest.raises(UnsuitableKeyError, match="not a public key in SubjectPublicKeyInfo DER"):
        load_public_key_der(b"\x30\x03\x02\x01\x01")
    with pytest.raises(UnsuitableKeyError, match="not a PEM public key"):
        load_public_key_pem("-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----\n")
    with pytest.raises(UnsuitableKeyError, match="not a PEM public key"):
        load_public_key_pem("clé")
    ec_key = ec.generate_private_key(ec.SECP256R1()).public_key()
    ec_der = ec_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    with pytest.raises(UnsuitableKeyError, match="need an RSA public key"):
        load_public_key_der(ec_der)
    small = rsa.generate_private_key(public_exponent=65537, key_size=1024).public_key()
    with pytest.raises(UnsuitableKeyError, match="1024-bit key is outside"):
        load_public_key_der(public_key_der(small))
    with pytest.raises(MalformedInputError, match="the public key is not base64url text"):
        load_public_key_base64url("not+base64/url=")


@pytest.mark.parametrize("text", ["a", "ab+c", "ab/c", "abc=", "ab c", "é"])
def test_base64url_decoding_is_strict(text: str) -> None:
    with pytest.raises(MalformedInputError, match="the signature is not base64url text"):
        base64url.decode(text, "signature")


@pytest.mark.parametrize("data", [b"", b"\x00", b"\xfb\xff", bytes(range(256))])
def test_base64url_round_trips(data: bytes) -> None:
    text = base64url.encode(data)
    assert "=" not in text and "+" not in text and "/" not in text
    assert base64url.decode(text) == data
