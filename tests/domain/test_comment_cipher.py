import struct

import pytest
from cryptography.fernet import Fernet

from surveyapp.domain.comment_cipher import CommentCipher

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def embedded_time(token: bytes) -> int:
    """Fernet tokens are base64 of: version byte, 8-byte big-endian time, IV, ciphertext, HMAC."""
    import base64

    raw = base64.urlsafe_b64decode(token)
    return int(struct.unpack(">Q", raw[1:9])[0])


def test_round_trip() -> None:
    cipher = CommentCipher([NEW])
    assert cipher.decrypt(cipher.encrypt("Supervision is rushed.")) == "Supervision is rushed."


def test_ciphertext_carries_no_time_of_submission() -> None:
    cipher = CommentCipher([NEW])
    token = cipher.encrypt("text")
    assert embedded_time(token) == 0
    assert b"text" not in token


def test_same_text_twice_gives_different_ciphertexts() -> None:
    cipher = CommentCipher([NEW])
    assert cipher.encrypt("same") != cipher.encrypt("same")


def test_rotation_keeps_old_comments_readable_and_time_zero() -> None:
    old_token = CommentCipher([OLD]).encrypt("from last year")
    rotated = CommentCipher([NEW, OLD]).rotate(old_token)
    assert CommentCipher([NEW]).decrypt(rotated) == "from last year"
    assert embedded_time(rotated) == 0


def test_wrong_keys_give_a_clear_error() -> None:
    token = CommentCipher([OLD]).encrypt("x")
    with pytest.raises(ValueError, match="cannot be decrypted"):
        CommentCipher([NEW]).decrypt(token)
    with pytest.raises(ValueError, match="at least one"):
        CommentCipher([])
