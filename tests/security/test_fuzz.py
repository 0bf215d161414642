"""Hypothesis throws random input at every form and every URL parameter: nothing answers 5xx.

One database for the module: a copy of the demo council (closed waves, plans, staff pages with
real data) plus an open wave of the small test council with invitations and a team link. The
routes are read from the app's URL map, so a route added later is fuzzed without editing this
file. Rate limits are off so that every example reaches the code behind them; CSRF is on for some
examples and off for the rest, so the checks behind the token are reached too.

Each test checks that it ran its budget of examples; the budgets add up to more than 10,000.
"""

from __future__ import annotations

import datetime as dt
import string
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.routing import Rule

from surveyapp.accounts.access import access_rule
from surveyapp.database import get_engine, session_scope
from surveyapp.domain.roles import Role
from surveyapp.domain.tokens import new_token
from surveyapp.models import Unit, Wave, WaveState
from surveyapp.respond.journey import answer_keys
from surveyapp.runtime import runtime
from surveyapp.services.entry import EntryKind, admit, resolve_entry_point
from surveyapp.services.invitations import issue_invitations, issue_team_link
from surveyapp.services.units import unit_by_key
from surveyapp.services.users import existing_user
from surveyapp.services.waves import create_wave, open_wave
from tests.conftest import app_on_copy
from tests.factories import staff_of_every_role
from tests.support.staff import sign_in_directly

BUDGET = {
    "code": 1800,
    "links": 1800,
    "survey": 3300,
    "sign_in": 200,  # each attempt checks a password hash on purpose: slow by design
    "pages": 1400,
    "forms": 500,
    "api": 1000,
}
MINIMUM_TOTAL = 10_000
RAN: Counter[str] = Counter()
HUGE = 2**70


def fuzz(budget: str) -> settings:
    return settings(
        max_examples=BUDGET[budget], deadline=None, suppress_health_check=list(HealthCheck)
    )


@dataclass
class World:
    app: Flask
    client: FlaskClient
    entries: list[dict[str, object]]
    codes: list[str]
    team_link: str
    emails: dict[Role, str]
    tokens: dict[Role, str]
    wave_ids: list[int]
    unit_ids: list[int]
    answer_keys: list[str]
    options: dict[str, list[str]]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, sqlite_demo_template: Path) -> Iterator[World]:
    app = app_on_copy(sqlite_demo_template, tmp_path_factory.mktemp("fuzz"))
    pepper = app.config["TOKEN_PEPPER"]
    bank = runtime(app).banks["social-work-pulse"]
    with app.app_context(), session_scope(app) as session:
        team = unit_by_key(session, "safeguarding-01")
        root = unit_by_key(session, "northbridge")
        assert team is not None and root is not None
        wave = create_wave(session, bank, root, "Pulse: fuzz", dt.date.today() + dt.timedelta(7))
        open_wave(session, wave, 5, 10, dt.date.today())
        codes = issue_invitations(session, wave, team, 50, pepper)
        link = issue_team_link(session, wave, team, pepper)
        entries = [
            admit(session, pepper, resolve_entry_point(session, pepper, c, EntryKind.INVITATION))
            for c in codes[:25]
        ] + [
            admit(session, pepper, resolve_entry_point(session, pepper, link, EntryKind.TEAM_LINK))
            for _ in range(25)
        ]
        entries = [entry.to_session() for entry in entries]
        closed = session.scalars(select(Wave).where(Wave.state == WaveState.CLOSED)).first()
        assert closed is not None
        # An entry whose wave has since closed, as a respondent who lingered would hold.
        entries.append({**entries[-1], "wave": closed.id})
        # Separate accounts for cookies and tokens: a fuzzed sign-out-everywhere revokes tokens.
        emails, _ = staff_of_every_role(session, pepper, root, "fuzz-", "fuzz")
        _, tokens = staff_of_every_role(session, pepper, root, "fuzz-api-", "fuzz")
        wave_ids = sorted(session.scalars(select(Wave.id)))
        unit_ids = sorted(session.scalars(select(Unit.id).order_by(Unit.id).limit(10)))
        unit_ids = sorted({root.id, team.id, *unit_ids})
    options = {
        q.key: [str(o.key) for o in q.options] if q.options else [str(v) for v in range(0, 11)]
        for q in bank.questions
    }
    for demographic in bank.demographics:
        options[demographic.key] = [band.key for band in demographic.bands]
    yield World(
        app,
        app.test_client(),
        entries,
        codes[25:],
        link,
        emails,
        tokens,
        wave_ids,
        unit_ids,
        sorted(answer_keys(bank)),
        options,
    )
    get_engine(app).dispose()


