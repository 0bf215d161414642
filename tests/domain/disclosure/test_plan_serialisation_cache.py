import pytest

from surveyapp.domain.disclosure import PlanInput, PublicationPlan, UnitNode, compute_plan
from surveyapp.domain.disclosure.plan import Cell, Reason, Usefulness


def test_canonical_json_is_built_once_and_the_digest_follows_it() -> None:
    plan = compute_plan(
        PlanInput(units=(UnitNode(1, None, "Org"),), k=5, k_comments=10, responses={1: 7})
    )
    first = plan.canonical_json()
    assert plan.canonical_json() is first
    assert (
        plan.digest()
        == compute_plan(
            PlanInput(units=(UnitNode(1, None, "Org"),), k=5, k_comments=10, responses={1: 7})
        ).digest()
    )


def test_a_plan_read_back_from_its_stored_text_has_that_text_and_digest() -> None:
    plan = compute_plan(
        PlanInput(units=(UnitNode(1, None, "Org"),), k=5, k_comments=10, responses={1: 7})
    )
    stored = plan.canonical_json()
    again = PublicationPlan.from_json(stored)
    assert again.digest() == plan.digest()
    assert again.canonical_json() == stored
    assert again == plan


COUNTS = (("agree", 4), ("disagree", 2))


def plan_of(*cells: Cell) -> PublicationPlan:
    published = sum(cell.is_published for cell in cells)
    return PublicationPlan(
        k=5, k_comments=10, cells=cells, usefulness=Usefulness(len(cells), published, published)
    )


def test_cells_read_back_share_equal_answer_counts() -> None:
    """A national plan repeats the same counts thousands of times; read back, they are shared."""
    counts = COUNTS
    plan = plan_of(
        Cell(1, "q:a", n=6, distribution=counts),
        Cell(2, "q:a", n=6, distribution=counts),
        Cell(3, "q:a", n=7, distribution=(("agree", 4), ("disagree", 3))),
    )
    again = PublicationPlan.from_json(plan.canonical_json())
    first, second, third = (again.cell(node, "q:a") for node in (1, 2, 3))
    assert first.distribution == counts
    assert first.distribution is second.distribution
    assert third.distribution is not None and third.distribution[0] is first.distribution[0]
    assert again == plan


def test_one_node_of_a_stored_plan_reads_back_as_that_node_of_the_whole() -> None:
    plan = plan_of(
        Cell(1, "q:a", n=6, distribution=COUNTS),
        Cell(2, "q:a", reason=Reason.BELOW_MINIMUM),
        Cell("other:1", "responses", n=9),
    )
    text = plan.canonical_json()
    for node in (1, 2, "other:1"):
        alone = PublicationPlan.from_json(text, node)
        assert alone == plan.only(node)
        assert [cell.node for cell in alone.cells()] == [node]
    assert len(PublicationPlan.from_json(text, 3)) == 0
    malformed = text.replace('"cells":[', '"cells":[7,', 1)
    with pytest.raises(ValueError):
        PublicationPlan.from_json(malformed, 2)
