"""Ed25519 signatures for report manifests, with a keyring that keeps retired public keys.

A board or inspector checks that a report was built by this deployment and not edited since:
the manifest lists the SHA-256 of every file and is signed; ``verify_report`` says "valid" or
exactly what does not match. Rotation makes a new signing key and keeps old public keys, so
reports signed before still verify.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"


def key_id(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def public_pem(public: Ed25519PublicKey) -> str:
    return public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


class Keyring:
    """A folder of ``<id>.pub`` files (every key ever used) and one ``current.key`` (mode 0600)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _write(self, path: Path, data: bytes, mode: int) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)

    def current(self) -> Ed25519PrivateKey:
        """The signing key, made on first use."""
        path = self.folder / "current.key"
        if not path.exists():
            return self.rotate()
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        assert isinstance(key, Ed25519PrivateKey)
        return key

    def rotate(self) -> Ed25519PrivateKey:
        """A new signing key; the old public key stays published, the old private key is gone."""
        key = Ed25519PrivateKey.generate()
        public = key.public_key()
        self._write(self.folder / f"{key_id(public)}.pub", public_pem(public).encode(), 0o644)
        private = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        self._write(self.folder / "current.key", private, 0o600)
        return key

    def public_keys(self) -> dict[str, Ed25519PublicKey]:
        keys = {}
        for path in sorted(self.folder.glob("*.pub")):
            loaded = serialization.load_pem_public_key(path.read_bytes())
            if isinstance(loaded, Ed25519PublicKey):
                keys[key_id(loaded)] = loaded
        return keys


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def sign_report(folder: Path, details: dict[str, object], key: Ed25519PrivateKey) -> None:
    """Write ``manifest.json`` (hashes of every other file + details) and its signature."""
    files = {
        p.name: sha256_file(p)
        for p in sorted(folder.iterdir())
        if p.is_file() and p.name not in {MANIFEST, SIGNATURE}
    }
    manifest = {
        **details,
        "files": files,
        "key_id": key_id(key.public_key()),
        "public_key": public_pem(key.public_key()),
    }
    body = json.dumps(manifest, sort_keys=True, indent=2).encode()
    (folder / MANIFEST).write_bytes(body)
    (folder / SIGNATURE).write_text(base64.b64encode(key.sign(body)).decode() + "\n")


@dataclass(frozen=True)
class Verdict:
    problems: tuple[str, ...]

    @property
    def is_valid(self) -> bool:
        return not self.problems


def verify_files(files: dict[str, bytes], public_keys: dict[str, Ed25519PublicKey]) -> Verdict:
    """Check a report given as name -> content (from a folder or an upload)."""
    if MANIFEST not in files or SIGNATURE not in files:
        return Verdict((f"{MANIFEST} and {SIGNATURE} are both needed",))
    body = files[MANIFEST]
    try:
        manifest = json.loads(body)
        signature = base64.b64decode(files[SIGNATURE].strip(), validate=True)
    except (ValueError, UnicodeDecodeError):
        return Verdict((f"{MANIFEST} or {SIGNATURE} is not readable",))
    problems = []
    key = public_keys.get(str(manifest.get("key_id", "")))
    if key is None:
        problems.append(
            f"the report was signed with key {manifest.get('key_id')!r}, "
            "which is not one of this deployment's published keys"
        )
    else:
        try:
            key.verify(signature, body)
        except InvalidSignature:
            problems.append(
                f"the signature does not match {MANIFEST}: the manifest was changed "
                "or signed by someone else"
            )
    listed = manifest.get("files", {})
    for name, expected in sorted(listed.items()):
        if name not in files:
            problems.append(f"{name} is listed in the manifest but missing")
        elif hashlib.sha256(files[name]).hexdigest() != expected:
            problems.append(f"{name} does not match the manifest: it was changed after signing")
    for name in sorted(set(files) - set(listed) - {MANIFEST, SIGNATURE}):
        problems.append(f"{name} is not part of the signed report")
    return Verdict(tuple(problems))


def verify_report(folder: Path, public_keys: dict[str, Ed25519PublicKey]) -> Verdict:
    if not folder.is_dir():
        return Verdict((f"{folder.name} is not a folder",))
    return verify_files(
        {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}, public_keys
    )
