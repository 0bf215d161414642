import pytest

from surveyapp.domain.unit_tree import (
    UnitImportError,
    check_tree,
    order_parents_first,
    parse_units_csv,
    read_units_csv,
    tree_problems,
)

GOOD = """key,name,parent_key,headcount
org,Org,,2
svc,Service,org,1
team-a,Team A,svc,6
"""


def test_good_file_parses() -> None:
    rows = parse_units_csv(GOOD)
    assert [(r.row, r.key, r.parent_key, r.headcount) for r in rows] == [
        (2, "org", None, 2),
        (3, "svc", "org", 1),
        (4, "team-a", "svc", 6),
    ]
    check_tree(rows, {})


def test_byte_order_mark_and_spaces_are_tolerated() -> None:
    rows = parse_units_csv("\ufeffkey, name ,parent_key,headcount\n org , Org ,, 3 \n")
    assert (rows[0].key, rows[0].name, rows[0].headcount) == ("org", "Org", 3)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("key,name,headcount\norg,Org,1\n", "^row 1: missing column\\(s\\) parent_key$"),
        ("key,name,parent_key,headcount\n", "^row 2: the file has no units$"),
        (GOOD + "bad key,X,org,1\n", "^row 5: key 'bad key' must be"),
        (GOOD + "x,,org,1\n", "^row 5: name is empty$"),
        (GOOD + "x," + "n" * 201 + ",org,1\n", "^row 5: name is longer than 200"),
        (GOOD + "x,X,org,ten\n", "^row 5: headcount 'ten' is not a whole number$"),
        (GOOD + "x,X,org,-1\n", "^row 5: headcount -1 must be between 0 and"),
        (GOOD + "x,X,org,1,extra\n", "^row 5: more cells than columns$"),
    ],
)
def test_row_mistakes(text: str, message: str) -> None:
    with pytest.raises(UnitImportError, match=message):
        parse_units_csv(text)


@pytest.mark.parametrize(
    ("extra", "existing", "message"),
    [
        ("team-a,Again,svc,3\n", {}, "^row 5: duplicate key 'team-a' \\(first on row 4\\)$"),
        ("x,X,nowhere,3\n", {}, "^row 5: unknown parent 'nowhere'$"),
        ("y,Y,z,1\nz,Z,y,1\n", {}, "^row 5: parent_key makes a cycle \\(y > z > y\\)$"),
        ("other,Other,,1\n", {}, "more than one top-level unit \\(org, other\\)"),
        ("", {"old-root": None}, "more than one top-level unit \\(old-root, org\\)"),
        ("org2,O,old,1\n", {"old": "org2"}, "cycle"),
    ],
)
def test_tree_mistakes(extra: str, existing: dict[str, str | None], message: str) -> None:
    with pytest.raises(UnitImportError, match=message):
        check_tree(parse_units_csv(GOOD + extra), existing)


def test_rows_can_hang_from_stored_units() -> None:
    rows = parse_units_csv("key,name,parent_key,headcount\nteam-b,Team B,svc,4\n")
    with pytest.raises(UnitImportError, match="^row 2: unknown parent 'svc'$"):
        check_tree(rows, {})
    check_tree(rows, {"org": None, "svc": "org"})  # the same row, its parent stored: accepted


def test_parents_are_ordered_before_children() -> None:
    rows = parse_units_csv("key,name,parent_key,headcount\nt,T,s,1\ns,S,o,1\no,O,,1\n")
    assert [r.key for r in order_parents_first(rows)] == ["o", "s", "t"]


def test_every_bad_row_is_listed_with_its_column() -> None:
    text = GOOD + "bad key,X,org,1\nx,,org,1\ny,Y,org,ten\n"
    rows, problems = read_units_csv(text)
    assert [r.key for r in rows] == ["org", "svc", "team-a"]
    assert [(p.row, p.column) for p in problems] == [(5, "key"), (6, "name"), (7, "headcount")]
    assert str(problems[2]) == "row 7: headcount 'ten' is not a whole number"


def test_control_characters_in_a_name_are_refused() -> None:
    _rows, problems = read_units_csv(GOOD + "x,X\x00,org,1\n")
    assert [(p.row, p.column) for p in problems] == [(5, "name")]


def test_one_cycle_is_reported_once() -> None:
    problems = tree_problems(parse_units_csv(GOOD + "y,Y,z,1\nz,Z,y,1\n"), {})
    assert [str(p) for p in problems] == ["row 5: parent_key makes a cycle (y > z > y)"]
