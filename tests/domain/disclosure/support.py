"""Builders and hypothesis strategies shared by the disclosure tests."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import replace
from fractions import Fraction

from hypothesis import strategies as st

from surveyapp.domain.disclosure import (
    PlanInput,
    PublicationPlan,
    Release,
    UnitNode,
    Verdict,
    compute_plan,
    find_derivable_group,
)
from surveyapp.domain.disclosure.families import unit_sets

PNTS = "prefer_not_to_say"


def tree(*edges: tuple[int, int | None]) -> tuple[UnitNode, ...]:
    """Units from (unit_id, parent_id) pairs, named u<id>."""
    return tuple(UnitNode(unit_id, parent, f"u{unit_id}") for unit_id, parent in edges)


def simple_input(
    units: tuple[UnitNode, ...], responses: Mapping[int, int], k: int = 5, **extra: object
) -> PlanInput:
    """A PlanInput where everyone answered question q1 (unless told otherwise)."""
    answered = extra.pop("question_answered", {(u, "q1"): n for u, n in responses.items()})
    assert isinstance(answered, dict)
    options: dict[str, object] = {
        "question_answered": answered,
        "question_options": {key: {"agree": n} for key, n in answered.items()},
        "k_comments": max(k, 10),
    }
    options.update(extra)
    return PlanInput(units=units, k=k, responses=dict(responses), **options)  # type: ignore[arg-type]


def rank(rows: Iterable[Iterable[Fraction]]) -> int:
    """Rank over the rationals by plain Fraction elimination (independent of the auditor)."""
    work = [list(row) for row in rows]
    found = 0
    width = len(work[0]) if work else 0
    for column in range(width):
        pick = next((i for i in range(found, len(work)) if work[i][column] != 0), None)
        if pick is None:
            continue
        work[found], work[pick] = work[pick], work[found]
        for i in range(len(work)):
            if i != found and work[i][column] != 0:
                factor = work[i][column] / work[found][column]
                work[i] = [x - factor * y for x, y in zip(work[i], work[found], strict=True)]
        found += 1
    return found


def is_derivable(
    cells: Iterable[Iterable[Hashable]], counts: Mapping[Hashable, int], group: Iterable[Hashable]
) -> bool:
    """True when the group's indicator (on non-empty atoms) lies in the span of the cells."""
    atoms = sorted((a for a in counts if counts[a] > 0), key=repr)
    cell_sets = [set(cell) for cell in cells]
    members = set(group)
    rows = [[Fraction(int(a in cell)) for a in atoms] for cell in cell_sets]
    target = [Fraction(int(a in members)) for a in atoms]
    return rank(rows) == rank([*rows, target])


SKIPS = (0, 0, 0, 1, 2, -1)  # -1: everyone in the unit skipped
PER_UNIT = 16  # bytes of entropy each unit consumes at most


