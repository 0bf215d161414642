"""Ed25519 signatures for report manifests, with a keyring that keeps retired public keys.

A board or inspector checks that a report was built by this deployment and not edited since:
the manifest lists the SHA-256 of every file and is signed; ``verify_report`` says "valid" or
exactly what does not match. Rotation makes a new signing key and keeps old public keys, so
reports signed before still verify.

The PDF is also signed on its own, with a standard PDF signature (``pdf_signing``), so that a
PDF reader shows it as signed and the PDF verifies without the manifest. That needs an X.509
certificate, and PDF readers accept RSA and ECDSA P-256 signatures but mostly not Ed25519 yet
(ISO/TS 32002 added EdDSA to PDF in 2022), so the keyring also holds an ECDSA P-256 key with a
self-signed certificate, made and rotated with the Ed25519 key; every certificate ever used
stays published beside the public keys.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.x509.oid import NameOID

from surveyapp.domain.wording import words

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
PDF_KEY = "pdf-signing.key"
PDF_CERTIFICATE = "pdf-signing.crt"
CERTIFICATE_YEARS = 10
CERTIFICATE_NAME = "Staff Voice report signing"


def certificate_id(certificate: x509.Certificate) -> str:
    """The first 16 hex digits of the certificate's SHA-256 fingerprint."""
    return fingerprint(certificate)[:16]


def fingerprint(certificate: x509.Certificate) -> str:
    return certificate.fingerprint(hashes.SHA256()).hex()


def certificate_pem(certificate: x509.Certificate) -> str:
    return certificate.public_bytes(serialization.Encoding.PEM).decode()


def _self_signed(key: ec.EllipticCurvePrivateKey) -> x509.Certificate:
    """A certificate for the PDF signing key, signed by itself: it is trusted by being the one
    this deployment publishes, not through a certificate authority."""
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, CERTIFICATE_NAME),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Staff Voice"),
        ]
    )
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=365 * CERTIFICATE_YEARS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )


def key_id(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def public_pem(public: Ed25519PublicKey) -> str:
    return public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


class Keyring:
    """A folder of ``<id>.pub`` files and ``<id>.crt`` certificates (every key ever used), one
    ``current.key`` for manifests and one ``pdf-signing.key`` for PDFs (both mode 0600), with
    ``pdf-signing.crt``, the current certificate."""

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
        self._rotate_pdf_key()
        return key

    def _rotate_pdf_key(self) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
        key = ec.generate_private_key(ec.SECP256R1())
        certificate = _self_signed(key)
        pem = certificate_pem(certificate).encode()
        self._write(self.folder / f"{certificate_id(certificate)}.crt", pem, 0o644)
        private = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        self._write(self.folder / PDF_KEY, private, 0o600)
        self._write(self.folder / PDF_CERTIFICATE, pem, 0o644)
        return key, certificate

    def pdf_signing(self) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
        """The PDF signing key and its certificate, made on first use (a keyring from before
        PDFs were signed gets one then)."""
        path = self.folder / PDF_KEY
        if not path.exists():
            self.current()
            if not path.exists():
                return self._rotate_pdf_key()
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        pem = (self.folder / PDF_CERTIFICATE).read_bytes()
        return key, x509.load_pem_x509_certificate(pem)

    def certificates(self) -> dict[str, x509.Certificate]:
        """Every PDF signing certificate this deployment has used, by id."""
        found = {}
        for path in sorted(self.folder.glob("*.crt")):
            certificate = x509.load_pem_x509_certificate(path.read_bytes())
            found[certificate_id(certificate)] = certificate
        return found

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
        return Verdict(
            (
                words(
                    "%(manifest)s and %(signature)s are both needed",
                    manifest=MANIFEST,
                    signature=SIGNATURE,
                ),
            )
        )
    body = files[MANIFEST]
    try:
        manifest = json.loads(body)
        signature = base64.b64decode(files[SIGNATURE].strip(), validate=True)
    except (ValueError, UnicodeDecodeError):
        return Verdict(
            (
                words(
                    "%(manifest)s or %(signature)s is not readable",
                    manifest=MANIFEST,
                    signature=SIGNATURE,
                ),
            )
        )
    problems = []
    key = public_keys.get(str(manifest.get("key_id", "")))
    if key is None:
        problems.append(
            words(
                "the report was signed with key %(key)s, which is not one of this deployment's"
                " published keys",
                key=repr(manifest.get("key_id")),
            )
        )
    else:
        try:
            key.verify(signature, body)
        except InvalidSignature:
            problems.append(
                words(
                    "the signature does not match %(manifest)s: the manifest was changed or"
                    " signed by someone else",
                    manifest=MANIFEST,
                )
            )
    listed = manifest.get("files", {})
    for name, expected in sorted(listed.items()):
        if name not in files:
            problems.append(words("%(name)s is listed in the manifest but missing", name=name))
        elif hashlib.sha256(files[name]).hexdigest() != expected:
            problems.append(
                words(
                    "%(name)s does not match the manifest: it was changed after signing", name=name
                )
            )
    for name in sorted(set(files) - set(listed) - {MANIFEST, SIGNATURE}):
        problems.append(words("%(name)s is not part of the signed report", name=name))
    return Verdict(tuple(problems))


def verify_report(folder: Path, public_keys: dict[str, Ed25519PublicKey]) -> Verdict:
    if not folder.is_dir():
        return Verdict((f"{folder.name} is not a folder",))
    return verify_files(
        {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}, public_keys
    )
