"""Builders and hypothesis strategies shared by the disclosure tests."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from fractions import Fraction

from hypothesis import strategies as st

from surveyapp.domain.disclosure import PlanInput, UnitNode

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
    draw: st.DrawFn, *, max_units: int = 12, dimensions: int = 1, nested: bool = False
) -> PlanInput:
    """Random trees (depth <= 4), counts 0-15 per unit and band, random skips, k from 3 to 10.

    ``nested`` asks for breakdowns at one to three random units rather than the organisation.
    """
    size = draw(st.integers(1, max_units))
    k = draw(st.integers(3, 10))
    need = size * (PER_UNIT + 4 * dimensions) + 8
    entropy = _Bytes(draw(st.binary(min_size=need, max_size=need)))
    depth = {0: 0}
    edges: list[tuple[int, int | None]] = [(0, None)]
    for unit in range(1, size):
        allowed = [u for u in depth if depth[u] < 3]
        parent = allowed[entropy.below(len(allowed))]
        depth[unit] = depth[parent] + 1
        edges.append((unit, parent))
    responses = {u: entropy.below(16) for u in depth}
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
    for index in range(dimensions):
        dimension = f"d{index}"
        bands = ["a", "b", PNTS][: 2 + entropy.below(2)]
        for u, n in responses.items():
            left = n - entropy.below(3)
            for band_name in bands:
                count = entropy.below(max(left, 0) + 1)
                band_counts[u, dimension, band_name] = count
                left -= count
    breakdown = None
    if nested:
        breakdown = frozenset(entropy.below(size) for _ in range(1 + entropy.below(3)))
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
    )
