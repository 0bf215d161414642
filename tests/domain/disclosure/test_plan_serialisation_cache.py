import json
import random
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from surveyapp.domain.disclosure import PlanInput, PublicationPlan, UnitNode, compute_plan
from surveyapp.domain.disclosure import plan as plan_module
from surveyapp.domain.disclosure.plan import Cell, Reason, Rollup, Usefulness
from tests.domain.disclosure.support import plan_inputs


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


def reference_text(plan: PublicationPlan) -> str:
    """What the stored text has always been: ``json.dumps`` of ``to_dict``, keys sorted."""
    return json.dumps(plan.to_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=True)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan_inputs(dimensions=2, joint=True, band_questions=True))
def test_the_stored_text_is_json_dumps_of_the_plan_character_for_character(
    plan_input: PlanInput,
) -> None:
    """The cells are written by orjson for speed; a differing character would change every
    digest a signed report was checked against."""
    plan = compute_plan(plan_input)
    assert plan.canonical_json() == reference_text(plan)


@pytest.mark.parametrize("at_once", [1, 2, 8192])
def test_the_stored_text_matches_json_dumps_on_every_kind_of_field(
    at_once: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whether the cells are written one, two or all at a time."""
    monkeypatch.setattr(plan_module, "_CELLS_AT_ONCE", at_once)
    plan = PublicationPlan(
        k=5,
        k_comments=10,
        cells=[
            Cell(2, "q:b", n=6, distribution=(("z", 1), ("a", 5))),  # keys out of order
            Cell(1, "q:a", n=0, distribution=()),
            Cell(1, "comments:went_well", reason=Reason.COMMENTS_BELOW_MINIMUM),
            Cell(1, "responses", n=12, is_from_last_release=True),
            Cell("other:1", "responses", n=9),
            Cell(1, 'q:"quoted"\\', n=7, distribution=(("é", 7),)),
        ],
        rollups=[
            Rollup("other:1", 1, "other teams in Gwasanaethau Plant – Môn", frozenset({3, 4}))
        ],
        usefulness=Usefulness(6, 4, 4),
    )
    text = plan.canonical_json()
    assert text == reference_text(plan)
    assert text.isascii()
    assert PublicationPlan.from_json(text) == plan


A_UNIT_ITS_CHILDREN_AND_ROLLUP = (
    Cell(1, "responses", n=30),
    Cell(2, "responses", n=6),
    Cell(2, "q:a", n=6, distribution=COUNTS),
    Cell(3, "responses", reason=Reason.BELOW_MINIMUM),
    Cell("other:1", "responses", n=9),
)


def test_nodes_read_back_one_by_one_join_into_those_nodes_of_the_whole() -> None:
    """What a heatmap of the wave before reads: a unit, its children and its rollup."""
    plan = plan_of(*A_UNIT_ITS_CHILDREN_AND_ROLLUP, Cell(4, "responses", n=15))
    text = plan.canonical_json()
    nodes = (1, 2, 3, "other:1")
    joined = PublicationPlan.joined([PublicationPlan.from_json(text, node) for node in nodes])
    assert joined == plan.only(*nodes)
    assert {cell.node for cell in joined.cells()} == set(nodes)
    assert not joined.is_published(4, "responses")
    with pytest.raises(ValueError):
        PublicationPlan.joined([])


def _parsed_nodes(plan: PublicationPlan) -> set[object]:
    return {cell.node for cell in plan._cells.values()}


def test_a_stored_plan_is_parsed_a_node_at_a_time_as_its_cells_are_asked_for() -> None:
    """A dashboard reads a unit and its children of a national plan's 3,600 nodes."""
    plan = plan_of(*A_UNIT_ITS_CHILDREN_AND_ROLLUP)
    text = plan.canonical_json()
    again = PublicationPlan.from_json(text)
    assert len(again) == 5 and again.digest() == plan.digest()
    assert _parsed_nodes(again) == set()
    assert again.cell(2, "q:a").distribution == COUNTS
    assert not again.is_published(3, "responses")
    assert _parsed_nodes(again) == {2, 3}
    with pytest.raises(KeyError):
        again.cell(9, "responses")
    assert again.only(1) == plan.only(1)
    assert _parsed_nodes(again) == {1, 2, 3}
    whole = PublicationPlan.from_dict(json.loads(text))
    assert list(again.cells()) == list(whole.cells())  # all of it, in the stored order
    assert len(again) == 5


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan_inputs(dimensions=2, band_questions=True), st.randoms(use_true_random=False))
def test_a_plan_parsed_node_by_node_in_any_order_is_the_plan_parsed_whole(
    plan_input: PlanInput, order: random.Random
) -> None:
    plan = compute_plan(plan_input)
    text = plan.canonical_json()
    again = PublicationPlan.from_json(text)
    nodes = list(dict.fromkeys(cell.node for cell in plan.cells()))
    for node in order.sample(nodes, order.randint(0, len(nodes))):
        assert again.only(node) == plan.only(node)
        assert len(again) == len(plan)
    assert list(again.cells()) == list(PublicationPlan.from_dict(json.loads(text)).cells())
    assert again == plan and again.canonical_json() == text


def test_a_stored_plan_whose_cells_do_not_read_as_their_node_is_refused() -> None:
    plan = plan_of(Cell(1, "responses", n=30), Cell(2, "responses", n=6), Cell(3, "responses", n=7))
    text = plan.canonical_json()
    split = text.replace('[3,"responses"', '[1,"other"', 1)  # node 1's cells in two places
    with pytest.raises(ValueError, match="side by side"):
        PublicationPlan.from_json(split)
    broken = PublicationPlan.from_json(text.replace('[2,"responses",6,', '[2,"responses","6",'))
    assert broken.n(1, "responses") == 30
    with pytest.raises(ValueError):
        broken.cell(2, "responses")
    with pytest.raises(ValueError):
        list(broken.cells())


def test_threads_reading_one_node_of_a_shared_plan_each_find_every_cell() -> None:
    """A threaded server's requests share a cached plan; a node is parsed by one of them."""
    cells = [Cell(node, f"q:{m}", n=6, distribution=COUNTS) for node in (1, 2) for m in "abcdef"]
    switching = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads take turns as often as they can: races show
    try:
        _read_by_eight_threads(cells)
    finally:
        sys.setswitchinterval(switching)


def _read_by_eight_threads(cells: list[Cell]) -> None:
    for _ in range(300):
        again = PublicationPlan.from_json(plan_of(*cells).canonical_json())
        start = threading.Barrier(8)

        def read(plan: PublicationPlan = again, start: threading.Barrier = start) -> int:
            start.wait()
            return sum(plan.cell(2, f"q:{m}").n or 0 for m in "fedcba")

        with ThreadPoolExecutor(8) as pool:
            assert [f.result() for f in [pool.submit(read) for _ in range(8)]] == [36] * 8
