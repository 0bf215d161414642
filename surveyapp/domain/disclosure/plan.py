"""The publication plan: the one decision, per snapshot, of what any role may see.

Every page, chart, export, API and report reads numbers from here and nowhere else. A suppressed
cell carries only its reason, never its size: a plan that held hidden sizes could leak them
through a bug in any one view, so it simply does not hold them.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from operator import attrgetter
from typing import Any

import orjson

FORMAT = 1

NodeId = int | str
"""A unit id, or the id of an "other teams in ..." rollup (``"other:<parent unit id>"``)."""


class Reason(StrEnum):
    """Why a cell is hidden; stored as text, shown to analysts so suppression is explainable."""

    BELOW_MINIMUM = "below_minimum"
    PROTECTS_ANOTHER_CELL = "protects_another_cell"
    COMMENTS_BELOW_MINIMUM = "comments_below_minimum"
    WAVE_STILL_OPEN = "wave_still_open"
    BREAKDOWN_WITHHELD = "breakdown_withheld"
    ROLLED_UP = "rolled_up"
    NOT_RELEASED = "not_released"
    QUESTION_WITHHELD = "question_withheld"
    CHANGED_TOO_LITTLE = "changed_too_little"
    NOT_IN_EARLIER_RELEASE = "not_in_earlier_release"
    BREAKDOWN_NOT_LIVE = "breakdown_not_live"
    ISSUED_INVITATIONS = "issued_invitations"
    """Only in a reader's view, never stored: they issued invitations counted here (duties.py)."""


class SuppressedCellError(LookupError):
    """Asked for the size of a cell that is not published."""


@dataclass(frozen=True, slots=True)
class Cell:
    """One node x measure decision: published with its size, or hidden with a reason.

    ``is_from_last_release``: the final plan of a wave that released live results shows this
    cell as the last release showed it (its n and answers then), because the responses since
    then are too few to show (history.py). Pages say so; auditors treat it as that release's.
    """

    node: NodeId
    measure: str
    n: int | None = None
    reason: Reason | None = None
    distribution: tuple[tuple[str, int], ...] | None = None
    is_from_last_release: bool = False

    def __post_init__(self) -> None:
        if (self.n is None) == (self.reason is None):
            raise ValueError("a cell is either published with n or suppressed with a reason")
        if self.distribution is not None and self.n is None:
            raise ValueError("a suppressed cell carries no answer distribution")
        if self.is_from_last_release and self.n is None:
            raise ValueError("only a published cell can repeat the last release")

    @property
    def is_published(self) -> bool:
        return self.reason is None


_new = object.__new__
_SET_NODE, _SET_MEASURE, _SET_N, _SET_REASON, _SET_DISTRIBUTION, _SET_REPEATS = (
    Cell.__dict__[name].__set__
    for name in ("node", "measure", "n", "reason", "distribution", "is_from_last_release")
)


def decided_cell(
    node: NodeId,
    measure: str,
    n: int | None,
    reason: Reason | None,
    distribution: tuple[tuple[str, int], ...] | None = None,
) -> Cell:
    """A cell as the planner decides it, made without ``Cell``'s checks, which the planner's
    choices meet by construction (``n`` exactly when no ``reason``; answers only with ``n``),
    and set through its slots: a national plan makes 100,000 cells, and this takes 435 ns
    where ``Cell(...)`` took 1,150."""
    cell = _new(Cell)
    _SET_NODE(cell, node)
    _SET_MEASURE(cell, measure)
    _SET_N(cell, n)
    _SET_REASON(cell, reason)
    _SET_DISTRIBUTION(cell, distribution)
    _SET_REPEATS(cell, False)
    return cell


@dataclass(frozen=True, slots=True)
class Rollup:
    """An "other teams in <parent>" cell pooling small units that would not be shown alone."""

    node: str
    parent_id: int
    label: str
    unit_ids: frozenset[int]


def rollup_node(parent_id: int) -> str:
    return f"other:{parent_id}"


@dataclass(frozen=True, slots=True)
class Usefulness:
    """How much the derivation rules cost: cells shown under the primary rule alone vs the plan."""

    candidate_cells: int
    published_primary_only: int
    published: int

    @property
    def share_primary_only(self) -> float:
        return self.published_primary_only / self.candidate_cells if self.candidate_cells else 0.0

    @property
    def share_published(self) -> float:
        return self.published / self.candidate_cells if self.candidate_cells else 0.0


