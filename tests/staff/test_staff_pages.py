"""Staff accounts through the pages: add within scope, a set-password link by email, deactivate,
reactivate and sign out everywhere, each audited without an address; outside the admin's scope
nothing is found."""

from __future__ import annotations

import re

from sqlalchemy import select

from surveyapp.database import session_scope
from surveyapp.domain.roles import Role
from surveyapp.models import AuditEntry, PasswordLink, User
from surveyapp.services.units import unit_by_key
from tests.conftest import add_staff
from tests.support.leaks import assert_kept_nowhere
from tests.support.smtp import text_of
from tests.support.staff import sign_in_directly

from .conftest import Office, csrf

LINK = re.compile(r"^http://127\.0\.0\.1:5000/set-password/(\S+)$", re.M)


def unit_id(office: Office, key: str) -> int:
    with session_scope(office.app) as session:
        unit = unit_by_key(session, key)
        assert unit is not None
        return unit.id


def add(office: Office, **fields: object):  # type: ignore[no-untyped-def]
    form = {
        "email": "lee.smith@example.org",
        "role": "analyst",
        "scope_unit_id": unit_id(office, "team-a"),
        "viewer_max_depth": "1",
        "send_link": "y",
        **fields,
    }
    return office.post("/admin/staff/new", form, page="/admin/staff/new")


def trail(office: Office) -> list[tuple[str, str]]:
    with session_scope(office.app) as session:
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.sequence))
        return [(e.action, e.detail) for e in entries]


def account(office: Office, email: str) -> User:
    with session_scope(office.app) as session:
        user = session.scalars(select(User).where(User.email == email)).one()
        session.expunge(user)
        return user


def test_a_new_account_is_emailed_a_link_to_set_its_password(office: Office) -> None:
    response = add(office)
    assert response.status_code == 303
    user = account(office, "lee.smith@example.org")
    assert (user.role, user.scope_unit_id) == (Role.ANALYST, unit_id(office, "team-a"))
    assert response.headers["Location"] == f"/admin/staff/{user.id}"
    page = office.client.get(f"/admin/staff/{user.id}").get_data(as_text=True)
    assert "The account for lee.smith@example.org is added." in page
    assert "A link to set their password has been emailed to them." in page
    (message,) = office.mail.messages()
    assert message["To"] == "lee.smith@example.org"
    text = text_of(message)
    token = LINK.search(text).group(1)  # type: ignore[union-attr]
    assert "password" in text and "The link works once" in text
    assert trail(office) == [
        ("staff.added", f"account {user.id} added as analyst"),
        ("staff.password_link_sent", f"set-password link for account {user.id}"),
    ]
    assert_kept_nowhere(office.app, [token])


def test_a_viewer_gets_depth_and_comments_others_do_not(office: Office) -> None:
    add(
        office, email="board@example.org", role="viewer", viewer_max_depth="0", can_see_comments="y"
    )
    add(office, email="hr@example.org", role="admin", viewer_max_depth="3")
    viewer, admin = account(office, "board@example.org"), account(office, "hr@example.org")
    assert (viewer.viewer_max_depth, viewer.can_see_comments) == (0, True)
    assert (admin.viewer_max_depth, admin.can_see_comments) == (1, True)


def test_bad_input_is_refused_naming_the_field(office: Office) -> None:
    add_staff_in(office, "lee.smith@example.org")
    cases = {
        "Enter their email address": {"email": ""},
        "is not an email address": {"email": "not an address"},
        "already exists": {},
        "Choose a role": {"email": "new@example.org", "role": ""},
        "Not a valid choice": {"email": "new@example.org", "scope_unit_id": "999"},
        "Enter a number from 0 to 10": {"email": "new@example.org", "viewer_max_depth": "11"},
    }
    for message, fields in cases.items():
        response = add(office, **fields)
        assert response.status_code == 400, message
        page = response.get_data(as_text=True)
        assert "There is a problem" in page and message in page, message
    with session_scope(office.app) as session:
        assert session.scalar(select(User).where(User.email == "new@example.org")) is None


