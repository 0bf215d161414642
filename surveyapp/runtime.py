"""What the app builds once from its configuration, for views and commands to reach.

``create_app`` builds one ``Runtime`` and keeps it in ``app.extensions``: the question banks,
the answer cipher, the plan settings, the report keyring, the comment redactor, the staff
session limits, the seal of the answers a survey page carries, the mailer, the cipher of the
address lists kept for reminders and that of single sign-on's secrets. Views call ``runtime()``
(the current app's); commands and tests that hold an app call ``runtime(app)``. It is frozen:
a changed setting, bank or ``redact-names.txt`` takes effect when the app next starts, in every
worker alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from flask import Flask, current_app

from surveyapp.domain.banks import Bank, load_banks
from surveyapp.domain.carried_seal import CarriedSeal
from surveyapp.domain.redaction import Redactor, redactor_from_file
from surveyapp.domain.sealed import AnswerCipher
from surveyapp.domain.sealed_addresses import AddressListCipher
from surveyapp.domain.sso_secrets import SsoSecretCipher
from surveyapp.paths import SURVEYS
from surveyapp.reporting.signing import Keyring
from surveyapp.services.mailer import Mailer, mailer_from_config
from surveyapp.services.publication import PlanSettings
from surveyapp.services.staff_sessions import SessionLimits

EXTENSION = "surveyapp"
REDACTION_FILE = "redact-names.txt"


@dataclass(frozen=True)
class Runtime:
    banks: Mapping[str, Bank]
    answer_cipher: AnswerCipher
    plan_settings: PlanSettings
    keyring: Keyring
    redactor: Redactor
    session_limits: SessionLimits
    carried_seal: CarriedSeal
    mailer: Mailer
    address_cipher: AddressListCipher
    sso_cipher: SsoSecretCipher


def build(config: Mapping[str, Any], instance_path: Path) -> Runtime:
    """Everything derived from a loaded configuration (``config.load``)."""
    answer_cipher = AnswerCipher.from_config(config["ANSWER_KEYS"])
    return Runtime(
        banks=MappingProxyType(load_banks(SURVEYS)),
        answer_cipher=answer_cipher,
        plan_settings=PlanSettings(
            live_results=config["LIVE_RESULTS"],
            answer_cipher=answer_cipher,
            separate_duties=config["SEPARATE_DUTIES"],
        ),
        keyring=Keyring(Path(config["SIGNING_KEYS_DIR"])),
        redactor=redactor_from_file(instance_path / REDACTION_FILE),
        session_limits=SessionLimits(
            idle=dt.timedelta(minutes=config["SESSION_IDLE_MINUTES"]),
            lifetime=dt.timedelta(hours=config["SESSION_MAX_HOURS"]),
        ),
        carried_seal=CarriedSeal(config["SECRET_KEY"]),
        mailer=mailer_from_config(config),
        # Sealed under the newest answer key; lists kept before answers were sealed (under the
        # old comment keys) still open while those keys are configured.
        address_cipher=AddressListCipher((*config["ANSWER_KEYS"], *(config["COMMENT_KEYS"] or ()))),
        # Client secrets and units' private signing keys, under keys of their own derived from
        # the answer keys (domain/sso_secrets.py).
        sso_cipher=SsoSecretCipher(config["ANSWER_KEYS"]),
    )


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = build(app.config, Path(app.instance_path))


def runtime(app: Flask | None = None) -> Runtime:
    """The runtime of ``app``, or of the app handling the current request or command."""
    found = (current_app if app is None else app).extensions[EXTENSION]
    assert isinstance(found, Runtime)
    return found
