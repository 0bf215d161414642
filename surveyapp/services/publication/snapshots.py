"""The plan every view reads: computed when due, stored as a snapshot, parsed once per worker.

A stored plan never changes, so each web worker keeps parsed plans in bounded caches (whole
plans by cells, and single nodes of final plans for trends).
"""

from __future__ import annotations

import gc
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, defer

from surveyapp.domain.banks import Bank
from surveyapp.domain.disclosure import NodeId, PublicationPlan, compute_plan
from surveyapp.models import PlanSnapshot, Wave, WaveState

from ..sealed import reseal_in_random_order
from .gather import PlanSettings, gather_input


def _latest(session: Session, wave: Wave) -> PlanSnapshot | None:
    """The newest snapshot; its text (megabytes at national scale) is read only when parsed."""
    return session.scalars(
        select(PlanSnapshot)
        .options(defer(PlanSnapshot.plan_json))
        .where(PlanSnapshot.wave_id == wave.id)
        .order_by(PlanSnapshot.number.desc())
        .limit(1)
    ).first()


# Plans read, newest use last. Bounded by cells, not plans: a council's plan has ~12,000
# cells, a national one ~100,000, and every web worker keeps its own (each node's cells are
# parsed when first read: ``PublicationPlan.from_json``). The lock is for threaded servers (the
# development server); reading happens outside it.
_LOADED: OrderedDict[tuple[int, str], PublicationPlan] = OrderedDict()
_LOADED_MAX_CELLS = 400_000
# One node's cells of final plans, for trends (a trend reads every wave's plan for one node).
_NODES: OrderedDict[tuple[int, str, NodeId], PublicationPlan] = OrderedDict()
_NODES_MAX = 4096
_CACHE_LOCK = threading.Lock()


def _load(session: Session, snapshot: PlanSnapshot) -> PublicationPlan:
    """A stored plan never changes, so parsed plans are kept per snapshot (id and digest)."""
    key = (snapshot.id, snapshot.digest)
    with _CACHE_LOCK:
        plan = _LOADED.get(key)
        if plan is not None:
            _LOADED.move_to_end(key)
            return plan
    text = _text_of(session, snapshot)
    plan = PublicationPlan.from_json(text)
    if plan.digest() != snapshot.digest:
        raise ValueError(f"plan snapshot {snapshot.id} does not match its digest")
    with _CACHE_LOCK:
        _LOADED[key] = plan
        cells = sum(len(kept) for kept in _LOADED.values())
        while cells > _LOADED_MAX_CELLS and len(_LOADED) > 1:
            cells -= len(_LOADED.popitem(last=False)[1])
    return plan


def _text_of(session: Session, snapshot: PlanSnapshot) -> str:
    """The stored text, read for parsing and then let go: loaded as the snapshot's attribute,
    each wave's ~8 MB of a national plan stayed in the session to the end of the request (a
    trend reads twelve)."""
    text: str = session.scalars(
        select(PlanSnapshot.plan_json).where(PlanSnapshot.id == snapshot.id)
    ).one()
    return text


def node_plan(
    session: Session, wave: Wave, bank: Bank, settings: PlanSettings, node: NodeId
) -> PublicationPlan:
    """One node's cells of the plan ``current_plan`` gives for this wave.

    Trends read one node from every wave's plan: that node's cells are found in each stored text
    (``from_json`` with a node) and kept, without indexing or holding a dozen national plans.
    """
    latest = _latest(session, wave)
    if latest is None or not latest.is_final:
        return current_plan(session, wave, bank, settings).only(node)
    key = (latest.id, latest.digest, node)
    with _CACHE_LOCK:
        plan = _NODES.get(key)
        whole = _LOADED.get(key[:2])
    if plan is not None:
        return plan
    if whole is not None:
        plan = whole.only(node)
    else:
        with _cycle_collector_paused():
            plan = PublicationPlan.from_json(_text_of(session, latest), node)
    _keep_nodes({key: plan})
    return plan


