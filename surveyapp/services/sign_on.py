"""Single sign-on for a wave: the provider, how people map to units, and one key per unit.

Enabling it makes an RSA key (RSABSSA-SHA384-PSS-Randomized, 2048 bits) for every unit of the
wave that has none, so that all members of a unit are signed with the same key: a key per
person would recognise them. The keys are made once and kept for the wave, also when the
provider's settings change, because tokens already given out must still check out. The client
secret and the private keys are sealed with ``SsoSecretCipher``; only public keys are stored in
plain, and published (``published_keys``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from surveyapp.domain.blind_rsa import (
    generate_signing_key,
    key_fingerprint,
    load_public_key_der,
    public_key_base64url,
    public_key_der,
    public_key_pem,
)
from surveyapp.domain.blind_token import key_id_of
from surveyapp.domain.sign_on_hashes import person_hash
from surveyapp.domain.sso_secrets import SsoSecretCipher
from surveyapp.models import SignOnDirectoryEntry, Unit, UnitSigningKey, WaveSignOn, WaveUnit

KEY_BITS = 2048


@dataclass(frozen=True)
class SignOnSettings:
    issuer_url: str
    client_id: str
    client_secret: str | None  # None: keep the one stored
    unit_claim: str | None  # None: the directory maps people to units


@dataclass(frozen=True)
class PublishedKey:
    unit_id: int
    unit_name: str
    key_id: str
    fingerprint: str
    public_key: str  # SubjectPublicKeyInfo DER, base64url
    pem: str


def secret_context(wave_id: int) -> str:
    return f"client secret of wave {wave_id}"


def key_context(wave_id: int, unit_id: int) -> str:
    return f"signing key of wave {wave_id} unit {unit_id}"


def sign_on_of(session: Session, wave_id: int) -> WaveSignOn | None:
    return session.get(WaveSignOn, wave_id)


def unit_ids_by_name(session: Session, wave_id: int) -> dict[str, int]:
    """The wave's units by key and by name (case-folded): how a claim or a directory names one."""
    rows = session.execute(
        select(Unit.key, WaveUnit.name, WaveUnit.unit_id)
        .join(Unit, Unit.id == WaveUnit.unit_id)
        .where(WaveUnit.wave_id == wave_id)
    )
    found: dict[str, int] = {}
    for key, name, unit_id in rows:
        found.setdefault(name.casefold(), unit_id)
        found[key.casefold()] = unit_id
    return found


def enable_sign_on(
    session: Session,
    cipher: SsoSecretCipher,
    pepper: str,
    wave_id: int,
    settings: SignOnSettings,
    directory: Mapping[str, int] | None,
) -> int:
    """Keep the settings (and the directory, replacing any before) and make the units' keys;
    the number of keys made."""
    found = sign_on_of(session, wave_id)
    if found is None:
        assert settings.client_secret is not None, "a new sign-on needs a client secret"
        found = WaveSignOn(wave_id=wave_id, client_secret_sealed=b"")
        session.add(found)
    found.issuer_url = settings.issuer_url.rstrip("/")
    found.client_id = settings.client_id
    found.unit_claim = settings.unit_claim
    if settings.client_secret is not None:
        found.client_secret_sealed = cipher.seal(
            secret_context(wave_id), settings.client_secret.encode("utf-8")
        )
    if directory is not None:
        session.execute(delete(SignOnDirectoryEntry).where(SignOnDirectoryEntry.wave_id == wave_id))
        session.add_all(
            SignOnDirectoryEntry(
                wave_id=wave_id, person_hash=person_hash(pepper, wave_id, person), unit_id=unit
            )
            for person, unit in directory.items()
        )
    made = _make_unit_keys(session, cipher, wave_id)
    session.flush()
    return made


def _make_unit_keys(session: Session, cipher: SsoSecretCipher, wave_id: int) -> int:
    keyed = set(
        session.scalars(select(UnitSigningKey.unit_id).where(UnitSigningKey.wave_id == wave_id))
    )
    units = session.scalars(select(WaveUnit.unit_id).where(WaveUnit.wave_id == wave_id))
    made = 0
    for unit_id in units:
        if unit_id in keyed:
            continue
        private = generate_signing_key(KEY_BITS)
        fingerprint = key_fingerprint(private.public_key())
        der = private.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        session.add(
            UnitSigningKey(
                wave_id=wave_id,
                unit_id=unit_id,
                key_id=key_id_of(fingerprint),
                fingerprint=fingerprint,
                public_key=public_key_der(private.public_key()),
                private_key_sealed=cipher.seal(key_context(wave_id, unit_id), der),
            )
        )
        made += 1
    return made


def client_secret(cipher: SsoSecretCipher, sign_on: WaveSignOn) -> str:
    return cipher.open(sign_on.client_secret_sealed, secret_context(sign_on.wave_id)).decode()


def directory_size(session: Session, wave_id: int) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(SignOnDirectoryEntry)
            .where(SignOnDirectoryEntry.wave_id == wave_id)
        )
        or 0
    )


def published_keys(session: Session, wave_id: int) -> list[PublishedKey]:
    """Every unit key of the wave with its fingerprint, by unit name."""
    rows = session.execute(
        select(UnitSigningKey, WaveUnit.name)
        .join(
            WaveUnit,
            (WaveUnit.wave_id == UnitSigningKey.wave_id)
            & (WaveUnit.unit_id == UnitSigningKey.unit_id),
        )
        .where(UnitSigningKey.wave_id == wave_id)
        .order_by(WaveUnit.name)
    )
    return [_published(key, name) for key, name in rows]


def published_key(session: Session, wave_id: int, unit_id: int) -> PublishedKey | None:
    for key in published_keys(session, wave_id):
        if key.unit_id == unit_id:
            return key
    return None


def _published(key: UnitSigningKey, unit_name: str) -> PublishedKey:
    public = load_public_key_der(key.public_key)
    return PublishedKey(
        key.unit_id,
        unit_name,
        key.key_id,
        key.fingerprint,
        public_key_base64url(public),
        public_key_pem(public),
    )


def reseal_sign_on_secrets(session: Session, cipher: SsoSecretCipher) -> int:
    """Re-seal every client secret and private signing key under the newest answer key."""
    resealed = 0
    for sign_on in session.scalars(select(WaveSignOn)):
        sign_on.client_secret_sealed = cipher.reseal(sign_on.client_secret_sealed)
        resealed += 1
    for key in session.scalars(select(UnitSigningKey)):
        key.private_key_sealed = cipher.reseal(key.private_key_sealed)
        resealed += 1
    session.flush()
    return resealed


def private_key(
    session: Session, cipher: SsoSecretCipher, wave_id: int, unit_id: int
) -> rsa.RSAPrivateKey:
    key = session.get(UnitSigningKey, (wave_id, unit_id))
    if key is None:
        raise LookupError(f"unit {unit_id} has no signing key in wave {wave_id}")
    der = cipher.open(key.private_key_sealed, key_context(wave_id, unit_id))
    loaded = serialization.load_der_private_key(der, password=None)
    assert isinstance(loaded, rsa.RSAPrivateKey)
    return loaded
