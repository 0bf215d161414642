import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from surveyapp.domain.unit_tree import UnitImportError
from surveyapp.models import Unit
from surveyapp.services.units import import_units_csv, subtree, unit_by_key

CSV = """key,name,parent_key,headcount
org,Org,,2
svc,Service,org,1
team-a,Team A,svc,6
team-b,Team B,svc,4
"""


def test_import_creates_the_tree(session: Session) -> None:
    assert import_units_csv(session, CSV).created == 4
    team = unit_by_key(session, "team-a")
    assert team is not None and team.parent is not None and team.parent.key == "svc"
    root = unit_by_key(session, "org")
    assert root is not None
    assert [u.key for u in subtree(session, root)] == ["org", "svc", "team-a", "team-b"]


def test_reimport_updates_in_place(session: Session) -> None:
    import_units_csv(session, CSV)
    ids = {u.key: u.id for u in session.scalars(select(Unit))}
    moved = CSV.replace("team-b,Team B,svc,4", "team-b,Team Bee,org,9")
    result = import_units_csv(session, moved)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 3)
    team_b = unit_by_key(session, "team-b")
    assert team_b is not None
    assert (team_b.id, team_b.name, team_b.headcount) == (ids["team-b"], "Team Bee", 9)
    assert team_b.parent is not None and team_b.parent.key == "org"


def test_a_bad_row_changes_nothing(session: Session) -> None:
    import_units_csv(session, CSV)
    with pytest.raises(UnitImportError, match="row 3: unknown parent"):
        import_units_csv(
            session, "key,name,parent_key,headcount\nteam-a,Renamed,svc,1\nteam-c,C,nowhere,1\n"
        )
    team_a = unit_by_key(session, "team-a")
    assert team_a is not None and team_a.name == "Team A"


def test_headcount_constraint_holds_in_the_database(session: Session) -> None:
    from sqlalchemy.exc import IntegrityError

    session.add(Unit(key="neg", name="Negative", headcount=-1))
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()


def test_an_edit_that_would_make_a_cycle_or_leave_the_admins_units_is_refused(
    session: Session,
) -> None:
    from surveyapp.domain.roles import Role
    from surveyapp.services.units import UnitEditError, edit_unit
    from surveyapp.services.users import add_user

    import_units_csv(session, CSV)
    units = {u.key: u for u in session.scalars(select(Unit))}
    admin = add_user(session, "a@example.org", Role.ADMIN, units["svc"]).user
    for unit, parent, field, message in [
        ("svc", units["team-a"], "parent", "only an admin above it"),
        ("team-a", units["org"], "parent", "Choose a unit you look after"),
        ("team-a", None, "parent", "there is one organisation"),
        ("org", units["svc"], "unit", "not a unit you look after"),
    ]:
        with pytest.raises(UnitEditError, match=message) as refused:
            edit_unit(session, admin, units[unit], "Name", parent, 1)
        assert refused.value.field == field
    top = add_user(session, "top@example.org", Role.ADMIN, units["org"]).user
    with pytest.raises(UnitEditError, match="Team A is inside Service"):
        edit_unit(session, top, units["svc"], "Service", units["team-a"], 1)
    edit_unit(session, top, units["team-b"], "Team Bee", units["team-a"], 3)
    assert (units["team-b"].parent, units["team-b"].name) == (units["team-a"], "Team Bee")
