"""Invitation files are downloaded once, from the response that makes them; team links are
shown once and their posters printed only for the current link; everything is in scope and in
the audit trail, with no token anywhere."""

from __future__ import annotations

import csv
import io
import logging
import re

import pytest
from sqlalchemy import func, select

from surveyapp.database import session_scope
from surveyapp.domain.roles import Role
from surveyapp.domain.tokens import token_hash
from surveyapp.models import AuditEntry, Invitation, TeamLink
from tests.conftest import add_staff
from tests.support.leaks import assert_kept_nowhere
from tests.support.staff import sign_in_directly

from .conftest import Desk

TEAM_LINK = re.compile(r'<a href="(http://127\.0\.0\.1:5000/t/([A-Z2-7]{26}))">')


def invitation_count(desk: Desk) -> int:
    with session_scope(desk.app) as session:
        return session.scalar(select(func.count()).select_from(Invitation)) or 0


def last_audit(desk: Desk) -> tuple[str, str, int | None, int | None, str]:
    with session_scope(desk.app) as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.sequence.desc())).first()
        assert entry is not None
        return entry.actor, entry.action, entry.wave_id, entry.unit_id, entry.detail


def test_the_pages_lead_from_the_open_wave_to_a_unit(desk: Desk) -> None:
    waves = desk.client.get("/admin/invitations").get_data(as_text=True)
    assert f'href="/admin/waves/{desk.wave_id}/invitations"' in waves
    units = desk.client.get(f"/admin/waves/{desk.wave_id}/invitations").get_data(as_text=True)
    assert desk.unit_url("team-a") in units and "Team B" in units
    page = desk.client.get(desk.unit_url("team-a"))
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    text = page.get_data(as_text=True)
    assert "cannot be downloaded again" in text
    assert 'value="8"' in text  # the headcount, as a start


def test_a_csv_download_holds_the_only_copy_of_the_tokens(
    desk: Desk, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    response = desk.post(desk.unit_url("team-a", "/download"), {"count": 3, "file_format": "csv"})
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    assert response.headers["Cache-Control"] == "no-store"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 3 and {row["unit"] for row in rows} == {"Team A"}
    tokens = [row["link"].rsplit("/", 1)[1] for row in rows]
    assert all(row["code"].replace("-", "") == t for row, t in zip(rows, tokens, strict=True))
    pepper = desk.app.config["TOKEN_PEPPER"]
    with session_scope(desk.app) as session:
        stored = set(session.scalars(select(Invitation.token_hash)))
    assert stored == {token_hash(pepper, t) for t in tokens}
    assert last_audit(desk) == (
        desk.admin_email,
        "invitations.issued",
        desk.wave_id,
        desk.unit_ids["team-a"],
        "3 invitations issued as a CSV file",
    )
    assert_kept_nowhere(desk.app, tokens, caplog.text)


def test_slips_come_as_a_pdf(desk: Desk) -> None:
    response = desk.post(desk.unit_url("team-b", "/download"), {"count": 6, "file_format": "pdf"})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert invitation_count(desk) == 6


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"count": "0", "file_format": "csv"}, "Enter a number from 1 to 5,000"),
        ({"count": "", "file_format": "csv"}, "Enter how many invitations to make"),
        ({"count": "lots", "file_format": "pdf"}, "Not a valid integer value"),
        ({"count": "3", "file_format": "xlsx"}, "Not a valid choice"),
    ],
)
def test_bad_input_says_what_is_wrong_and_issues_nothing(
    desk: Desk, form: dict[str, str], message: str
) -> None:
    response = desk.post(desk.unit_url("team-a", "/download"), form)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "There is a problem" in page and message in page
    assert f'value="{form["count"]}"' in page  # what was typed comes back
    assert invitation_count(desk) == 0


def test_a_team_link_is_shown_once_and_its_poster_only_while_it_is_current(desk: Desk) -> None:
    url = desk.unit_url("team-b", "/team-link")
    first = desk.post(url, {}, page=desk.unit_url("team-b"))
    assert first.status_code == 200
    page = first.get_data(as_text=True)
    link, token = TEAM_LINK.search(page).groups()  # type: ignore[union-attr]
    assert "<svg" in page and "not shown again" in page
    poster = desk.post(f"{url}/poster", {"token": token}, page=desk.unit_url("team-b"))
    assert poster.status_code == 200 and poster.data.startswith(b"%PDF")
    assert last_audit(desk)[1:] == (
        "invitations.poster_printed",
        desk.wave_id,
        desk.unit_ids["team-b"],
        "team link poster",
    )

    second = desk.post(url, {}, page=desk.unit_url("team-b"))
    _, newer = TEAM_LINK.search(second.get_data(as_text=True)).groups()  # type: ignore[union-attr]
    assert newer != token
    assert last_audit(desk)[4] == "team link issued, replacing the earlier one"
    stale = desk.post(f"{url}/poster", {"token": token}, page=desk.unit_url("team-b"))
    assert stale.status_code == 400
    assert "That team link has been replaced" in stale.get_data(as_text=True)
    with session_scope(desk.app) as session:
        assert session.scalar(select(func.count()).select_from(TeamLink)) == 1
    assert_kept_nowhere(desk.app, [token, newer])
    unit_page = desk.client.get(desk.unit_url("team-b")).get_data(as_text=True)
    assert newer not in unit_page and "Replace the team link" in unit_page


def test_units_outside_the_admins_scope_are_not_found(desk: Desk) -> None:
    with session_scope(desk.app) as session:
        scoped = add_staff(session, Role.ADMIN, "team-a", "team-a-admin@example.org")
    client = desk.app.test_client()
    sign_in_directly(desk.app, client, scoped.id)
    assert client.get(desk.unit_url("team-a")).status_code == 200
    for key in ("team-b", "svc", "org"):
        assert client.get(desk.unit_url(key)).status_code == 404
        assert client.get(desk.unit_url(key, "/email")).status_code == 404
    listing = client.get(f"/admin/waves/{desk.wave_id}/invitations").get_data(as_text=True)
    assert "Team A" in listing and "Team B" not in listing
    assert client.get("/admin/waves/999/invitations").status_code == 404


def test_a_post_without_its_csrf_token_is_refused(desk: Desk) -> None:
    response = desk.client.post(desk.unit_url("team-a", "/download"), data={"count": 3})
    assert response.status_code == 400
    assert invitation_count(desk) == 0
