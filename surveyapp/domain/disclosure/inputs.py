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
from types import MappingProxyType

from surveyapp.domain.disclosure.measures import check_key
from surveyapp.domain.disclosure.thresholds import check_thresholds


@dataclass(frozen=True)
class UnitNode:
    """A unit as it stood when the wave opened (membership is frozen per wave)."""

    unit_id: int
    parent_id: int | None
    name: str


@dataclass(frozen=True, eq=False)
class PlanInput:
    """Counts for one snapshot of one wave, and the thresholds frozen with the wave."""

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

    def __post_init__(self) -> None:
        check_thresholds(self.k, self.k_comments)
        self._check_tree()
        self._check_counts()

    @cached_property
    def root_id(self) -> int:
        return next(unit.unit_id for unit in self.units if unit.parent_id is None)

    @cached_property
    def unit_ids(self) -> frozenset[int]:
        return frozenset(unit.unit_id for unit in self.units)

    @cached_property
    def question_keys(self) -> tuple[str, ...]:
        keys = {key for _, key in self.question_answered} | {
            key for _, key in self.question_options
        }
        keys.update(key for questions in self.themes.values() for key in questions)
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
        known = self.unit_ids
        for unit_id, count in self.responses.items():
            _check_count(unit_id in known, count, f"responses of unit {unit_id}")
        for (unit_id, key), count in self.question_answered.items():
            check_key("question key", key)
            _check_count(unit_id in known, count, f"answers to {key} in unit {unit_id}")
            if count > self.responses.get(unit_id, 0):
                raise ValueError(f"more answers to {key} than responses in unit {unit_id}")
        for (unit_id, key), options in self.question_options.items():
            check_key("question key", key)
            for option, count in options.items():
                _check_count(unit_id in known, count, f"option {option} of {key} in {unit_id}")
            if sum(options.values()) != self.question_answered.get((unit_id, key), 0):
                raise ValueError(f"option counts of {key} in unit {unit_id} != answers")
        for theme_key, questions in self.themes.items():
            check_key("theme key", theme_key)
            if not questions:
                raise ValueError(f"theme {theme_key} has no questions")
            for key in questions:
                check_key("question key", key)
        for (unit_id, prompt), count in self.comment_counts.items():
            check_key("comment prompt", prompt)
            _check_count(unit_id in known, count, f"comments on {prompt} in unit {unit_id}")
        banded: dict[tuple[int, str], int] = defaultdict(int)
        for (unit_id, dimension, band_name), count in self.band_counts.items():
            check_key("dimension", dimension)
            if not band_name:
                raise ValueError(f"an empty band name in dimension {dimension}")
            _check_count(unit_id in known, count, f"band {band_name} in unit {unit_id}")
            banded[unit_id, dimension] += count
        for (unit_id, dimension), count in banded.items():
            if count > self.responses.get(unit_id, 0):
                raise ValueError(f"more {dimension} bands than responses in unit {unit_id}")
        if self.last_released_total < 0:
            raise ValueError("last_released_total cannot be negative")


def _check_count(is_known_unit: bool, count: int, what: str) -> None:
    if not is_known_unit:
        raise ValueError(f"{what}: unknown unit")
    if count < 0:
        raise ValueError(f"{what}: negative count {count}")
