"""What the planner is told about one wave snapshot: the frozen unit tree and direct counts.

Counts are *direct* (people attached to the unit itself, not its descendants) so that a unit's own
respondents are a group of their own, which the residual rule must protect like a hidden child.
Everything is checked on construction: a plan computed from inconsistent counts could publish a
number that no real group has, or hide the wrong one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from operator import itemgetter
from types import MappingProxyType

from surveyapp.domain.disclosure import measures
from surveyapp.domain.disclosure.count_table import CountTable
from surveyapp.domain.disclosure.measures import check_key
from surveyapp.domain.disclosure.plan import NodeId, PublicationPlan, rollup_node
from surveyapp.domain.disclosure.thresholds import check_thresholds

_KEY = itemgetter(1)

Combination = tuple[tuple[str, str], ...]
"""A respondent's (dimension, band) pairs in dimension order; a skipped dimension is absent."""


@dataclass(frozen=True)
class UnitNode:
    """A unit as it stood when the wave opened (membership is frozen per wave)."""

    unit_id: int
    parent_id: int | None
    name: str


@dataclass(frozen=True)
class Release:
    """What one earlier released snapshot of the same wave showed: the n of every published cell,
    keyed by (node, measure) as the plan names them, the members of its rollup cells, and the
    answer counts of its cells that had them (a final plan can show those again, planner.py)."""

    cells: Mapping[tuple[NodeId, str], int]
    rollups: Mapping[str, frozenset[int]] = field(default_factory=dict)
    distributions: Mapping[tuple[NodeId, str], tuple[tuple[str, int], ...]] = field(
        default_factory=dict
    )

    @classmethod
    def of(cls, plan: PublicationPlan) -> Release:
        """What a stored plan showed; a final plan, which may repeat a release, is none."""
        cells: dict[tuple[NodeId, str], int] = {}
        distributions: dict[tuple[NodeId, str], tuple[tuple[str, int], ...]] = {}
        for cell in plan.published_cells():
            if cell.is_from_last_release:
                raise ValueError("a plan that repeats an earlier release is not a release")
            assert cell.n is not None
            cells[cell.node, cell.measure] = cell.n
            if cell.distribution is not None:
                distributions[cell.node, cell.measure] = cell.distribution
        return cls(
            cells=cells,
            rollups={r.node: r.unit_ids for r in plan.rollups},
            distributions=distributions,
        )


