"""Wiring a report build to the running app's configuration (keys, banks, ciphers)."""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from .signing import Keyring


def keyring() -> Keyring:
    return Keyring(Path(current_app.config["SIGNING_KEYS_DIR"]))
