"""Unit pages: the tree with headcounts and units below k, a unit file previewed then applied
(never half-applied), one unit edited; all within the admin's own units."""

from __future__ import annotations

import re

from flask import Flask
from sqlalchemy import func, select

from surveyapp.database import session_scope
from surveyapp.models import AuditEntry, Unit
from surveyapp.services.units import unit_by_key

from .support import Admin

HEADER = "key,name,parent_key,headcount\n"


def units_by_key(app: Flask) -> dict[str, tuple[str, str | None, int]]:
    with app.app_context(), session_scope(app) as session:
        units = list(session.scalars(select(Unit)))
        keys = {u.id: u.key for u in units}
        return {u.key: (u.name, keys.get(u.parent_id), u.headcount) for u in units}


def audit_actions(app: Flask) -> list[tuple[str, str]]:
    with app.app_context(), session_scope(app) as session:
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.sequence))
        return [(e.action, e.detail) for e in entries if not e.action.startswith("admin.")]


def test_the_tree_lists_headcounts_and_warns_of_units_below_k(app: Flask) -> None:
    admin = Admin(app)
    page = admin.page("/admin/units/")
    names = re.findall(
        r'<th scope="row" class="table__unit table__unit--depth-(\d)">\s*([^<]+?)\s*<', page
    )
    assert names == [
        ("0", "Test Council"),
        ("1", "Children in Care"),
        ("2", "Team C"),
        ("1", "Family Help"),
        ("2", "Team A"),
        ("2", "Team B"),
    ]
    assert "fewer than 5 people in all" not in page  # Team C has exactly 5
    numbers = re.findall(r'<td class="table__numeric">(\d+)</td>', page)
    assert numbers[:4] == ["2", "22", "0", "5"]  # the council: 2 of its own, 22 in all; Care: 0, 5


def test_a_unit_below_k_is_flagged(app: Flask) -> None:
    admin = Admin(app)
    with app.app_context(), session_scope(app) as session:
        team = unit_by_key(session, "team-c")
        assert team is not None
        team.headcount = 4
    page = admin.page("/admin/units/")
    # Team C, and Children in Care, which has no one else
    assert "2 units have fewer than 5 people in all" in page
    assert page.count("Fewer than 5 people: published only pooled") == 2


def test_a_file_is_previewed_then_applied(app: Flask) -> None:
    admin = Admin(app)
    before = units_by_key(app)
    csv = HEADER + "team-a,Team Alpha,svc,9\nteam-d,Team D,care,7\nteam-b,Team B,svc,6\n"
    preview = admin.upload("/admin/units/upload", csv.encode())
    assert preview.status_code == 200
    page = preview.get_data(as_text=True)
    assert "Check what the file changes" in page and "Nothing has changed yet" in page
    assert re.search(r"<dt>New units</dt><dd>1</dd>", page)
    assert re.search(r"<dt>Units updated</dt><dd>1</dd>", page)
    assert "Name from &#39;Team A&#39; to &#39;Team Alpha&#39;" in page
    assert units_by_key(app) == before, "a preview changes nothing"

    carried = dict(
        re.findall(r'<input id="(csv|fingerprint)" name="\1" type="hidden" value="([^"]+)"', page)
    )
    response = admin.post("/admin/units/upload/apply", carried)
    assert response.status_code == 303 and response.headers["Location"] == "/admin/units/"
    after = units_by_key(app)
    assert after["team-a"] == ("Team Alpha", "svc", 9)
    assert after["team-d"] == ("Team D", "care", 7)
    assert "Unit file applied: 1 created, 1 updated, 1 unchanged." in admin.page("/admin/units/")
    assert ("units.import", "1 created, 1 updated, 1 unchanged") in audit_actions(app)


def test_a_bad_row_names_the_row_and_column_and_nothing_is_applied(app: Flask) -> None:
    admin = Admin(app)
    before = units_by_key(app)
    csv = HEADER + "team-a,Renamed,svc,8\nteam-d,Team D,care,lots\nteam-e,,care,3\n"
    response = admin.upload("/admin/units/upload", csv.encode())
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "<title>Error:" in page and "There is a problem with the file" in page
    assert "Row 3, headcount: headcount &#39;lots&#39; is not a whole number" in page
    assert "Row 4, name: name is empty" in page
    assert "Apply these changes" not in page
    assert units_by_key(app) == before


