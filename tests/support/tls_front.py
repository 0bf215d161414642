"""A TLS-terminating nginx in front of the app, configured as docs/PRODUCTION.md says.

The server block is read from the guide itself (its nginx example), with only the addresses and
certificate paths changed, so the tests prove the documented deployment. The certificate is a
self-signed one for 127.0.0.1 made here with ``cryptography``. nginx runs in the foreground on
loopback, with every file it writes inside the test's folder.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import time
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "PRODUCTION.md"
NGINX_EXAMPLE = re.compile(r"```nginx\n(.*?)```", re.DOTALL)


def self_signed_certificate(folder: Path, host: str = "127.0.0.1") -> tuple[Path, Path]:
    """A key and a certificate for ``host``, valid for a day: (certificate, key) paths."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(host))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "survey.crt", folder / "survey.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o600)
    return cert_path, key_path


def documented_server_blocks() -> str:
    match = NGINX_EXAMPLE.search(GUIDE.read_text(encoding="utf-8"))
    assert match, "docs/PRODUCTION.md has no nginx example"
    return match.group(1)


def nginx_binary() -> str:
    for candidate in (shutil.which("nginx"), "/usr/sbin/nginx"):
        if candidate and Path(candidate).exists():
            return candidate
    message = "nginx is not installed (Debian's nginx package; scripts/bootstrap.sh test)"
    if os.environ.get("CI"):
        pytest.fail(f"nginx is required in CI: {message}")
    pytest.skip(message)
    raise AssertionError


class TlsFront:
    """nginx on ``https://127.0.0.1:<port>`` forwarding to the app on ``app_port``."""

    def __init__(self, folder: Path, https_port: int, http_port: int, app_port: int) -> None:
        self.folder = folder
        self.port = https_port
        self.url = f"https://127.0.0.1:{https_port}"
        certificate, key = self_signed_certificate(folder)
        servers = documented_server_blocks()
        for documented, ours in (
            ("listen 443 ssl", f"listen 127.0.0.1:{https_port} ssl"),
            ("listen 80;", f"listen 127.0.0.1:{http_port};"),
            ("/etc/ssl/survey.crt", str(certificate)),
            ("/etc/ssl/survey.key", str(key)),
            ("http://127.0.0.1:8000", f"http://127.0.0.1:{app_port}"),
        ):
            assert documented in servers, f"the documented nginx example lost {documented!r}"
            servers = servers.replace(documented, ours)
        temp = {name: folder / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
        for path in temp.values():
            path.mkdir()
        self.config = folder / "nginx.conf"
        self.config.write_text(
            ("user root;\n" if os.geteuid() == 0 else "")
            + f"pid {folder / 'nginx.pid'};\nworker_processes 1;\nevents {{}}\nhttp {{\n"
            + "access_log off;\n"
            + "gzip on;\n"  # as Debian's nginx.conf has it: the documented example must undo it
            + "".join(f"{name}_temp_path {path};\n" for name, path in temp.items()).replace(
                "body_temp_path", "client_body_temp_path"
            )
            + servers
            + "}\n"
        )
        self.error_log = folder / "error.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 20) -> TlsFront:
        self.process = subprocess.Popen(  # noqa: S603
            [
                nginx_binary(),
                "-p",
                str(self.folder),
                "-e",
                str(self.error_log),
                "-c",
                str(self.config),
                "-g",
                "daemon off;",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited:\n{self.log()}")
            try:
                with (
                    socket.create_connection(("127.0.0.1", self.port), timeout=2) as raw,
                    context.wrap_socket(raw, server_hostname="127.0.0.1"),
                ):
                    return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"nginx did not answer over TLS in time:\n{self.log()}")

    def log(self) -> str:
        return self.error_log.read_text() if self.error_log.exists() else ""

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGQUIT)  # graceful: finish open requests
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def __enter__(self) -> TlsFront:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
