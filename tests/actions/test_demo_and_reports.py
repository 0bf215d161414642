"""The loop on the demo council, as a newcomer sees it after ``make run``: Children in Care's
caseload action done and workload improving after it, Safeguarding's supervision action
overdue while supervision keeps slipping; the board view, the board pack and the poster."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from surveyapp.database import session_scope
from surveyapp.domain.actions import ActionStatus
from surveyapp.domain.disclosure import measures
from surveyapp.domain.roles import Role
from surveyapp.models import Action, Wave
from surveyapp.reporting import invitation_slips
from surveyapp.runtime import runtime
from surveyapp.services.actions import unit_actions


@pytest.fixture
def app(demo_app: Flask) -> Flask:
    return demo_app


def test_the_demo_tells_both_stories(app: Flask, demo: dict[str, int]) -> None:
    with app.app_context(), session_scope(app) as session:
        actions = {a.unit.key: a for a in session.scalars(select(Action))}
        assert set(actions) == {"children-in-care", "safeguarding"}
        caseloads, supervision = actions["children-in-care"], actions["safeguarding"]
        assert caseloads.status is ActionStatus.DONE
        assert caseloads.measure == measures.theme("workload")
        assert supervision.status is ActionStatus.IN_PROGRESS
        assert supervision.due_on < dt.date.today()  # overdue
        latest = session.get(Wave, demo["wave"])
        assert latest is not None
        banks, settings = runtime(app).banks, runtime(app).plan_settings
        (care,) = unit_actions(
            session, latest, demo["children-in-care"], banks, settings, dt.date.today()
        )
        assert care.change.marker == "up" and not care.is_overdue
        (safeguarding,) = unit_actions(
            session, latest, demo["safeguarding"], banks, settings, dt.date.today()
        )
        assert safeguarding.is_overdue and safeguarding.change.marker in ("down", "no clear change")
        # the wave right after the caseload action already shows workload improving
        after = session.scalars(
            select(Wave).where(Wave.opens_on > caseloads.wave.closes_on).order_by(Wave.opens_on)
        ).first()
        assert after is not None
        (next_wave,) = unit_actions(
            session, after, demo["children-in-care"], banks, settings, dt.date.today()
        )
        assert next_wave.change.marker == "up"


def test_the_board_view_lists_counts_and_the_overdue_action(
    client: FlaskClient, demo: dict[str, int], sign_in: Callable[..., object]
) -> None:
    sign_in(Role.VIEWER)
    page = client.get(f"/board/waves/{demo['wave']}/units/{demo['northbridge']}").get_data(
        as_text=True
    )
    assert "Actions by theme and status" in page and "Overdue actions (1)" in page
    assert "Protect supervision" in page and "safeguarding.manager@northbridge.example" in page


def test_a_board_that_sees_only_the_organisation_sees_none_of_the_services_actions(
    client: FlaskClient, demo: dict[str, int], sign_in: Callable[..., object]
) -> None:
    sign_in(Role.VIEWER, viewer_max_depth=0)
    page = client.get(f"/board/waves/{demo['wave']}/units/{demo['northbridge']}").get_data(
        as_text=True
    )
    assert "No actions have been recorded on these results yet." in page
    assert "Protect supervision" not in page


def test_the_board_pack_has_an_actions_section(
    app: Flask, tmp_path: Path, demo: dict[str, int]
) -> None:
    out = tmp_path / "pack"
    result = app.test_cli_runner().invoke(
        args=[
            "report",
            "build",
            "--wave",
            str(demo["wave"]),
            "--unit",
            "northbridge",
            "--layout",
            "board-pack",
            "--format",
            "html",
            "--out",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.output
    (html,) = out.glob("*.html")
    text = html.read_text()
    assert "<h2>Actions</h2>" in text and "Overdue actions (1)" in text
    assert "Bring caseloads down" not in text.split("Overdue actions")[1]  # done: not overdue


def test_the_team_poster_carries_the_staff_page_qr_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    encoded: list[str] = []
    real = invitation_slips._qr_png

    def recording(link: str, scale: int = 8):  # type: ignore[no-untyped-def]
        encoded.append(link)
        return real(link, scale)

    monkeypatch.setattr(invitation_slips, "_qr_png", recording)
    page = "https://survey.example.org/you-said-we-did/abcdefghijklmnopqrstuvwxyz"
    invitation_slips.team_poster_pdf(
        "TOKEN", "https://survey.example.org", "Pulse", "Team A", tmp_path / "p.pdf", page
    )
    assert encoded == ["https://survey.example.org/t/TOKEN", page]
    invitation_slips.team_poster_pdf(
        "TOKEN", "https://survey.example.org", "Pulse", "Team A", tmp_path / "q.pdf"
    )
    assert encoded[2:] == ["https://survey.example.org/t/TOKEN"]
