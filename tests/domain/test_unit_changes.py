"""The preview of a unit file: what it creates and updates, and every problem by row and column,
limited to the units an admin looks after."""

from surveyapp.domain.unit_changes import ChangeKind, Reach, StoredUnit, preview_import

STORED = {
    "org": StoredUnit("org", "Org", None, 2),
    "svc": StoredUnit("svc", "Service", "org", 1),
    "team-a": StoredUnit("team-a", "Team A", "svc", 6),
    "care": StoredUnit("care", "Care", "org", 0),
}
HEADER = "key,name,parent_key,headcount\n"


def test_created_updated_and_unchanged_rows() -> None:
    text = HEADER + "svc,Service,org,1\nteam-a,Team Alpha,svc,7\nteam-b,Team B,svc,4\n"
    preview = preview_import(text, STORED)
    assert preview.is_applicable
    kinds = {c.row.key: c.kind for c in preview.changes}
    assert kinds == {
        "svc": ChangeKind.UNCHANGED,
        "team-a": ChangeKind.UPDATED,
        "team-b": ChangeKind.CREATED,
    }
    (updated,) = preview.of_kind(ChangeKind.UPDATED)
    assert updated.differences == ("Name from 'Team A' to 'Team Alpha'", "Headcount from 6 to 7")
    assert (preview.count(ChangeKind.CREATED), preview.count(ChangeKind.UNCHANGED)) == (1, 1)


def test_the_fingerprint_follows_what_would_change() -> None:
    text = HEADER + "team-b,Team B,svc,4\n"
    first = preview_import(text, STORED).fingerprint()
    assert preview_import(text, STORED).fingerprint() == first
    moved = {**STORED, "team-b": StoredUnit("team-b", "Team B", "care", 4)}
    assert preview_import(text, moved).fingerprint() != first


def test_problems_come_by_row_and_nothing_is_planned() -> None:
    text = HEADER + "team-b,Team B,nowhere,4\nteam-c,Team C,svc,many\n"
    preview = preview_import(text, STORED)
    assert not preview.is_applicable and preview.changes == ()
    assert [(p.row, p.column) for p in preview.problems] == [(3, "headcount")]
    preview = preview_import(HEADER + "team-b,Team B,nowhere,4\n", STORED)
    assert [str(p) for p in preview.problems] == ["row 2: unknown parent 'nowhere'"]


def test_an_admin_of_one_service_stays_within_it() -> None:
    reach = Reach(frozenset({"svc", "team-a"}), "svc")
    fine = HEADER + "svc,Family Help,org,1\nteam-b,Team B,svc,4\nteam-c,Team C,team-b,3\n"
    assert preview_import(fine, STORED, reach).is_applicable
    outside = HEADER + "care,Care,org,3\nteam-d,Team D,care,4\nsvc,Service,care,1\n"
    problems = preview_import(outside, STORED, reach).problems
    # team-d hangs from the refused care row, which is reported (row 2)
    assert [(p.row, p.column) for p in problems] == [(2, "key"), (4, "parent_key")]
    assert "you do not look after" in problems[0].message
    assert "only an admin above it can move it" in problems[1].message