class PublicationPlan:
    """Decisions for every candidate cell of one wave snapshot, plus the rollup cells."""

    __slots__ = (
        "_canonical",
        "_cells",
        "_digest",
        "_unread",
        "k",
        "k_comments",
        "rollups",
        "usefulness",
    )

    def __init__(
        self,
        *,
        k: int,
        k_comments: int,
        cells: Iterable[Cell],
        rollups: Iterable[Rollup] = (),
        usefulness: Usefulness,
    ) -> None:
        self.k = k
        self.k_comments = k_comments
        self.rollups = tuple(rollups)
        self.usefulness = usefulness
        self._canonical: str | None = None
        self._digest: str | None = None
        self._unread: _Unread | None = None
        self._cells: dict[tuple[NodeId, str], Cell] = {}
        for cell in cells:
            key = (cell.node, cell.measure)
            if key in self._cells:
                raise ValueError(f"two decisions for cell {key}")
            self._cells[key] = cell

    def cell(self, node: NodeId, measure: str) -> Cell:
        """The decision for a cell; KeyError for a cell that was never a candidate."""
        try:
            return self._cells[node, measure]
        except KeyError:
            if self._unread is None:
                raise
        self._read(node)
        return self._cells[node, measure]

    def is_published(self, node: NodeId, measure: str) -> bool:
        found = self._cells.get((node, measure))
        if found is None and self._unread is not None:
            self._read(node)
            found = self._cells.get((node, measure))
        return found is not None and found.is_published

    def n(self, node: NodeId, measure: str) -> int:
        """The number of people behind a published cell; suppressed cells have none to give."""
        found = self.cell(node, measure)
        if found.n is None:
            raise SuppressedCellError(f"cell {node}/{measure} is suppressed ({found.reason})")
        return found.n

    def cells(self) -> Iterator[Cell]:
        self._read_all()
        return iter(self._cells.values())

    def published_cells(self) -> Iterator[Cell]:
        self._read_all()
        return (cell for cell in self._cells.values() if cell.reason is None)

    def rollup(self, parent_id: int) -> Rollup | None:
        return next((r for r in self.rollups if r.parent_id == parent_id), None)

    def __len__(self) -> int:
        unread = self._unread
        return len(self._cells) + (unread.cells if unread is not None else 0)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PublicationPlan) and self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def to_dict(self) -> dict[str, object]:
        """A JSON-safe form, in a canonical order, for a database column and for signing."""
        return {
            **self._header(),
            "cells": [
                [
                    c.node,
                    c.measure,
                    c.n,
                    c.reason,  # a StrEnum: JSON writes it as its plain text
                    None if c.distribution is None else dict(c.distribution),
                    # a sixth field only where true: other plans keep their text and digest
                    *((True,) if c.is_from_last_release else ()),
                ]
                for c in self._ordered()
            ],
        }

    def _header(self) -> dict[str, object]:
        """Every field of ``to_dict`` but the cells."""
        return {
            "format": FORMAT,
            "k": self.k,
            "k_comments": self.k_comments,
            "rollups": [
                {
                    "node": r.node,
                    "parent_id": r.parent_id,
                    "label": r.label,
                    "unit_ids": sorted(r.unit_ids),
                }
                for r in sorted(self.rollups, key=lambda r: r.parent_id)
            ],
            "usefulness": {
                "candidate_cells": self.usefulness.candidate_cells,
                "published_primary_only": self.usefulness.published_primary_only,
                "published": self.usefulness.published,
            },
        }

    def _ordered(self) -> list[Cell]:
        self._read_all()
        return _in_order(self._cells.values())

    def _read(self, node: NodeId) -> None:
        """Parse ``node``'s cells of a plan read lazily (``from_json``), once: a dashboard reads
        a unit and its children of a national plan's 3,600 nodes."""
        unread = self._unread
        if unread is not None:
            unread.read_into(self._cells, node)

    def _read_all(self) -> None:
        unread = self._unread
        if unread is None:
            return
        some_read = unread.cells < unread.total
        for node in unread.nodes():
            self._read(node)
        if some_read:  # the nodes read first came first: back to the text's order
            self._cells = {(c.node, c.measure): c for c in _in_order(self._cells.values())}
        self._unread = None

    @classmethod
    def from_dict(cls, data: Mapping[str, object], node: NodeId | None = None) -> PublicationPlan:
        """Rebuild a stored plan; anything malformed is refused rather than half-read.

        With ``node``, only that node's cells are kept (see ``only``). Equal measure names and
        answer counts are shared between cells: a national plan has some 95,000 cells, most
        repeating the same few, and sharing halves its memory.
        """
        if data.get("format") != FORMAT:
            raise ValueError(f"unknown plan format {data.get('format')!r}")
        useful = _mapping(data.get("usefulness"))
        items = _list(data.get("cells"))
        if node is not None:
            items = [item for item in items if _list(item)[:1] == [node]]
        shared: dict[Any, Any] = {}
        return cls(
            k=_int(data.get("k")),
            k_comments=_int(data.get("k_comments")),
            rollups=[_rollup(_mapping(item)) for item in _list(data.get("rollups"))],
            cells=[_cell(item, shared) for item in items],
            usefulness=Usefulness(
                candidate_cells=_int(useful.get("candidate_cells")),
                published_primary_only=_int(useful.get("published_primary_only")),
                published=_int(useful.get("published")),
            ),
        )

    @classmethod
    def from_json(cls, text: str, node: NodeId | None = None) -> PublicationPlan:
        """Rebuild a plan stored as its canonical JSON (whole, or one ``node``'s cells).

        A whole plan's digest is taken from that text, and its cells are parsed a node at a
        time, when first asked for: a national plan is some 8 MB of JSON and 100,000 cells, and
        a page reads a few hundred of them. Its fields but the cells are checked at once; a
        node's cells when read (the text's digest is checked against the stored one first).
        One node's cells alone are found in the text without indexing it: a trend reads one
        node of every wave's plan.
        """
        if node is not None:
            return cls.from_dict(_node_part(text, node), node)
        end = _cells_end(text)
        rest = _header_of(text, end)
        plan = cls.from_dict({**rest, "cells": []})
        plan._unread = _Unread(text, end)
        plan._digest = _sha256(text)
        return plan

    def only(self, *nodes: NodeId) -> PublicationPlan:
        """The same decisions for these nodes' cells only: what a trend needs of each wave (one
        node), or a heatmap of the wave before (a unit and its children).

        Its digest is its own, not the whole plan's: never show it as the plan's SHA-256.
        """
        wanted = set(nodes)
        for node in wanted:
            self._read(node)
        return PublicationPlan(
            k=self.k,
            k_comments=self.k_comments,
            cells=[cell for cell in self._cells.values() if cell.node in wanted],
            rollups=self.rollups,
            usefulness=self.usefulness,
        )

    @classmethod
    def joined(cls, parts: Sequence[PublicationPlan]) -> PublicationPlan:
        """Parts of one plan (from ``only`` or a node's ``from_json``) as one plan of their cells.

        Like theirs, its digest is its own, not the whole plan's: never show it as the plan's.
        """
        if not parts:
            raise ValueError("no parts to join")
        first = parts[0]
        if len(parts) == 1:
            return first
        return PublicationPlan(
            k=first.k,
            k_comments=first.k_comments,
            cells=[cell for part in parts for cell in part.cells()],
            rollups=first.rollups,
            usefulness=first.usefulness,
        )

    def canonical_json(self) -> str:
        """``to_dict`` as JSON with sorted keys, no spaces and ASCII only: the text stored and
        signed. Built once: a plan never changes after it is made, and stores and digests reuse
        it. The cells are written by orjson: a national plan has 100,000 of them, and
        ``json.dumps`` took a third of the time of storing it. The text is the same, character
        for character (the tests compare); where a cell holds a letter beyond ASCII, which
        orjson does not escape, ``json.dumps`` writes them.
        """
        if self._canonical is None:
            header = _dumps(self._header())
            cells = _cells_text(self._ordered())
            self._canonical = f"{CELLS_START}{cells}],{header[1:]}"
        return self._canonical

    def digest(self) -> str:
        """SHA-256 of the canonical JSON: what a signed report commits to."""
        if self._digest is None:
            self._digest = _sha256(self.canonical_json())
        return self._digest


