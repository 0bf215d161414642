"""A PDF on its own verifies by its PDF signature: any changed byte, added bytes or another
deployment's certificate fails; certificates used before a rotation still verify."""

from __future__ import annotations

from pathlib import Path

import fpdf
import pytest

from surveyapp.reporting.pdf_signing import sign_pdf, verify_pdf
from surveyapp.reporting.signing import Keyring


@pytest.fixture
def signed(tmp_path: Path) -> tuple[Path, Keyring]:
    document = fpdf.FPDF()
    document.add_page()
    document.set_font("helvetica", size=12)
    document.cell(text="Workforce health: board pack")
    path = tmp_path / "report.pdf"
    path.write_bytes(bytes(document.output()))
    keyring = Keyring(tmp_path / "keys")
    sign_pdf(path, *keyring.pdf_signing())
    return path, keyring


def test_a_signed_pdf_verifies_alone(signed: tuple[Path, Keyring]) -> None:
    path, keyring = signed
    assert verify_pdf(path.read_bytes(), keyring.certificates()).is_valid


def test_every_changed_byte_of_the_document_or_of_the_signature_value_fails(
    signed: tuple[Path, Keyring],
) -> None:
    """Every byte outside the signature container, and the signature value at its end; the
    container's unsigned parts (e.g. its copy of the certificate) sign nothing."""
    path, keyring = signed
    data = path.read_bytes()
    start = data.index(b"/Contents <") + len(b"/Contents <")
    end = data.index(b">", start)
    used = start + 2 * len(bytes.fromhex(data[start:end].decode()).rstrip(b"\x00"))
    positions = [*range(0, start, 23), *range(used - 140, used), *range(end, len(data), 23)]
    for position in positions:
        changed = bytearray(data)
        changed[position] ^= 0x01
        assert not verify_pdf(bytes(changed), keyring.certificates()).is_valid, position
    padding = bytearray(data)
    padding[end - 20] = ord("1")  # in the space reserved for the signature, after it
    assert not verify_pdf(bytes(padding), keyring.certificates()).is_valid


def test_added_bytes_or_a_stranger_s_certificate_fail(
    signed: tuple[Path, Keyring], tmp_path: Path
) -> None:
    path, keyring = signed
    grown = verify_pdf(path.read_bytes() + b"\n% more\n", keyring.certificates())
    assert not grown.is_valid
    stranger = Keyring(tmp_path / "elsewhere")
    stranger.current()
    problems = verify_pdf(path.read_bytes(), stranger.certificates()).problems
    assert any("not one of this deployment's published certificates" in p for p in problems)
    assert verify_pdf(b"not a pdf", keyring.certificates()).problems == (
        "the file is not a readable signed PDF: it was changed or damaged",
    )


def test_rotation_keeps_old_certificates_and_signs_with_a_new_one(
    signed: tuple[Path, Keyring],
) -> None:
    path, keyring = signed
    _, before = keyring.pdf_signing()
    keyring.rotate()
    _, after = keyring.pdf_signing()
    assert before != after and len(keyring.certificates()) == 2
    assert verify_pdf(path.read_bytes(), keyring.certificates()).is_valid
    assert (keyring.folder / "pdf-signing.key").stat().st_mode & 0o777 == 0o600