def nodes_plan(
    session: Session, wave: Wave, bank: Bank, settings: PlanSettings, nodes: Iterable[NodeId]
) -> PublicationPlan:
    """The cells of ``nodes`` only, of the plan ``current_plan`` gives for this wave: a heatmap
    compared with the wave before reads a unit and its children of that wave.

    Of a final plan, those nodes are kept one by one, as a trend's are, and not the whole plan:
    a national dashboard held the wave before's 8 MB text and index for its comparison.
    """
    wanted = tuple(dict.fromkeys(nodes))
    latest = _latest(session, wave)
    if latest is None or not latest.is_final or not wanted:
        return current_plan(session, wave, bank, settings).only(*wanted)
    keys = {node: (latest.id, latest.digest, node) for node in wanted}
    with _CACHE_LOCK:
        whole = _LOADED.get((latest.id, latest.digest))
        parts = {node: _NODES.get(key) for node, key in keys.items()}
    if whole is not None:
        return whole.only(*wanted)
    missing = [node for node, part in parts.items() if part is None]
    if missing:
        with _cycle_collector_paused():
            read = PublicationPlan.from_json(_text_of(session, latest))
            if read.digest() != latest.digest:
                raise ValueError(f"plan snapshot {latest.id} does not match its digest")
            found = {node: read.only(node) for node in missing}
        parts.update(found)
        _keep_nodes({keys[node]: part for node, part in found.items()})
    return PublicationPlan.joined([part for part in parts.values() if part is not None])


def _keep_nodes(found: dict[tuple[int, str, NodeId], PublicationPlan]) -> None:
    with _CACHE_LOCK:
        _NODES.update(found)
        while len(_NODES) > _NODES_MAX:
            _NODES.popitem(last=False)


def current_plan(
    session: Session, wave: Wave, bank: Bank, settings: PlanSettings
) -> PublicationPlan:
    """The plan every view of this wave must read from, computing and storing it if due.

    Closed wave: its final plan (computed once). Open wave without live results: a plan in which
    every cell is hidden (not stored). Open wave with live results: the newest released snapshot,
    after releasing a new one if at least k responses have arrived since the last (and then
    rewriting the wave's records in random order).
    """
    if wave.state is WaveState.DRAFT:
        raise ValueError(f"wave {wave.id} has not opened; it has no results")
    latest = _latest(session, wave)
    if latest is not None and latest.is_final:
        return _load(session, latest)
    last_total = latest.total_responses if latest is not None else 0
    releases = tuple(
        _load(session, snapshot)
        for snapshot in session.scalars(
            select(PlanSnapshot)
            .options(defer(PlanSnapshot.plan_json))
            .where(PlanSnapshot.wave_id == wave.id, PlanSnapshot.is_final.is_(False))
            .order_by(PlanSnapshot.number)
        )
    )
    with _cycle_collector_paused():
        plan_input = gather_input(session, wave, bank, settings, last_total, releases)
        plan = compute_plan(plan_input)
        if wave.state is WaveState.OPEN and not _is_release(plan):
            return _load(session, latest) if latest is not None else plan
        stored = _store(session, wave, plan, plan_input.total_responses, latest)
        if wave.state is WaveState.OPEN and stored is plan:
            # A live release: what was sent before it must not be told apart by storage order
            # from what comes after, so the records are rewritten in random order now.
            reseal_in_random_order(session, wave.id, settings.answer_cipher)
        return stored


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Gathering, planning, serialising and parsing a plan make some 500,000 small objects and
    no reference cycles; the cycle collector, walking them again and again as they were made,
    cost up to a third of the time of computing a national plan and half of parsing one.
    Reference counting still frees everything at once."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _is_release(plan: PublicationPlan) -> bool:
    return any(True for _ in plan.published_cells())


def _store(
    session: Session,
    wave: Wave,
    plan: PublicationPlan,
    total: int,
    latest: PlanSnapshot | None,
) -> PublicationPlan:
    snapshot = PlanSnapshot(
        wave_id=wave.id,
        number=(latest.number + 1) if latest is not None else 1,
        is_final=wave.state is WaveState.CLOSED,
        total_responses=total,
        digest=plan.digest(),
        plan_json=plan.canonical_json(),
    )
    try:
        with session.begin_nested():
            session.add(snapshot)
    except IntegrityError:
        stored = _latest(session, wave)
        assert stored is not None
        return _load(session, stored)
    return plan
