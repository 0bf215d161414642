from pathlib import Path

import pytest

from surveyapp.reporting.signing import (
    MANIFEST,
    SIGNATURE,
    Keyring,
    sign_report,
    verify_report,
)


@pytest.fixture
def report(tmp_path: Path) -> tuple[Path, Keyring]:
    keyring = Keyring(tmp_path / "keys")
    folder = tmp_path / "report"
    folder.mkdir()
    (folder / "board-pack.html").write_text("<html>results</html>")
    (folder / "published-cells.csv").write_text("unit,n\nOrg,120\n")
    sign_report(folder, {"layout": "board-pack", "thresholds": {"k": 5}}, keyring.current())
    return folder, keyring


def test_a_signed_report_verifies(report: tuple[Path, Keyring]) -> None:
    folder, keyring = report
    assert verify_report(folder, keyring.public_keys()).is_valid


@pytest.mark.parametrize("name", ["board-pack.html", "published-cells.csv", MANIFEST])
def test_one_changed_byte_anywhere_fails_with_a_clear_message(
    report: tuple[Path, Keyring], name: str
) -> None:
    folder, keyring = report
    path = folder / name
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    verdict = verify_report(folder, keyring.public_keys())
    assert not verdict.is_valid
    if name == MANIFEST:
        assert any("manifest" in p for p in verdict.problems), verdict
    else:
        assert verdict.problems == (
            f"{name} does not match the manifest: it was changed after signing",
        )


def test_missing_extra_and_unsigned_files(report: tuple[Path, Keyring]) -> None:
    folder, keyring = report
    (folder / "published-cells.csv").unlink()
    (folder / "extra.txt").write_text("x")
    problems = verify_report(folder, keyring.public_keys()).problems
    assert "published-cells.csv is listed in the manifest but missing" in problems
    assert "extra.txt is not part of the signed report" in problems
    (folder / SIGNATURE).unlink()
    assert not verify_report(folder, keyring.public_keys()).is_valid


def test_rotated_out_key_still_verifies_and_new_reports_use_the_new_key(
    report: tuple[Path, Keyring], tmp_path: Path
) -> None:
    folder, keyring = report
    keyring.rotate()
    assert len(keyring.public_keys()) == 2
    assert verify_report(folder, keyring.public_keys()).is_valid
    other = Keyring(tmp_path / "someone-else")
    assert not verify_report(
        folder, other.public_keys() or {"x": other.current().public_key()}
    ).is_valid


def test_private_key_file_is_private(report: tuple[Path, Keyring]) -> None:
    _folder, keyring = report
    assert (keyring.folder / "current.key").stat().st_mode & 0o777 == 0o600
