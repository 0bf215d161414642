"""The admin page that turns sign-in on: GOV.UK errors, secrets sealed, keys per unit, audit."""

from __future__ import annotations

import io

from flask import Flask
from sqlalchemy import select

from surveyapp.database import session_scope
from surveyapp.models import AuditEntry, SignOnDirectoryEntry, UnitSigningKey, WaveSignOn
from surveyapp.runtime import runtime
from surveyapp.services.sign_on import client_secret
from tests.admin.support import Admin
from tests.factories import open_test_wave
from tests.respond.conftest import all_stored_text

SECRET = "the-client-secret-value-9f2c"


def _form(**fields: object) -> dict[str, object]:
    return {
        "issuer_url": "https://login.example.test/tenant/v2.0",
        "client_id": "client-1",
        "client_secret": SECRET,
        "mapping": "claim",
        "unit_claim": "department",
        **fields,
    }


def _wave(app: Flask) -> tuple[Admin, int]:
    admin = Admin(app)
    with app.app_context(), session_scope(app) as session:
        wave_id = open_test_wave(session, app).id
    return admin, wave_id


def _post(admin: Admin, wave_id: int, **fields: object):  # type: ignore[no-untyped-def]
    return admin.client.post(
        f"/admin/waves/{wave_id}/sign-on",
        data={"csrf_token": admin.csrf(), **_form(**fields)},
        content_type="multipart/form-data",
    )


def test_turning_sign_in_on_seals_the_secret_makes_a_key_per_unit_and_is_audited(
    app: Flask,
) -> None:
    admin, wave_id = _wave(app)
    assert _post(admin, wave_id).status_code == 303
    with app.app_context(), session_scope(app) as session:
        stored = session.get(WaveSignOn, wave_id)
        assert stored is not None
        assert client_secret(runtime(app).sso_cipher, stored) == SECRET
        keys = session.scalars(select(UnitSigningKey).where(UnitSigningKey.wave_id == wave_id))
        assert len({key.fingerprint for key in keys}) == 6  # the council's six units
        [entry] = session.scalars(select(AuditEntry).where(AuditEntry.action == "wave.sign_on"))
        assert "6 unit keys made" in entry.detail and SECRET not in entry.detail
    everything = all_stored_text(app)
    assert SECRET not in everything
    assert "PRIVATE KEY" not in everything
    page = admin.page(f"/admin/waves/{wave_id}/sign-on")
    assert "6 team keys" in page and SECRET not in page

    assert _post(admin, wave_id, client_secret="").status_code == 303, "the secret is kept"
    with app.app_context(), session_scope(app) as session:
        keys_after = session.scalars(
            select(UnitSigningKey.fingerprint).where(UnitSigningKey.wave_id == wave_id)
        )
        assert len(set(keys_after)) == 6, "keys are made once for the wave"


def test_missing_answers_are_named_as_gov_uk_errors(app: Flask) -> None:
    admin, wave_id = _wave(app)
    refused = _post(admin, wave_id, issuer_url="", client_secret="", unit_claim="")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "There is a problem" in page
    for message in (
        "Enter the issuer URL",
        "Enter the client secret",
        "Enter the name of the claim",
    ):
        assert message in page
    directory = _post(admin, wave_id, mapping="directory")
    assert "Select a staff directory file" in directory.get_data(as_text=True)


def test_a_directory_is_checked_by_row_and_kept_only_as_keyed_hashes(app: Flask) -> None:
    admin, wave_id = _wave(app)
    bad = (
        b"person,unit\nann@example.test,team-a\nbob@example.test,Nowhere\nann@example.test,team-b\n"
    )
    refused = _post(admin, wave_id, mapping="directory", directory=(io.BytesIO(bad), "d.csv"))
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "Row 3: Nowhere is not a unit of this wave" in page
    assert "Row 4: ann@example.test is listed in two units" in page
    good = b"person,unit\nann@example.test,team-a\nBob@Example.test,Team C\n"
    saved = _post(admin, wave_id, mapping="directory", directory=(io.BytesIO(good), "d.csv"))
    assert saved.status_code == 303
    with app.app_context(), session_scope(app) as session:
        rows = session.scalars(
            select(SignOnDirectoryEntry).where(SignOnDirectoryEntry.wave_id == wave_id)
        ).all()
        assert len(rows) == 2
    assert "ann@example.test" not in all_stored_text(app).lower()
    assert "2 people" in admin.page(f"/admin/waves/{wave_id}/sign-on")


def test_the_provider_and_client_are_fixed_once_a_token_was_given(app: Flask) -> None:
    """A person's subject differs between clients, so another client id mid-wave would give
    everyone a second token."""
    from surveyapp.models import SignOnTokenIssued

    admin, wave_id = _wave(app)
    assert _post(admin, wave_id).status_code == 303
    assert _post(admin, wave_id, client_id="client-2").status_code == 303, "no token yet"
    with app.app_context(), session_scope(app) as session:
        session.add(SignOnTokenIssued(wave_id=wave_id, subject_hash="a" * 64))
    refused = _post(admin, wave_id, client_id="client-3", client_secret="")
    assert refused.status_code == 400
    assert "Tokens have been given for this wave already" in refused.get_data(as_text=True)
    assert _post(admin, wave_id, client_id="client-2", client_secret="").status_code == 303
    with app.app_context(), session_scope(app) as session:
        stored = session.get(WaveSignOn, wave_id)
        assert stored is not None and stored.client_id == "client-2"