def test_an_apply_that_was_tampered_with_or_overtaken_applies_nothing(app: Flask) -> None:
    admin = Admin(app)
    csv = HEADER + "team-d,Team D,care,7\n"
    page = admin.upload("/admin/units/upload", csv.encode()).get_data(as_text=True)
    carried = dict(
        re.findall(r'<input id="(csv|fingerprint)" name="\1" type="hidden" value="([^"]+)"', page)
    )
    with app.app_context(), session_scope(app) as session:  # another admin got there first
        care = unit_by_key(session, "care")
        session.add(Unit(key="team-d", name="Team Delta", headcount=2, parent=care))
    response = admin.post("/admin/units/upload/apply", carried)
    assert response.status_code == 409
    assert "changed after this file was checked" in response.get_data(as_text=True)
    assert units_by_key(app)["team-d"] == ("Team Delta", "care", 2)
    response = admin.post(
        "/admin/units/upload/apply", {"csv": "not base64!", "fingerprint": "0" * 64}
    )
    assert response.status_code == 400 and "Upload the unit file again" in response.get_data(
        as_text=True
    )


def test_files_that_are_not_unit_files_are_refused_clearly(app: Flask) -> None:
    admin = Admin(app)
    cases = [
        (b"", "units.csv", "Select a unit file"),
        (
            HEADER.encode() + "team-d,T\xe9am,care,1\n".encode("latin-1"),
            "units.csv",
            "saved as UTF-8",
        ),
        (b"a,b\n", "units.xlsx", "The selected file must be a CSV"),
        (b"key,name\nx,y\n", "units.csv", "Row 1: missing column(s) parent_key, headcount"),
    ]
    for content, name, message in cases:
        response = (
            admin.post("/admin/units/upload")
            if not content
            else admin.upload("/admin/units/upload", content, name)
        )
        assert response.status_code == 400, (name, response.status_code)
        assert message in response.get_data(as_text=True), message


def test_an_admin_of_one_service_sees_and_changes_only_that_service(app: Flask) -> None:
    admin = Admin(app, scope="svc")
    page = admin.page("/admin/units/")
    assert "Family Help" in page and "Team A" in page and "Children in Care" not in page
    with app.app_context(), session_scope(app) as session:
        care = unit_by_key(session, "care")
        assert care is not None
        care_id = care.id
    assert admin.get(f"/admin/units/{care_id}/edit").status_code == 404
    response = admin.upload("/admin/units/upload", (HEADER + "team-c,Mine now,svc,5\n").encode())
    assert response.status_code == 400
    assert "Row 2, key: key &#39;team-c&#39; is a unit you do not look after" in response.get_data(
        as_text=True
    )


def test_editing_a_unit_and_a_parent_that_would_make_a_cycle(app: Flask) -> None:
    admin = Admin(app)
    with app.app_context(), session_scope(app) as session:
        ids = {
            key: unit.id
            for key in ("org", "svc", "team-a", "care")
            if (unit := unit_by_key(session, key))
        }
    page = admin.page(f"/admin/units/{ids['svc']}/edit")
    options = re.findall(r'<option (?:selected )?value="(\d+)">', page)
    assert str(ids["team-a"]) not in options, "a unit's own teams are not offered as its parent"
    response = admin.post(
        f"/admin/units/{ids['svc']}/edit",
        {"name": "Family Help", "parent": ids["team-a"], "headcount": "1"},
    )
    assert response.status_code == 400
    assert "Team A is inside Family Help, so it cannot also contain it" in response.get_data(
        as_text=True
    )
    response = admin.post(
        f"/admin/units/{ids['svc']}/edit",
        {"name": " Early Help ", "parent": ids["care"], "headcount": "x"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Headcount must be a whole number, like 8" in page and 'value="Early Help"' in page
    response = admin.post(
        f"/admin/units/{ids['svc']}/edit",
        {"name": "Early Help", "parent": ids["care"], "headcount": "3"},
    )
    assert response.status_code == 303
    assert units_by_key(app)["svc"] == ("Early Help", "care", 3)
    assert ("units.edit", "svc") in audit_actions(app)
    root = admin.page(f"/admin/units/{ids['org']}/edit")
    assert 'name="parent"' not in root and "whole organisation" in root
    with app.app_context(), session_scope(app) as session:
        assert session.scalar(select(func.count()).select_from(Unit)) == 6