class _Bytes:
    """Small numbers read from one drawn byte string: one hypothesis draw instead of hundreds
    keeps thousands of examples fast, and shrinking the bytes towards zero still shrinks the
    counts towards zero."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    def below(self, bound: int) -> int:
        value = self.data[self.at] % bound
        self.at += 1
        return value


@st.composite
def plan_inputs(
    draw: st.DrawFn,
    *,
    max_units: int = 12,
    dimensions: int = 1,
    nested: bool = False,
    band_questions: bool = False,
    joint: bool = False,
) -> PlanInput:
    """Random trees (depth <= 4), counts 0-15 per unit and band, random skips, k from 3 to 10.

    ``nested`` asks for breakdowns at one to three random units rather than the organisation;
    ``band_questions`` adds per-band answer counts for q1 in every dimension; ``joint`` draws each
    respondent's bands (so joint counts exist) and a random dimension priority.
    """
    size = draw(st.integers(1, max_units))
    k = draw(st.integers(3, 10))
    per_unit = PER_UNIT + 4 * dimensions + (16 * dimensions if joint else 0)
    per_unit += 8 * dimensions if band_questions else 0
    need = size * per_unit + 8
    entropy = _Bytes(draw(st.binary(min_size=need, max_size=need)))
    edges = _tree_edges(size, entropy)
    responses = {u: entropy.below(16) for u, _ in edges}
    answered: dict[tuple[int, str], int] = {}
    options: dict[tuple[int, str], dict[str, int]] = {}
    for key in ("q1", "q2"):
        for u, n in responses.items():
            skipped = SKIPS[entropy.below(len(SKIPS))]
            got = 0 if skipped < 0 else max(n - skipped, 0)
            agree = entropy.below(got + 1)
            answered[u, key] = got
            options[u, key] = {"agree": agree, "disagree": got - agree}
    comments = {(u, "c1"): entropy.below(n + 1) for u, n in responses.items()}
    band_counts: dict[tuple[int, str, str], int] = {}
    joint_counts: dict[tuple[int, tuple[tuple[str, str], ...]], int] = {}
    names = [f"d{index}" for index in range(dimensions)]
    bands_of = {d: ["a", "b", PNTS][: 2 + entropy.below(2)] for d in names}
    if joint:
        for u, n in responses.items():
            for _ in range(min(n, 16)):
                combination = tuple(
                    (d, bands_of[d][pick])
                    for d in names
                    if (pick := entropy.below(len(bands_of[d]) + 1)) < len(bands_of[d])
                )
                joint_counts[u, combination] = joint_counts.get((u, combination), 0) + 1
                for pair in combination:
                    band_counts[u, *pair] = band_counts.get((u, *pair), 0) + 1
    else:
        for d in names:
            for u, n in responses.items():
                left = n - entropy.below(3)
                for band_name in bands_of[d]:
                    count = entropy.below(max(left, 0) + 1)
                    band_counts[u, d, band_name] = count
                    left -= count
    band_answered: dict[tuple[int, str, str, str], int] = {}
    band_options: dict[tuple[int, str, str, str], dict[str, int]] = {}
    if band_questions:
        for d in names:
            for u in responses:
                left = answered[u, "q1"]
                for band_name in bands_of[d]:
                    got = entropy.below(min(left, band_counts.get((u, d, band_name), 0)) + 1)
                    left -= got
                    agree = entropy.below(got + 1)
                    band_answered[u, d, band_name, "q1"] = got
                    band_options[u, d, band_name, "q1"] = {"agree": agree, "disagree": got - agree}
    breakdown = None
    if nested:
        breakdown = frozenset(entropy.below(size) for _ in range(1 + entropy.below(3)))
    priority = tuple(sorted(names, key=lambda _: entropy.below(4))) if joint else ()
    return PlanInput(
        units=tree(*edges),
        k=k,
        k_comments=k + entropy.below(6),
        responses=responses,
        question_answered=answered,
        question_options=options,
        themes={"t1": ("q1", "q2")},
        comment_counts=comments,
        band_counts=band_counts,
        breakdown_units=breakdown,
        band_question_answered=band_answered,
        band_question_options=band_options,
        joint_band_counts=joint_counts,
        breakdown_dimensions=priority,
    )


def _tree_edges(size: int, entropy: _Bytes) -> list[tuple[int, int | None]]:
    depth = {0: 0}
    edges: list[tuple[int, int | None]] = [(0, None)]
    for unit in range(1, size):
        allowed = [u for u in depth if depth[u] < 3]
        parent = allowed[entropy.below(len(allowed))]
        depth[unit] = depth[parent] + 1
        edges.append((unit, parent))
    return edges


Arrivals = dict[str, dict[tuple[int, int], int]]
"""Per family (responses, q1, c1), the people per (unit, epoch): the atoms across snapshots."""


@st.composite
def snapshot_sequences(
    draw: st.DrawFn, *, max_units: int = 8, max_epochs: int = 3, closes: bool | None = None
) -> tuple[list[PlanInput], Arrivals]:
    """Two to ``max_epochs`` snapshots of one wave with live results: responses, answers to q1
    and comments arrive per epoch; the last snapshot is of the closed wave when ``closes`` (half
    of the time when None)."""
    size = draw(st.integers(1, max_units))
    epochs = draw(st.integers(2, max_epochs))
    k = draw(st.integers(3, 6))
    closes = draw(st.booleans()) if closes is None else closes
    entropy = _Bytes(
        draw(st.binary(min_size=size * (1 + 5 * epochs) + 4, max_size=size * (1 + 5 * epochs) + 4))
    )
    edges = _tree_edges(size, entropy)
    arrivals: Arrivals = {"responses": {}, "question:q1": {}, "comments:c1": {}}
    agree: dict[tuple[int, int], int] = {}
    for u, _ in edges:
        for e in range(epochs):
            n = (0, 0, 1, 2, 3, 4, 5, 6, 8, 11)[entropy.below(10)]
            got = n - min(n, entropy.below(3))
            arrivals["responses"][u, e] = n
            arrivals["question:q1"][u, e] = got
            agree[u, e] = entropy.below(got + 1)
            arrivals["comments:c1"][u, e] = entropy.below(n + 1)
    k_comments = k + entropy.below(4)
    inputs = []
    for e in range(epochs):

        def upto(family: str, u: int, e: int = e) -> int:
            return sum(arrivals[family][u, f] for f in range(e + 1))

        agreed = {u: sum(agree[u, f] for f in range(e + 1)) for u, _ in edges}
        inputs.append(
            PlanInput(
                units=tree(*edges),
                k=k,
                k_comments=k_comments,
                responses={u: upto("responses", u) for u, _ in edges},
                question_answered={(u, "q1"): upto("question:q1", u) for u, _ in edges},
                question_options={
                    (u, "q1"): {"agree": agreed[u], "disagree": upto("question:q1", u) - agreed[u]}
                    for u, _ in edges
                },
                comment_counts={(u, "c1"): upto("comments:c1", u) for u, _ in edges},
                band_counts={(u, "d0", "a"): upto("comments:c1", u) for u, _ in edges},
                wave_is_open=not (closes and e == epochs - 1),
                live_results=True,
            )
        )
    return inputs, arrivals


def release_all(inputs: list[PlanInput]) -> list[tuple[int, PlanInput, PublicationPlan]]:
    """Plan each snapshot in turn as the service would: with the releases so far, released only
    when the rule allows. Returns the released (epoch, input, plan) triples."""
    released: list[tuple[int, PlanInput, PublicationPlan]] = []
    for e, plan_input in enumerate(inputs):
        last = released[-1][1].total_responses if released else 0
        given = replace(
            plan_input,
            last_released_total=last,
            previous_releases=tuple(Release.of(plan) for _, _, plan in released),
        )
        plan = compute_plan(given)
        if any(True for _ in plan.published_cells()):
            released.append((e, given, plan))
    return released


def assert_no_leak_across(
    released: list[tuple[int, PlanInput, PublicationPlan]], arrivals: Arrivals
) -> None:
    """Every released plan together: no derivable group of (unit, epoch) atoms is too small.

    A cell of the final plan that repeats the last release counts the people of that release:
    the atoms of the epochs up to it, not those that arrived since."""
    for family, counts in arrivals.items():
        cells: list[frozenset[tuple[int, int]]] = []
        threshold = 0
        for at, (e, plan_input, plan) in enumerate(released):
            below = unit_sets(plan_input, {r.node: r.unit_ids for r in plan.rollups})
            threshold = plan.k_comments if family.startswith("comments") else plan.k
            for cell in plan.published_cells():
                if cell.measure == family:
                    upto = released[at - 1][0] if cell.is_from_last_release else e
                    cells.append(
                        frozenset((u, f) for u in below[cell.node] for f in range(upto + 1))
                    )
        found = find_derivable_group(cells, counts, threshold) if cells else None
        assert found is None or found.verdict is Verdict.SAFE, (family, found)


def live_sequence(
    units: tuple[UnitNode, ...],
    epochs: list[dict[int, int]],
    *,
    k: int = 5,
    closes: bool = False,
) -> tuple[list[PlanInput], Arrivals]:
    """Snapshots of a live wave from each epoch's arrivals per unit; everyone answers q1. The
    last snapshot is of the closed wave when ``closes``."""
    arrivals: Arrivals = {"responses": {}, "question:q1": {}}
    for e, arrived in enumerate(epochs):
        for unit in units:
            for family in arrivals.values():
                family[unit.unit_id, e] = arrived.get(unit.unit_id, 0)
    inputs = []
    for e in range(len(epochs)):
        so_far = {
            unit.unit_id: sum(arrived.get(unit.unit_id, 0) for arrived in epochs[: e + 1])
            for unit in units
        }
        inputs.append(
            simple_input(
                units,
                so_far,
                k,
                wave_is_open=not (closes and e == len(epochs) - 1),
                live_results=True,
            )
        )
    return inputs, arrivals