CELLS_START = '{"cells":['
CELLS_END = '],"format":'
_DECODER = json.JSONDecoder()


def _dumps(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def _cells_text(cells: Sequence[Cell]) -> str:
    """The cells as ``json.dumps`` writes their ``to_dict`` form, without the list's brackets.

    Written some thousands at a time: the rows of a national plan's 100,000 cells, each a list
    and a dict, held 30 MB while they were written at once."""
    parts: list[str] = []
    for at in range(0, len(cells), _CELLS_AT_ONCE):
        rows: list[list[object]] = []
        for cell in cells[at : at + _CELLS_AT_ONCE]:
            distribution = cell.distribution
            row: list[object] = [
                cell.node,
                cell.measure,
                cell.n,
                cell.reason,
                None if distribution is None else dict(distribution),
            ]
            if cell.is_from_last_release:
                row.append(True)
            rows.append(row)
        written = orjson.dumps(rows, option=orjson.OPT_SORT_KEYS)
        parts.append(written.decode("ascii")[1:-1] if written.isascii() else _dumps(rows)[1:-1])
    return ",".join(parts)


_CELLS_AT_ONCE = 8192


def _node_part(text: str, node: NodeId) -> dict[str, object]:
    """The plan's fields with only ``node``'s cells, read from canonical JSON (``canonical_json``).

    There, keys are sorted, so the text opens with the cells, in ``_in_order``: a node's cells
    are side by side, each opening ``[<node>,"``, which nothing else in the cells can hold
    (answer counts are objects, measures and reasons plain words). Only those cells and the
    plan's other fields are checked: the whole text is checked, with its digest, when it is read
    whole.
    """
    end = _cells_end(text)
    rest = _header_of(text, end)
    cells: list[object] = []
    at = text.find(json.dumps([node, ""], separators=(",", ":"))[:-3], 0, end)
    while 0 < at < end:
        cell, at = _DECODER.raw_decode(text, at)
        if _list(cell)[:1] != [node]:
            break
        cells.append(cell)
        at = at + 1 if text.startswith(",", at) else -1
    return {**rest, "cells": cells}


def _cells_end(text: str) -> int:
    """Where the cells of a plan's canonical JSON end (they come first: keys are sorted).

    Sought from the end: a national plan's other fields are 2 KB after 8 MB of cells. Nothing
    else can hold ``],"format":``: its quotes would be escaped inside a string, and no list in
    the cells is followed by a key."""
    end = text.rfind(CELLS_END)
    if end < 0 or not text.startswith((CELLS_START + "[", CELLS_START + "]")):
        raise ValueError("not a plan's canonical JSON")
    return end


def _header_of(text: str, end: int) -> Mapping[str, object]:
    return _mapping(json.loads("{" + text[end + len(CELLS_END) - len('"format":') :]))


_NODE_CELLS = re.compile(r'\[(-?\d+|"[^"\\]*"),"[^\[]*(?:\[\1,"[^\[]*)*')
"""A node's cells side by side in canonical JSON: each opens with the node and its measure's
quote, and holds no other ``[`` (answer counts are objects); one match a node, not a cell."""


class _Unread:
    """A lazily read plan's cells not parsed yet: each node's span of the canonical text.

    Cells are written in node order, each opening ``[<node>,"``, which nothing else in the cells
    holds (answer counts are objects; measures, reasons and answers are keys and words), so one
    pass of a regular expression finds each node's run of cells. A span that does not parse as
    that node's cells is refused when read, as ``from_dict`` refuses a malformed cell.
    """

    def __init__(self, text: str, end: int) -> None:
        self.text = text
        self.spans: dict[NodeId, tuple[int, int, int]] = {}
        self.shared: dict[Any, Any] = {}
        self.lock = threading.Lock()
        for run in _NODE_CELLS.finditer(text, len(CELLS_START), end):
            start, stop = run.span()
            stop = stop - 1 if stop < end else stop  # the comma before the next node's cells
            self._span(_node_id(run[1]), start, stop, text.count("[", start, stop))
        self.total = self.cells = sum(span[2] for span in self.spans.values())

    def _span(self, node: NodeId, start: int, stop: int, count: int) -> None:
        if node in self.spans:
            raise ValueError(f"the cells of node {node!r} are not side by side")
        self.spans[node] = (start, stop, count)

    def nodes(self) -> list[NodeId]:
        return list(self.spans)

    def read_into(self, plan_cells: dict[tuple[NodeId, str], Cell], node: NodeId) -> None:
        """Parse and check ``node``'s cells into ``plan_cells``, unless done before. Under a
        lock: a plan is shared by a threaded server's requests, and a request that finds the
        node being read must wait for its cells."""
        with self.lock:
            span = self.spans.get(node)
            if span is None:
                return
            start, stop, count = span
            items = _list(json.loads(f"[{self.text[start:stop]}]"))
            cells: dict[tuple[NodeId, str], Cell] = {}
            for item in items:
                cell = _cell(item, self.shared)
                if cell.node != node or (node, cell.measure) in cells:
                    raise ValueError(f"the cells of node {node!r} do not read as its own")
                cells[node, cell.measure] = cell
            if len(cells) != count:
                raise ValueError(f"the cells of node {node!r} do not read as its own")
            plan_cells.update(cells)
            del self.spans[node]  # only now: a node that did not read is refused every time
            self.cells -= count


def _node_id(text: str) -> NodeId:
    value = json.loads(text)
    if type(value) is int or type(value) is str:
        return value
    raise ValueError(f"a cell's node is a unit id or a rollup, not {text}")


def _sha256(text: str) -> str:
    """Hashed a megabyte at a time: encoding a national plan's 8 MB at once held a second copy
    of it for as long as the hash took."""
    digest = hashlib.sha256()
    for at in range(0, len(text), _HASHED_AT_ONCE):
        digest.update(text[at : at + _HASHED_AT_ONCE].encode("ascii"))
    return digest.hexdigest()


_HASHED_AT_ONCE = 1 << 20


def _in_order(cells: Iterable[Cell]) -> list[Cell]:
    """Units' cells by unit id, then rollups' by name, each node's by measure: the order of the
    stored text. Sorted by ``attrgetter``, which builds each key without a Python call."""
    units: list[Cell] = []
    rollups: list[Cell] = []
    for cell in cells:
        (units if type(cell.node) is int else rollups).append(cell)
    by_node = attrgetter("node", "measure")
    return sorted(units, key=by_node) + sorted(rollups, key=by_node)


def _mapping(value: object) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise ValueError(f"expected an object, got {type(value).__name__}")
    return value


def _list(value: object) -> list[object]:
    if not isinstance(value, list):
        raise ValueError(f"expected a list, got {type(value).__name__}")
    return value


def _int(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"expected an integer, got {value!r}")
    return value


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {value!r}")
    return value


def _rollup(data: Mapping[str, object]) -> Rollup:
    return Rollup(
        node=_str(data.get("node")),
        parent_id=_int(data.get("parent_id")),
        label=_str(data.get("label")),
        unit_ids=frozenset(_int(u) for u in _list(data.get("unit_ids"))),
    )


_REASONS = {reason.value: reason for reason in Reason}


def _cell(item: object, shared: dict[Any, Any]) -> Cell:
    """One stored cell, checked field by field. A measure or answer-count object seen before is
    taken from ``shared`` as already checked: a national plan repeats a few hundred of them over
    100,000 cells, and is read on every worker's first page of a wave."""
    if type(item) is not list or not (len(item) == 5 or (len(item) == 6 and item[5] is True)):
        raise ValueError(f"a cell has 5 fields (a 6th, true, if it repeats a release): {item!r}")
    node, measure, n, reason, distribution = item[:5]
    return Cell(
        node=node if type(node) is int or type(node) is str else _int(node),
        measure=_measure(measure, shared),
        n=n if n is None or type(n) is int else _int(n),
        reason=None if reason is None else _reason(reason),
        distribution=None if distribution is None else _distribution(distribution, shared),
        is_from_last_release=len(item) == 6,
    )


def _measure(value: object, shared: dict[Any, Any]) -> str:
    found: str | None = shared.get(value) if type(value) is str else None
    if found is None:
        found = shared[value] = _str(value)
    return found


def _reason(value: object) -> Reason:
    found = _REASONS.get(value) if type(value) is str else None
    if found is None:
        raise ValueError(f"unknown reason {value!r}")
    return found


def _distribution(value: object, shared: dict[Any, Any]) -> tuple[tuple[str, int], ...]:
    """Checked the first time it is seen; equal ones after that share the checked tuple."""
    pairs = tuple((value if type(value) is dict else _mapping(value)).items())
    try:
        found: tuple[tuple[str, int], ...] | None = shared.get(pairs)
    except TypeError:  # an unhashable value: not answer counts, refused below
        found = None
    if found is None:
        if not all(type(k) is str and type(v) is int for k, v in pairs):
            raise ValueError(f"expected answer counts, got {value!r}")
        found = shared[pairs] = tuple(shared.setdefault(pair, pair) for pair in pairs)
    return found