@dataclass(frozen=True, eq=False)
class PlanInput:
    """Counts for one snapshot of one wave, and the thresholds frozen with the wave.

    Optional, all empty by default:

    - ``previous_releases``: every earlier *released* snapshot of the same wave, oldest first
      (a Release, a stored PublicationPlan, or plain {(node, measure): n} without rollups).
      Give them to every later snapshot, the closed wave's plan included (history.py).
    - ``band_question_answered`` / ``band_question_options``: per (unit, dimension, band,
      question), the unit's own respondents in that band who answered, and their answers.
    - ``joint_band_counts``: per (unit, combination), the unit's own respondents with exactly
      that combination of bands (dimensions sorted, a skipped dimension left out; the empty
      combination counts those who gave none). Must agree with band_counts and responses.
    - ``breakdown_dimensions``: dimensions in priority order (the rest follow, sorted).
    """

    units: tuple[UnitNode, ...]
    k: int
    k_comments: int
    responses: Mapping[int, int]
    question_answered: Mapping[tuple[int, str], int] = field(default_factory=dict)
    question_options: Mapping[tuple[int, str], Mapping[str, int]] = field(default_factory=dict)
    themes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    comment_counts: Mapping[tuple[int, str], int] = field(default_factory=dict)
    band_counts: Mapping[tuple[int, str, str], int] = field(default_factory=dict)
    breakdown_units: frozenset[int] | None = None
    wave_is_open: bool = False
    live_results: bool = False
    last_released_total: int = 0
    previous_releases: tuple[Release | PublicationPlan | Mapping[tuple[NodeId, str], int], ...] = ()
    band_question_answered: Mapping[tuple[int, str, str, str], int] = field(default_factory=dict)
    band_question_options: Mapping[tuple[int, str, str, str], Mapping[str, int]] = field(
        default_factory=dict
    )
    joint_band_counts: Mapping[tuple[int, Combination], int] = field(default_factory=dict)
    breakdown_dimensions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        check_thresholds(self.k, self.k_comments)
        self._check_tree()
        self._check_counts()
        self._check_band_questions()
        self._check_joint_counts()
        self._check_releases()

    @cached_property
    def root_id(self) -> int:
        return next(unit.unit_id for unit in self.units if unit.parent_id is None)

    @cached_property
    def unit_ids(self) -> frozenset[int]:
        return frozenset(unit.unit_id for unit in self.units)

    @cached_property
    def question_keys(self) -> tuple[str, ...]:
        key_of = itemgetter(1)
        keys = set(map(key_of, self.question_answered))
        keys.update(map(key_of, self.question_options))
        keys.update(key for questions in self.themes.values() for key in questions)
        band_key_of = itemgetter(3)
        keys.update(map(band_key_of, self.band_question_answered))
        keys.update(map(band_key_of, self.band_question_options))
        return tuple(sorted(keys))

    @cached_property
    def prompts(self) -> tuple[str, ...]:
        return tuple(sorted({prompt for _, prompt in self.comment_counts}))

    @cached_property
    def dimensions(self) -> Mapping[str, tuple[str, ...]]:
        """Each demographic dimension with the bands seen for it, in a stable order."""
        bands: dict[str, set[str]] = defaultdict(set)
        for _, dimension, band_name in self.band_counts:
            bands[dimension].add(band_name)
        return MappingProxyType({d: tuple(sorted(bands[d])) for d in sorted(bands)})

    @cached_property
    def dimension_order(self) -> tuple[str, ...]:
        """Dimensions by priority: those in breakdown_dimensions first, then the rest sorted."""
        listed = [d for d in self.breakdown_dimensions if d in self.dimensions]
        return (*listed, *(d for d in self.dimensions if d not in listed))

    @cached_property
    def band_questions(self) -> Mapping[str, tuple[str, ...]]:
        """Per dimension, the questions with per-band answer counts (band-question candidates)."""
        pairs = set(map(itemgetter(1, 3), self.band_question_answered))
        pairs.update(map(itemgetter(1, 3), self.band_question_options))
        found: dict[str, set[str]] = defaultdict(set)
        for dimension, key in pairs:
            if dimension in self.dimensions:
                found[dimension].add(key)
        return MappingProxyType({d: tuple(sorted(found[d])) for d in sorted(found)})

    @cached_property
    def releases(self) -> tuple[Release, ...]:
        """Earlier released snapshots, oldest first, in one form."""
        return tuple(
            release
            if isinstance(release, Release)
            else Release.of(release)
            if isinstance(release, PublicationPlan)
            else _plain_release(release)
            for release in self.previous_releases
        )

    @cached_property
    def breakdown_at(self) -> tuple[int, ...]:
        """Units with demographic breakdowns; the organisation only unless configured."""
        units = self.breakdown_units if self.breakdown_units is not None else {self.root_id}
        return tuple(sorted(units))

    @cached_property
    def total_responses(self) -> int:
        return sum(self.responses.values())

    def _check_tree(self) -> None:
        ids = [unit.unit_id for unit in self.units]
        if not ids:
            raise ValueError("the unit tree is empty")
        if len(set(ids)) != len(ids):
            raise ValueError("unit ids must be unique")
        roots = [unit for unit in self.units if unit.parent_id is None]
        if len(roots) != 1:
            raise ValueError(f"the unit tree must have exactly one root, found {len(roots)}")
        known = set(ids)
        children: dict[int, list[int]] = defaultdict(list)
        for unit in self.units:
            if unit.parent_id is not None:
                if unit.parent_id not in known:
                    raise ValueError(f"unit {unit.unit_id} has unknown parent {unit.parent_id}")
                children[unit.parent_id].append(unit.unit_id)
        reached, stack = {roots[0].unit_id}, [roots[0].unit_id]
        while stack:
            for child in children[stack.pop()]:
                reached.add(child)
                stack.append(child)
        if reached != known:
            raise ValueError("the unit tree has a cycle")
        if self.breakdown_units is not None and not self.breakdown_units <= known:
            raise ValueError("breakdown units must be units of the tree")

    def _check_counts(self) -> None:
        # Each check formats its message only when it fails: national inputs hold a million
        # counts, and formatting a message for each took half a second.
        known = self.unit_ids
        keys = _KeyCheck()
        for unit_id, count in self.responses.items():
            if count < 0 or unit_id not in known:
                _check_count(unit_id in known, count, f"responses of unit {unit_id}")
        responses, answered, table = self.responses, self.question_answered, self.question_options
        if isinstance(table, CountTable) and table.holds(known, responses, answered):
            asked = set(map(_KEY, answered))  # the table's groups are the answered ones
        else:  # any other mapping, or a table that does not hold: count by count
            asked = {key for _, key in (*answered, *table)}
            self._check_answers_one_by_one()
        for key in asked:
            keys.check("question key", key)
        for theme_key, questions in self.themes.items():
            check_key("theme key", theme_key)
            if not questions:
                raise ValueError(f"theme {theme_key} has no questions")
            for key in questions:
                keys.check("question key", key)
        for (unit_id, prompt), count in self.comment_counts.items():
            keys.check("comment prompt", prompt)
            if count < 0 or unit_id not in known:
                _check_count(unit_id in known, count, f"comments on {prompt} in unit {unit_id}")
        banded: dict[tuple[int, str], int] = defaultdict(int)
        for (unit_id, dimension, band_name), count in self.band_counts.items():
            keys.check("dimension", dimension)
            if not band_name:
                raise ValueError(f"an empty band name in dimension {dimension}")
            if count < 0 or unit_id not in known:
                _check_count(unit_id in known, count, f"band {band_name} in unit {unit_id}")
            banded[unit_id, dimension] += count
        for (unit_id, dimension), count in banded.items():
            if count > self.responses.get(unit_id, 0):
                raise ValueError(f"more {dimension} bands than responses in unit {unit_id}")
        if self.last_released_total < 0:
            raise ValueError("last_released_total cannot be negative")

    def _check_answers_one_by_one(self) -> None:
        known, responses, answered = self.unit_ids, self.responses, self.question_answered
        for (unit_id, key), count in answered.items():
            if count < 0 or unit_id not in known:
                _check_count(unit_id in known, count, f"answers to {key} in unit {unit_id}")
            if count > responses.get(unit_id, 0):
                raise ValueError(f"more answers to {key} than responses in unit {unit_id}")
        for (unit_id, key), options in self.question_options.items():
            is_known = unit_id in known
            if not is_known or (options and min(options.values()) < 0):
                for option, count in options.items():
                    _check_count(is_known, count, f"option {option} of {key} in {unit_id}")
            if sum(options.values()) != answered.get((unit_id, key), 0):
                raise ValueError(f"option counts of {key} in unit {unit_id} != answers")

    def _check_band_questions(self) -> None:
        known = self.unit_ids
        keys = _KeyCheck()
        per_question: dict[tuple[int, str, str], int] = defaultdict(int)
        for (unit_id, dimension, band_name, key), count in self.band_question_answered.items():
            keys.band_question(dimension, band_name, key)
            if count < 0 or unit_id not in known:
                what = f"answers to {key} in band {band_name} of unit {unit_id}"
                _check_count(unit_id in known, count, what)
            if count > self.band_counts.get((unit_id, dimension, band_name), 0):
                what = f"answers to {key} in band {band_name} of unit {unit_id}"
                raise ValueError(f"{what}: more than the band's respondents")
            per_question[unit_id, dimension, key] += count
        for (unit_id, dimension, key), count in per_question.items():
            if count > self.question_answered.get((unit_id, key), 0):
                raise ValueError(
                    f"more {dimension} band answers to {key} than answers in {unit_id}"
                )
        for (unit_id, dimension, band_name, key), options in self.band_question_options.items():
            keys.band_question(dimension, band_name, key)
            is_known = unit_id in known
            if not is_known or (options and min(options.values()) < 0):
                for option, count in options.items():
                    what = f"option {option} of {key} in band {band_name} of unit {unit_id}"
                    _check_count(is_known, count, what)
            answered = self.band_question_answered.get((unit_id, dimension, band_name, key), 0)
            if sum(options.values()) != answered:
                raise ValueError(
                    f"option counts of {key} in band {band_name} of {unit_id} != answers"
                )

    def _check_joint_counts(self) -> None:
        for dimension in self.breakdown_dimensions:
            check_key("dimension", dimension)
        if len(set(self.breakdown_dimensions)) != len(self.breakdown_dimensions):
            raise ValueError("breakdown_dimensions names a dimension twice")
        if not self.joint_band_counts:
            return
        known = self.unit_ids
        per_unit: dict[int, int] = defaultdict(int)
        per_band: dict[tuple[int, str, str], int] = defaultdict(int)
        for (unit_id, combination), count in self.joint_band_counts.items():
            _check_count(unit_id in known, count, f"joint band count of unit {unit_id}")
            names = [dimension for dimension, _ in combination]
            if names != sorted(set(names)):
                raise ValueError(
                    f"joint combination {combination} must list each dimension once, sorted"
                )
            for dimension, band_name in combination:
                check_key("dimension", dimension)
                if not band_name:
                    raise ValueError(f"an empty band name in dimension {dimension}")
                per_band[unit_id, dimension, band_name] += count
            per_unit[unit_id] += count
        for unit_id in known:
            if per_unit.get(unit_id, 0) != self.responses.get(unit_id, 0):
                raise ValueError(
                    f"joint band counts of unit {unit_id} do not add up to its responses"
                )
        for key in per_band.keys() | self.band_counts.keys():
            if per_band.get(key, 0) != self.band_counts.get(key, 0):
                raise ValueError(f"joint band counts disagree with band_counts for {key}")

    def _check_releases(self) -> None:
        """Earlier releases must be what this planner releases: tree cells only, each release
        showing a subset of the cells of the one before, with consistent rollups."""
        parents = {unit.unit_id: unit.parent_id for unit in self.units}
        members: dict[str, frozenset[int]] = {}
        shown_before: dict[str, set[NodeId]] | None = None
        for release in self.releases:
            for rollup, units in release.rollups.items():
                parent_ids = {parents.get(unit_id, -1) for unit_id in units}
                if not units or len(parent_ids) != 1 or rollup != _rollup_of(parent_ids):
                    raise ValueError(f"rollup {rollup} must pool units of the parent it names")
                if members.setdefault(rollup, units) != units:
                    raise ValueError(f"rollup {rollup} pools different units in two releases")
            shown: dict[str, set[NodeId]] = defaultdict(set)
            for (node, measure), count in release.cells.items():
                if measures.is_breakdown(measure):
                    raise ValueError("a released snapshot cannot hold demographic cells")
                if node not in self.unit_ids and node not in release.rollups:
                    raise ValueError(f"released cell {node}/{measure}: unknown node")
                if count < 0:
                    raise ValueError(f"released cell {node}/{measure}: negative count")
                if not measure.startswith(f"{measures.THEME}:"):
                    shown[measure].add(node)
            if not release.distributions.keys() <= release.cells.keys():
                raise ValueError("a released answer distribution must belong to a released cell")
            if shown_before is not None and any(
                not nodes <= shown_before.get(measure, set()) for measure, nodes in shown.items()
            ):
                raise ValueError("each release must show a subset of the cells of the one before")
            shown_before = shown