def add_staff_in(office: Office, email: str, scope: str = "team-a") -> int:
    with session_scope(office.app) as session:
        return add_staff(session, Role.ANALYST, scope, email).id


def test_a_link_the_mail_server_refuses_leaves_nothing_behind(office: Office) -> None:
    office.mail.refuse = {"lee.smith@example.org"}
    response = add(office)
    user = account(office, "lee.smith@example.org")
    page = response.get_data(as_text=True)
    assert "The account for lee.smith@example.org is added." in page
    assert "The link could not be sent: refused by the mail server: 550" in page
    with session_scope(office.app) as session:
        assert session.scalars(select(PasswordLink)).all() == []
    assert trail(office)[-1] == (
        "staff.password_link_not_sent",
        f"set-password link for account {user.id} could not be sent",
    )


def test_deactivate_reactivate_and_sign_out_everywhere(office: Office) -> None:
    other = add_staff_in(office, "lee.smith@example.org")
    theirs = office.app.test_client()
    sign_in_directly(office.app, theirs, other)
    assert theirs.get("/account").status_code == 200
    page = f"/admin/staff/{other}"
    assert office.post(f"{page}/sign-out-everywhere", page=page).status_code == 303
    assert theirs.get("/account").status_code == 302  # sent to sign in
    sign_in_directly(office.app, theirs, other)
    assert office.post(f"{page}/deactivate", page=page).status_code == 303
    assert theirs.get("/account").status_code == 302
    assert not account(office, "lee.smith@example.org").is_active
    assert "Reactivate the account" in office.client.get(page).get_data(as_text=True)
    assert office.post(f"{page}/reactivate", page=page).status_code == 303
    assert account(office, "lee.smith@example.org").is_active
    assert [action for action, _ in trail(office)] == [
        "staff.signed_out_everywhere",
        "staff.deactivated",
        "staff.reactivated",
    ]


def test_an_admin_cannot_deactivate_themself(office: Office) -> None:
    page = f"/admin/staff/{office.admin_id}"
    assert "Deactivate the account" not in office.client.get(page).get_data(as_text=True)
    refused = office.post(f"{page}/deactivate", page=page)
    assert refused.status_code == 400
    assert "You cannot deactivate your own account" in refused.get_data(as_text=True)
    assert account(office, "admin@example.org").is_active


def test_accounts_outside_the_admins_scope_are_not_found(office: Office) -> None:
    outside = add_staff_in(office, "board@example.org", scope="org")
    inside = add_staff_in(office, "lee.smith@example.org", scope="team-a")
    with session_scope(office.app) as session:
        scoped_admin = add_staff(session, Role.ADMIN, "svc", "svc-admin@example.org").id
    client = office.app.test_client()
    sign_in_directly(office.app, client, scoped_admin)
    listing = client.get("/admin/staff/").get_data(as_text=True)
    assert "lee.smith@example.org" in listing and "board@example.org" not in listing
    assert client.get(f"/admin/staff/{inside}").status_code == 200
    assert client.get(f"/admin/staff/{outside}").status_code == 404
    token = csrf(client, "/admin/staff/")
    assert (
        client.post(f"/admin/staff/{outside}/deactivate", data={"csrf_token": token}).status_code
        == 404
    )
    new = client.get("/admin/staff/new").get_data(as_text=True)
    assert "Test Service" in new and "Test Council" not in new
    refused = client.post(
        "/admin/staff/new",
        data={
            "csrf_token": token,
            "email": "x@example.org",
            "role": "admin",
            "scope_unit_id": unit_id(office, "org"),
        },
    )
    assert refused.status_code == 400 and "Not a valid choice" in refused.get_data(as_text=True)


def test_signing_yourself_out_everywhere_ends_this_session_too(office: Office) -> None:
    page = f"/admin/staff/{office.admin_id}"
    response = office.post(f"{page}/sign-out-everywhere", page=page)
    assert response.headers["Location"] == "/signed-out?everywhere=1"
    assert office.client.get("/admin/staff/").status_code == 302
