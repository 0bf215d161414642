"""The RFC 9474 Appendix A vectors, reproduced byte for byte by every step (see README.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from surveyapp.domain.blind_rsa import (
    PREFIX_LENGTH,
    VARIANTS,
    BlindingError,
    blind_sign,
    blind_with,
    finalize,
    verify,
)
from surveyapp.domain.blind_rsa.emsa_pss import emsa_pss_encode

VECTORS: list[dict[str, Any]] = json.loads(
    (Path(__file__).parent / "rfc9474_vectors.json").read_text()
)


def private_key(vector: dict[str, Any]) -> rsa.RSAPrivateKey:
    p, q, d = (int(vector[name], 16) for name in ("p", "q", "d"))
    public = rsa.RSAPublicNumbers(int(vector["e"], 16), int(vector["n"], 16))
    numbers = rsa.RSAPrivateNumbers(
        p, q, d, rsa.rsa_crt_dmp1(d, p), rsa.rsa_crt_dmq1(d, q), rsa.rsa_crt_iqmp(p, q), public
    )
    return numbers.private_key()


def test_the_file_holds_the_four_named_variants() -> None:
    assert [v["name"] for v in VECTORS] == list(VARIANTS)


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_every_step_reproduces_the_vector(vector: dict[str, Any]) -> None:
    variant = VARIANTS[vector["name"]]
    key = private_key(vector)
    public_key = key.public_key()
    n = public_key.public_numbers().n
    assert n.bit_length() == 4096
    assert variant.salt_length == int(vector["sLen"], 16)
    assert variant.is_randomized == bool(int(vector["is_randomized"], 16))

    message, prefix = bytes.fromhex(vector["msg"]), bytes.fromhex(vector["msg_prefix"])
    assert len(prefix) == (PREFIX_LENGTH if variant.is_randomized else 0)
    input_message = prefix + message
    assert input_message.hex() == vector["input_msg"]
    salt = bytes.fromhex(vector["salt"])
    if "encoded_msg" in vector:
        assert (
            emsa_pss_encode(input_message, n.bit_length() - 1, salt).hex()
            == (vector["encoded_msg"])
        )

    inverse = int(vector["inv"], 16)
    blinded = blind_with(public_key, input_message, variant, salt=salt, r=pow(inverse, -1, n))
    assert blinded.blinded_message.hex() == vector["blinded_msg"]
    assert blinded.inverse == inverse

    blind_signature = blind_sign(key, blinded.blinded_message)
    assert blind_signature.hex() == vector["blind_sig"]

    signature = finalize(public_key, input_message, blind_signature, blinded.inverse, variant)
    assert signature.hex() == vector["sig"]
    verify(public_key, input_message, signature, variant)


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_the_vector_signature_is_a_standard_rsa_pss_signature(vector: dict[str, Any]) -> None:
    """An independent check of the vectors themselves, with OpenSSL's RSA-PSS through
    ``cryptography``: nothing of ours is involved."""
    public_key = private_key(vector).public_key()
    pss = padding.PSS(padding.MGF1(hashes.SHA384()), salt_length=int(vector["sLen"], 16))
    public_key.verify(
        bytes.fromhex(vector["sig"]), bytes.fromhex(vector["input_msg"]), pss, hashes.SHA384()
    )


def test_a_blind_sharing_a_factor_with_n_is_a_blinding_error() -> None:
    vector = VECTORS[0]
    public_key = private_key(vector).public_key()
    with pytest.raises(BlindingError, match="no inverse"):
        blind_with(
            public_key, b"message", VARIANTS[vector["name"]], salt=bytes(48), r=int(vector["p"], 16)
        )


def test_a_salt_of_the_wrong_length_for_the_variant_is_refused() -> None:
    public_key = private_key(VECTORS[0]).public_key()
    with pytest.raises(ValueError, match="PSS-Randomized takes a 48-byte salt, not 0"):
        blind_with(public_key, b"message", VARIANTS[VECTORS[0]["name"]], salt=b"", r=2)