# --- strategies -----------------------------------------------------------------------------

TEXT = st.text(max_size=60)
WILD_TEXT = st.one_of(
    TEXT,
    st.text(alphabet=string.printable, max_size=200),
    st.sampled_from(
        [
            "",
            " ",
            "0",
            "-1",
            "1e9",
            "null",
            "[]",
            "{}",
            "<script>",
            "%00",
            "'; DROP TABLE answer; --",
            "../../etc/passwd",
            "\u202e",
            "\x00",
            "🙂" * 20,
            str(HUGE),
            "9" * 400,
        ]
    ),
)
SEGMENT = st.one_of(
    st.text(min_size=1, max_size=60).map(lambda s: quote(s, safe="")),
    st.builds(new_token),
    st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ23456789-", min_size=1, max_size=40),
)
QUERY = st.dictionaries(
    st.sampled_from(["next", "page", "q", "format", "wave", "unit", "sort"]) | TEXT,
    WILD_TEXT,
    max_size=3,
)


def ids(world: World, pool: list[int]) -> st.SearchStrategy[int]:
    return st.one_of(
        st.sampled_from(pool),
        st.integers(0, 2**31 + 5),
        st.integers(0, HUGE),
        st.sampled_from([0, 2**63 - 1, 2**63, 2**64]),
    )


def assert_no_server_error(response, where: str) -> None:  # type: ignore[no-untyped-def]
    try:
        assert response.status_code < 500, (
            f"{where} -> {response.status_code}: {response.get_data(as_text=True)[:500]}"
        )
    finally:
        response.close()  # a static file is served as an open file until closed


def set_csrf(world: World, enabled: bool) -> None:
    world.app.config["WTF_CSRF_ENABLED"] = enabled


def csrf_token(world: World) -> str:
    from tests.respond.conftest import csrf_of

    return csrf_of(world.client.get("/code").get_data(as_text=True))


# --- respondent forms and links ---------------------------------------------------------------


def test_code_form(world: World) -> None:
    @fuzz("code")
    @given(
        code=st.one_of(
            WILD_TEXT,
            st.builds(new_token),
            st.sampled_from(world.codes),
            st.sampled_from(world.codes).map(lambda c: c.lower().replace("", " ")),
        ),
        extra=st.dictionaries(TEXT, WILD_TEXT, max_size=3),
        csrf=st.sampled_from(["none", "valid", "junk"]),
    )
    def post(code: str, extra: dict[str, str], csrf: str) -> None:
        RAN["code"] += 1
        set_csrf(world, csrf != "none")
        form = {**extra, "code": code}
        if csrf == "valid":
            form["csrf_token"] = csrf_token(world)
        elif csrf == "junk":
            form["csrf_token"] = code
        assert_no_server_error(world.client.post("/code", data=form), f"POST /code {form!r}")

    post()
    assert RAN["code"] >= BUDGET["code"]


def test_invitation_and_team_links(world: World) -> None:
    @fuzz("links")
    @given(
        kind=st.sampled_from(["i", "t"]),
        token=st.one_of(SEGMENT, st.sampled_from([*world.codes, world.team_link])),
        query=QUERY,
    )
    def follow(kind: str, token: str, query: dict[str, str]) -> None:
        RAN["links"] += 1
        response = world.client.get(f"/{kind}/{token}", query_string=query)
        assert_no_server_error(response, f"GET /{kind}/{token}")
        world.client.delete_cookie("session")

    follow()
    assert RAN["links"] >= BUDGET["links"]


