"""Issuance is accountable and over-issue needs a second admin, through the pages (both
databases): who issued what is kept per account, wave and unit and in the audit trail; more
invitations than a unit's headcount are refused until another admin approves; the board view
shows issued against headcount and flags the unit."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import func, select, update

from surveyapp.database import session_scope
from surveyapp.domain.roles import Role
from surveyapp.models import AuditEntry, Invitation, InvitationIssuer, OverIssueApproval, Wave
from surveyapp.services.waves import close_wave
from tests.conftest import add_staff
from tests.support.sealed import TEST_CIPHER
from tests.support.staff import sign_in_directly

from .conftest import Desk

TEAM_A_HEADCOUNT = 8


def invitations_of(desk: Desk, key: str) -> int:
    with session_scope(desk.app) as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(Invitation)
                .where(Invitation.unit_id == desk.unit_ids[key])
            )
            or 0
        )


def audit(desk: Desk, action: str) -> list[AuditEntry]:
    with session_scope(desk.app) as session:
        found = list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))
        session.expunge_all()
        return found


def second_admin(desk: Desk, email: str = "second@example.org") -> FlaskClient:
    with desk.app.app_context(), session_scope(desk.app) as session:
        user_id = add_staff(session, Role.ADMIN, "org", email).id
    client = desk.app.test_client()
    sign_in_directly(desk.app, client, user_id)
    return client


def post_with(client: FlaskClient, page: str, url: str, data: dict[str, object]):  # type: ignore[no-untyped-def]
    from .conftest import CSRF

    found = CSRF.search(client.get(page).get_data(as_text=True))
    assert found, page
    return client.post(url, data={"csrf_token": found.group(1), **data})


def download(desk: Desk, count: int):  # type: ignore[no-untyped-def]
    return desk.post(desk.unit_url("team-a", "/download"), {"count": count, "file_format": "csv"})


def test_issuing_is_kept_per_account_and_audited(desk: Desk) -> None:
    assert download(desk, 3).status_code == 200
    assert desk.post(desk.unit_url("team-b", "/team-link"), {}).status_code == 200
    with session_scope(desk.app) as session:
        kept = {(i.wave_id, i.unit_id) for i in session.scalars(select(InvitationIssuer))}
    assert kept == {
        (desk.wave_id, desk.unit_ids["team-a"]),
        (desk.wave_id, desk.unit_ids["team-b"]),
    }
    [issued] = audit(desk, "invitations.issued")
    assert (issued.actor, issued.unit_id, issued.detail) == (
        desk.admin_email,
        desk.unit_ids["team-a"],
        "3 invitations issued as a CSV file",
    )
    [link] = audit(desk, "invitations.team_link_issued")
    assert (link.actor, link.wave_id, link.unit_id) == (
        desk.admin_email,
        desk.wave_id,
        desk.unit_ids["team-b"],
    )


def test_beyond_the_headcount_needs_a_second_admin(desk: Desk) -> None:
    assert download(desk, TEAM_A_HEADCOUNT - 2).status_code == 200
    refused = download(desk, 3)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "has a headcount of 8 and 6 invitations issued already" in page
    assert "needs another admin&#39;s approval" in page
    assert invitations_of(desk, "team-a") == TEAM_A_HEADCOUNT - 2

    more = desk.unit_url("team-a", "/more")
    asked = desk.post(more, {"count": 3, "reason": "Two starters since the survey opened."}, more)
    assert asked.status_code == 303
    # The requester cannot approve their own request, and it is not even offered to them.
    own = desk.client.get("/admin/invitations/approvals").get_data(as_text=True)
    assert "There are no requests waiting for you" in own
    with session_scope(desk.app) as session:
        request_id = session.scalars(select(OverIssueApproval.id)).one()
    mine = post_with(
        desk.client,
        "/admin/invitations/approvals",
        f"/admin/invitations/approvals/{request_id}",
        {},
    )
    assert mine.status_code == 400 and "another admin has to approve it" in mine.get_data(
        as_text=True
    )
    assert download(desk, 3).status_code == 400, "still refused before the approval"

    other = second_admin(desk)
    listed = other.get("/admin/invitations/approvals").get_data(as_text=True)
    assert "Two starters since the survey opened." in listed and desk.admin_email in listed
    approved = post_with(
        other, "/admin/invitations/approvals", f"/admin/invitations/approvals/{request_id}", {}
    )
    assert approved.status_code == 303
    [entry] = audit(desk, "invitations.over_issue_approved")
    assert entry.actor == "second@example.org" and desk.admin_email in entry.detail

    assert download(desk, 4).status_code == 400, "more than was approved"
    assert download(desk, 3).status_code == 200
    assert invitations_of(desk, "team-a") == TEAM_A_HEADCOUNT + 1
    [used] = audit(desk, "invitations.over_issue_used")
    assert used.actor == desk.admin_email and "approved by second@example.org" in used.detail
    assert download(desk, 1).status_code == 400, "an approval is used once"


def test_an_approval_expires(desk: Desk) -> None:
    download(desk, TEAM_A_HEADCOUNT)
    more = desk.unit_url("team-a", "/more")
    desk.post(more, {"count": 1, "reason": "A slip was lost."}, more)
    with session_scope(desk.app) as session:
        request_id = session.scalars(select(OverIssueApproval.id)).one()
    other = second_admin(desk)
    post_with(
        other, "/admin/invitations/approvals", f"/admin/invitations/approvals/{request_id}", {}
    )
    with session_scope(desk.app) as session:
        past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
        session.execute(update(OverIssueApproval).values(expires_at=past))
    assert download(desk, 1).status_code == 400


def test_a_request_needs_a_reason(desk: Desk) -> None:
    more = desk.unit_url("team-a", "/more")
    refused = desk.post(more, {"count": 3, "reason": ""}, more)
    assert refused.status_code == 400
    assert "Say why the team needs more invitations" in refused.get_data(as_text=True)
    with session_scope(desk.app) as session:
        assert session.scalar(select(func.count()).select_from(OverIssueApproval)) == 0


def test_the_board_view_shows_issued_against_headcount_and_flags_over_issue(desk: Desk) -> None:
    download(desk, TEAM_A_HEADCOUNT)
    more = desk.unit_url("team-a", "/more")
    desk.post(more, {"count": 2, "reason": "Agency staff covering the team."}, more)
    with session_scope(desk.app) as session:
        request_id = session.scalars(select(OverIssueApproval.id)).one()
    other = second_admin(desk)
    post_with(
        other, "/admin/invitations/approvals", f"/admin/invitations/approvals/{request_id}", {}
    )
    download(desk, 2)
    desk.post(desk.unit_url("team-b", "/download"), {"count": 4, "file_format": "csv"})
    with session_scope(desk.app) as session:
        wave = session.get(Wave, desk.wave_id)
        assert wave is not None
        close_wave(session, wave, dt.date.today(), TEST_CIPHER)
    board = second_admin(desk, "board@example.org")
    page = board.get(f"/board/waves/{desk.wave_id}/units/{desk.unit_ids['org']}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    # The top of the tree sums each unit below it; the flag still names the team.
    assert 'Test Service <span class="hint">and the 2 units under it</span>' in text
    assert "14 invitations issued for a headcount of 15" in text
    assert "1 unit was given more than the headcount" in text
    assert "1 unit was given more than its headcount: Team A." in text
    assert "10 invitations issued" not in text
    service = board.get(f"/board/waves/{desk.wave_id}/units/{desk.unit_ids['svc']}")
    text = service.get_data(as_text=True)
    assert "10 invitations issued for a headcount of 8" in text
    assert "More than the headcount" in text
    assert "4 invitations issued for a headcount of 6" in text
    assert "1 unit was given more than its headcount: Team A." in text
    # (a unit's dashboard shows the same table when it has results: test_separation_of_duties)


def test_the_command_line_is_audited_as_such(
    desk: Desk, runner: FlaskCliRunner, tmp_path: object, app: Flask
) -> None:
    out = f"{tmp_path}/team.csv"
    result = runner.invoke(
        args=["invitations", "issue", "--wave", str(desk.wave_id), "--unit", "team-a"]
        + ["--count", "2", "--out", out]
    )
    assert result.exit_code == 0, result.output
    [entry] = audit(desk, "invitations.issued")
    assert entry.actor.startswith("command line (") and entry.detail.startswith("2 invitations")
    beyond = runner.invoke(
        args=["invitations", "issue", "--wave", str(desk.wave_id), "--unit", "team-a"]
        + ["--count", "7", "--out", f"{tmp_path}/more.csv"]
    )
    assert beyond.exit_code != 0 and "another admin's approval" in beyond.output
    link = runner.invoke(
        args=["invitations", "team-link", "--wave", str(desk.wave_id)] + ["--unit", "team-b"]
    )
    assert link.exit_code == 0, link.output
    [linked] = audit(desk, "invitations.team_link_issued")
    assert linked.actor.startswith("command line (")
    with session_scope(desk.app) as session:
        assert session.scalar(select(func.count()).select_from(InvitationIssuer)) == 0