def _plain_release(cells: Mapping[tuple[NodeId, str], int]) -> Release:
    if any(isinstance(node, str) for node, _ in cells):
        raise ValueError("a release with rollup cells must name their units: pass a Release")
    return Release(cells=cells)


def _rollup_of(parent_ids: set[int | None]) -> str | None:
    parent = next(iter(parent_ids))
    return None if parent is None else rollup_node(parent)


class _KeyCheck:
    """``check_key`` once per distinct key: the same few keys recur in every unit."""

    def __init__(self) -> None:
        self._seen: set[tuple[str, ...]] = set()

    def check(self, what: str, key: str) -> None:
        if (what, key) not in self._seen:
            check_key(what, key)
            self._seen.add((what, key))

    def band_question(self, dimension: str, band_name: str, key: str) -> None:
        if (dimension, band_name, key) not in self._seen:
            _check_band_question_key(dimension, band_name, key)
            self._seen.add((dimension, band_name, key))


def _check_band_question_key(dimension: str, band_name: str, key: str) -> None:
    check_key("dimension", dimension)
    check_key("question key", key)
    if not band_name:
        raise ValueError(f"an empty band name in dimension {dimension}")


def _check_count(is_known_unit: bool, count: int, what: str) -> None:
    if not is_known_unit:
        raise ValueError(f"{what}: unknown unit")
    if count < 0:
        raise ValueError(f"{what}: negative count {count}")
