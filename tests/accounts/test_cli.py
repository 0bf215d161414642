"""``surveyapp users`` and ``surveyapp api-token``: one-line errors, secrets printed once."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from surveyapp.database import session_scope
from surveyapp.domain.roles import Role
from surveyapp.models import ApiToken, User
from surveyapp.services.passwords import verify_password
from surveyapp.services.units import import_units_csv
from tests.factories import SMALL_COUNCIL

from .support import PASSWORD, sign_in

GENERATED = re.compile(r"Password \(shown once, not stored\): (\S+)")


@pytest.fixture
def council(app: Flask) -> None:
    with app.app_context(), session_scope(app) as session:
        import_units_csv(session, SMALL_COUNCIL)


def stored(app: Flask, email: str) -> User:
    with app.app_context(), session_scope(app) as session:
        user = session.scalars(select(User).where(User.email == email)).one()
        session.expunge(user)
        return user


@pytest.mark.usefixtures("council")
def test_first_admin_with_a_generated_password_that_works(
    app: Flask, runner: FlaskCliRunner
) -> None:
    result = runner.invoke(
        args=["users", "add", "--email", "Head@Example.org", "--role", "admin", "--scope", "org"]
    )
    assert result.exit_code == 0, result.output
    assert "Added admin head@example.org, scope Test Council (org)." in result.output
    match = GENERATED.search(result.output)
    assert match and len(match.group(1)) >= 24
    user = stored(app, "head@example.org")
    assert user.role is Role.ADMIN and user.can_see_comments and user.is_active
    assert match.group(1) not in user.password_hash
    assert verify_password(user.password_hash, match.group(1))
    response = sign_in(app.test_client(), "head@example.org", match.group(1), "/admin/")
    assert response.headers["Location"] == "/admin/"


@pytest.mark.usefixtures("council")
def test_password_from_stdin_and_viewer_options(app: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(
        args=[
            "users",
            "add",
            "--email",
            "board@example.org",
            "--role",
            "viewer",
            "--scope",
            "svc",
            "--max-depth",
            "0",
            "--comments",
            "--password-stdin",
        ],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "Password" not in result.output and PASSWORD not in result.output
    user = stored(app, "board@example.org")
    assert (user.role, user.viewer_max_depth, user.can_see_comments) == (Role.VIEWER, 0, True)
    assert verify_password(user.password_hash, PASSWORD)


@pytest.mark.usefixtures("council")
def test_viewers_default_to_one_level_and_no_comments(app: Flask, runner: FlaskCliRunner) -> None:
    args = ["users", "add", "--email", "v@example.org", "--role", "viewer", "--scope", "org"]
    assert runner.invoke(args=args).exit_code == 0
    user = stored(app, "v@example.org")
    assert (user.viewer_max_depth, user.can_see_comments) == (1, False)


@pytest.mark.usefixtures("council")
@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--scope", "nowhere"], "Error: unknown unit 'nowhere'"),
        (["--scope", "org", "--email", "not-an-email"], "Error: 'not-an-email' is not an email"),
        (["--scope", "org", "--max-depth", "2"], "Error: a maximum depth applies to viewers only"),
        (["--scope", "org", "--no-comments"], "Error: an analyst always sees the comments"),
        (["--scope", "org", "--password-stdin"], "Error: a password needs at least 12 characters"),
    ],
)
def test_add_refuses_with_one_line(runner: FlaskCliRunner, extra: list[str], message: str) -> None:
    base = ["users", "add", "--role", "analyst"]
    if "--email" not in extra:
        base += ["--email", "a@example.org"]
    result = runner.invoke(args=base + extra, input="short\n")
    assert result.exit_code == 1
    assert result.output.startswith(message), result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output


@pytest.mark.usefixtures("council")
def test_duplicate_emails_are_refused_whatever_their_case(runner: FlaskCliRunner) -> None:
    args = ["users", "add", "--role", "analyst", "--scope", "svc", "--email"]
    assert runner.invoke(args=[*args, "a@example.org"]).exit_code == 0
    result = runner.invoke(args=[*args, "A@EXAMPLE.ORG"])
    assert result.exit_code == 1
    assert result.output.strip() == "Error: a user with email a@example.org already exists"


@pytest.mark.usefixtures("council")
def test_list_deactivate_activate_and_sign_out_everywhere(
    app: Flask, runner: FlaskCliRunner
) -> None:
    assert runner.invoke(args=["users", "list"]).output.startswith("No accounts yet.")
    for email, role in (("b@example.org", "viewer"), ("a@example.org", "analyst")):
        args = ["users", "add", "--email", email, "--role", role, "--scope", "svc"]
        assert runner.invoke(args=args).exit_code == 0
    lines = runner.invoke(args=["users", "list"]).output.splitlines()
    assert lines[0].split() == ["email", "role", "scope", "depth", "comments", "status"]
    assert lines[1].split() == ["a@example.org", "analyst", "svc", "all", "yes", "active"]
    assert lines[2].split() == ["b@example.org", "viewer", "svc", "1", "no", "active"]

    result = runner.invoke(args=["users", "deactivate", "--email", "b@example.org"])
    assert result.exit_code == 0 and "Deactivated b@example.org" in result.output
    assert "deactivated" in runner.invoke(args=["users", "list"]).output.splitlines()[2]
    result = runner.invoke(args=["users", "sign-out-everywhere", "--email", "a@example.org"])
    assert result.exit_code == 0
    assert "Signed a@example.org out everywhere and revoked their API tokens." in result.output
    assert runner.invoke(args=["users", "activate", "--email", "b@example.org"]).exit_code == 0
    assert stored(app, "b@example.org").is_active

    for command in ("deactivate", "activate", "sign-out-everywhere", "set-password"):
        result = runner.invoke(args=["users", command, "--email", "nobody@example.org"])
        assert result.exit_code == 1
        assert result.output.strip() == "Error: no user with email nobody@example.org"


@pytest.mark.usefixtures("council")
def test_set_password_replaces_it_and_ends_sessions(app: Flask, runner: FlaskCliRunner) -> None:
    args = ["users", "add", "--email", "a@example.org", "--role", "analyst", "--scope", "svc"]
    runner.invoke(args=[*args, "--password-stdin"], input=PASSWORD + "\n")
    client = app.test_client()
    sign_in(client, "a@example.org")
    result = runner.invoke(args=["users", "set-password", "--email", "a@example.org"])
    assert result.exit_code == 0
    match = GENERATED.search(result.output)
    assert match
    assert client.get("/account").status_code == 302
    assert sign_in(client, "a@example.org").status_code == 400
    assert sign_in(client, "a@example.org", match.group(1)).status_code == 303


@pytest.mark.usefixtures("council")
def test_api_token_create_list_and_revoke(app: Flask, runner: FlaskCliRunner) -> None:
    args = ["users", "add", "--email", "a@example.org", "--role", "analyst", "--scope", "svc"]
    runner.invoke(args=args)
    result = runner.invoke(args=["api-token", "create", "--user", "a@example.org"])
    assert result.exit_code == 0, result.output
    token = result.stdout.strip()
    assert token.startswith("sv_") and len(token) >= 40
    assert "only copy" in result.stderr

    duplicate = runner.invoke(args=["api-token", "create", "--user", "a@example.org"])
    assert duplicate.exit_code == 1
    assert "already has a token labelled 'api'" in duplicate.output
    second = runner.invoke(
        args=["api-token", "create", "--user", "a@example.org", "--label", "reporting"]
    )
    assert second.exit_code == 0
    listed = runner.invoke(args=["api-token", "list", "--user", "a@example.org"]).output
    assert [line.split()[0] for line in listed.splitlines()] == ["api", "reporting"]
    assert token not in listed

    with app.app_context(), session_scope(app) as session:
        hashes = list(session.scalars(select(ApiToken.token_hash)))
        assert len(hashes) == 2 and all(len(h) == 64 and token not in h for h in hashes)

    result = runner.invoke(
        args=["api-token", "revoke", "--user", "a@example.org", "--label", "reporting"]
    )
    assert result.exit_code == 0 and "Revoked token 'reporting'" in result.output
    result = runner.invoke(args=["api-token", "revoke", "--token-stdin"], input=token + "\n")
    assert result.exit_code == 0 and "Revoked token 'api' of a@example.org." in result.output
    again = runner.invoke(args=["api-token", "revoke", "--token-stdin"], input=token + "\n")
    assert again.exit_code == 1 and "no such token" in again.output
    assert runner.invoke(args=["api-token", "list", "--user", "a@example.org"]).output == (
        "No tokens.\n"
    )


@pytest.mark.usefixtures("council")
def test_api_token_errors(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["api-token", "create", "--user", "nobody@example.org"])
    assert result.exit_code == 1
    assert result.output.strip() == "Error: no user with email nobody@example.org"
    result = runner.invoke(args=["api-token", "revoke", "--user", "nobody@example.org"])
    assert result.exit_code == 2 and "exactly one of --label or --all" in result.output
    runner.invoke(
        args=["users", "add", "--email", "a@example.org", "--role", "viewer", "--scope", "svc"]
    )
    runner.invoke(args=["users", "deactivate", "--email", "a@example.org"])
    result = runner.invoke(args=["api-token", "create", "--user", "a@example.org"])
    assert result.exit_code == 1 and "a@example.org is deactivated" in result.output
    runner.invoke(args=["users", "activate", "--email", "a@example.org"])
    for label in ("one", "two"):
        runner.invoke(args=["api-token", "create", "--user", "a@example.org", "--label", label])
    result = runner.invoke(args=["api-token", "revoke", "--user", "a@example.org", "--all"])
    assert result.output.strip() == "Revoked 2 token(s) of a@example.org."