def test_survey_pages(world: World) -> None:
    def answers_for(keys: list[str]) -> st.SearchStrategy[dict[str, str]]:
        value = st.one_of(*(st.sampled_from(v) for v in world.options.values()), WILD_TEXT)
        return st.dictionaries(st.sampled_from(keys), value, max_size=len(keys))

    @fuzz("survey")
    @given(
        entry=st.one_of(st.none(), st.sampled_from(world.entries)),
        answers=answers_for(world.answer_keys),
        unknown=st.dictionaries(TEXT, WILD_TEXT, max_size=2),
        action=st.one_of(
            st.sampled_from(
                [
                    "next",
                    "back",
                    "submit",
                    "change-1",
                    "change-3",
                    "change-0",
                    "change-99",
                    "change-x",
                    "change-",
                ]
            ),
            st.integers(-(2**70), 2**70).map(lambda n: f"change-{n}"),
            WILD_TEXT,
        ),
        page=st.one_of(
            st.sampled_from(["0", "1", "2", "3", "4", "-1", "-10", str(HUGE), str(-HUGE)]),
            st.integers(-(2**70), 2**70).map(str),
            WILD_TEXT,
        ),
        with_page=st.booleans(),
        method=st.sampled_from(["POST", "POST", "POST", "GET"]),
        csrf=st.sampled_from(["none", "none", "valid", "missing"]),
    )
    def answer(
        entry: dict[str, object] | None,
        answers: dict[str, str],
        unknown: dict[str, str],
        action: str,
        page: str,
        with_page: bool,
        method: str,
        csrf: str,
    ) -> None:
        RAN["survey"] += 1
        set_csrf(world, csrf != "none")
        world.client.delete_cookie("session")
        form: dict[str, str] = {**answers, "action": action}
        if with_page:
            form["page"] = page
        if unknown and action != "submit":
            form.update(unknown)
        if csrf == "valid":
            form["csrf_token"] = csrf_token(world)
        if entry is not None:
            with world.client.session_transaction() as session:
                session["entry"] = entry
        response = world.client.open("/survey", method=method, data=form)
        assert_no_server_error(response, f"{method} /survey {entry!r} {form!r}")

    answer()
    assert RAN["survey"] >= BUDGET["survey"]


def test_sign_in_form(world: World) -> None:
    @fuzz("sign_in")
    @given(
        email=st.one_of(WILD_TEXT, st.sampled_from(list(world.emails.values()))),
        password=WILD_TEXT,
        next_page=st.one_of(
            st.none(),
            WILD_TEXT,
            st.sampled_from(["//evil.example", "/admin/", "https://x", "/\\x"]),
        ),
        csrf=st.sampled_from(["none", "valid", "missing"]),
    )
    def sign_in(email: str, password: str, next_page: str | None, csrf: str) -> None:
        RAN["sign_in"] += 1
        set_csrf(world, csrf != "none")
        world.client.delete_cookie("session")
        form = {"email": email, "password": password}
        if next_page is not None:
            form["next"] = next_page
        if csrf == "valid":
            form["csrf_token"] = csrf_token(world)
        response = world.client.post("/sign-in", data=form, query_string={"next": next_page or ""})
        assert_no_server_error(response, f"POST /sign-in {form!r}")

    sign_in()
    assert RAN["sign_in"] >= BUDGET["sign_in"]


# --- every other route, from the URL map --------------------------------------------------------


def rules(world: World, method: str, blueprint: str | None = None) -> list[Rule]:
    found = []
    for rule in world.app.url_map.iter_rules():
        if method not in (rule.methods or ()) or rule.endpoint in FUZZED_ABOVE:
            continue
        if rule.endpoint.partition(".")[0] in SLOW_BLUEPRINT_ENDPOINTS:
            continue
        is_api = rule.endpoint.startswith("api.")
        if (blueprint == "api") == is_api:
            found.append(rule)
    return found


# Fuzzed by the tests above with forms of their own.
FUZZED_ABOVE = {
    "respond.code",
    "respond.survey",
    "respond.start",
    "respond.answer",
    "respond.invitation_link",
    "respond.team_link",
    "accounts.sign_in",
}
SLOW_BLUEPRINT_ENDPOINTS: set[str] = set()


