"""The reminders page: keep a list (sealed), choose dates, cancel one, delete the list; bad
dates are refused naming the field; every change is in the audit trail without an address."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from surveyapp.database import session_scope
from surveyapp.models import AuditEntry, ReminderDate, Wave
from tests.support.leaks import assert_kept_nowhere

from .conftest import Desk

TEAM = ["sam.jones@example.org", "lee.smith@example.org"]
TODAY = dt.date.today()


def page_url(desk: Desk) -> str:
    return desk.unit_url("team-a", "/reminders")


def keep(desk: Desk, text: str):  # type: ignore[no-untyped-def]
    return desk.post(f"{page_url(desk)}/list", {"addresses": text}, page=page_url(desk))


def add(desk: Desk, **fields: object):  # type: ignore[no-untyped-def]
    return desk.post(f"{page_url(desk)}/dates", fields, page=page_url(desk))


def date_fields(day: dt.date) -> dict[str, object]:
    return {"send_on-day": day.day, "send_on-month": day.month, "send_on-year": day.year}


def dates(desk: Desk) -> list[dt.date]:
    with session_scope(desk.app) as session:
        return list(session.scalars(select(ReminderDate.send_on).order_by(ReminderDate.send_on)))


def test_a_list_is_kept_sealed_and_reminded_on_chosen_days(desk: Desk) -> None:
    kept = keep(desk, "\n".join([*TEAM, "oops"])).get_data(as_text=True)
    assert "2 addresses are kept for reminders, encrypted" in kept
    assert "Lines not kept" in kept and ">oops</th>" in kept
    assert add(desk, **date_fields(TODAY)).status_code == 303
    assert add(desk, days_before_close=3).status_code == 303
    with session_scope(desk.app) as session:
        wave = session.get(Wave, desk.wave_id)
        assert wave is not None and wave.closes_on is not None
        closes = wave.closes_on
    assert dates(desk) == [TODAY, closes - dt.timedelta(days=3)]
    page = desk.client.get(page_url(desk)).get_data(as_text=True)
    assert "A reminder will go on" in page and page.count("Waiting") == 2
    remove = desk.post(
        f"{page_url(desk)}/dates/remove", {"send_on": TODAY.isoformat()}, page=page_url(desk)
    )
    assert remove.status_code == 303 and dates(desk) == [closes - dt.timedelta(days=3)]
    with session_scope(desk.app) as session:
        trail = [
            (e.action, e.detail)
            for e in session.scalars(select(AuditEntry).order_by(AuditEntry.sequence))
        ]
    assert [action for action, _ in trail] == [
        "reminders.list_kept",
        "reminders.date_added",
        "reminders.date_added",
        "reminders.date_removed",
    ]
    assert_kept_nowhere(desk.app, TEAM)


def test_bad_dates_are_refused_by_field(desk: Desk) -> None:
    keep(desk, "\n".join(TEAM))
    cases = {
        "Enter a date, or a number of days before the survey closes": {},
        "Send a reminder on must include a month": {"send_on-day": 3, "send_on-year": 2030},
        "has passed": date_fields(TODAY - dt.timedelta(days=1)),
        "before that date": date_fields(TODAY + dt.timedelta(days=60)),
        "Enter a date or a number of days, not both": {
            **date_fields(TODAY),
            "days_before_close": 1,
        },
        "Enter a number of days from 0 to 365": {"days_before_close": 900},
    }
    for message, fields in cases.items():
        response = add(desk, **fields)
        assert response.status_code == 400, message
        assert message in response.get_data(as_text=True), message
    assert dates(desk) == []


def test_no_dates_before_a_list_and_deleting_the_list_deletes_its_dates(desk: Desk) -> None:
    page = desk.client.get(page_url(desk)).get_data(as_text=True)
    assert "Keep an address list first" in page
    assert "Keep an address list" in add(desk, **date_fields(TODAY)).get_data(as_text=True)
    keep(desk, TEAM[0])
    add(desk, **date_fields(TODAY))
    forget = desk.post(f"{page_url(desk)}/forget", {}, page=page_url(desk))
    assert forget.status_code == 303 and dates(desk) == []
    assert "No addresses are kept" in desk.client.get(page_url(desk)).get_data(as_text=True)