def build_path(world: World, rule: Rule, data: st.DataObject) -> str:
    values: dict[str, object] = {}
    for argument in sorted(rule.arguments):
        converter = type(rule._converters[argument]).__name__
        if converter == "IntegerConverter":
            pool = world.wave_ids if "wave" in argument else world.unit_ids
            values[argument] = data.draw(ids(world, pool), label=argument)
        elif converter == "PathConverter":
            values[argument] = data.draw(
                st.one_of(st.sampled_from(["app.css", "x/../app.css"]), TEXT.filter(bool)),
                label=argument,
            )
        else:
            values[argument] = data.draw(
                st.one_of(
                    st.sampled_from(
                        [
                            "csv",
                            "xlsx",
                            "svg",
                            "png",
                            "pdf",
                            "html",
                            "json",
                            "themes",
                            "trend",
                            "northbridge",
                            "safeguarding-01",
                        ]
                    ),
                    TEXT.filter(lambda s: bool(s) and "/" not in s),
                ),
                label=argument,
            )
    with world.app.test_request_context():
        try:
            return world.app.url_for(rule.endpoint, **values)
        except ValueError:
            return rule.rule


def sign_in_as(world: World, role: Role | None) -> None:
    world.client.delete_cookie("session")
    if role is None:
        return
    with world.app.app_context(), session_scope(world.app) as session:
        user_id = existing_user(session, world.emails[role]).id
    sign_in_directly(world.app, world.client, user_id)


def test_every_page_with_random_parameters(world: World) -> None:
    pages = rules(world, "GET")
    assert pages

    @fuzz("pages")
    @given(
        rule=st.sampled_from(pages),
        role=st.one_of(st.none(), st.sampled_from(list(Role))),
        query=QUERY,
        data=st.data(),
    )
    def visit(rule: Rule, role: Role | None, query: dict[str, str], data: st.DataObject) -> None:
        RAN["pages"] += 1
        sign_in_as(world, role)
        path = build_path(world, rule, data)
        response = world.client.get(path, query_string=query)
        assert_no_server_error(response, f"GET {path} as {role} {query!r}")

    visit()
    assert RAN["pages"] >= BUDGET["pages"]


def test_every_staff_form_with_random_fields(world: World) -> None:
    forms = [
        rule
        for rule in rules(world, "POST")
        if access_rule(world.app.view_functions[rule.endpoint]) != "public"
    ]

    @fuzz("forms")
    @given(
        rule=st.sampled_from(forms),
        role=st.sampled_from(list(Role)),
        form=st.dictionaries(TEXT, WILD_TEXT, max_size=5),
        data=st.data(),
        csrf=st.sampled_from(["none", "none", "missing"]),
    )
    def post(rule: Rule, role: Role, form: dict[str, str], data: st.DataObject, csrf: str) -> None:
        RAN["forms"] += 1
        set_csrf(world, csrf != "none")
        sign_in_as(world, role)
        path = build_path(world, rule, data)
        response = world.client.post(path, data=form)
        assert_no_server_error(response, f"POST {path} as {role} {form!r}")

    assert forms
    post()
    assert RAN["forms"] >= BUDGET["forms"]


def test_every_api_path_with_random_parameters(world: World) -> None:
    paths = rules(world, "GET", blueprint="api")
    assert paths

    @fuzz("api")
    @given(
        rule=st.sampled_from(paths),
        auth=st.one_of(
            st.sampled_from(list(Role)).map(lambda r: f"Bearer {world.tokens[r]}"),
            st.sampled_from(["", "Bearer", "Bearer x", "Basic abc", "bearer  "]),
            TEXT.map(lambda s: f"Bearer {s}"),
        ),
        query=QUERY,
        data=st.data(),
    )
    def call(rule: Rule, auth: str, query: dict[str, str], data: st.DataObject) -> None:
        RAN["api"] += 1
        world.client.delete_cookie("session")
        path = build_path(world, rule, data)
        headers = {"Authorization": auth} if auth.isprintable() else {}
        response = world.client.get(path, query_string=query, headers=headers)
        assert response.is_json, path
        assert_no_server_error(response, f"GET {path} {auth!r} {query!r}")

    call()
    assert RAN["api"] >= BUDGET["api"]


def test_the_examples_run_add_up_to_at_least_ten_thousand_cases() -> None:
    """Last in the module: counts the examples the tests above really ran, not their budgets."""
    if set(RAN) != set(BUDGET):
        pytest.skip(f"only some of the fuzz tests ran ({', '.join(sorted(RAN)) or 'none'})")
    assert sum(RAN.values()) >= MINIMUM_TOTAL, RAN
