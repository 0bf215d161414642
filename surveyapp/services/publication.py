"""Feed the disclosure planner from the database, and store and read the resulting plans.

This is the only module that reads answer counts for anything shown to a person: every page,
chart, export, API response and report asks ``current_plan`` and reads published cells from it
(an import contract in the test suite keeps views away from the answer tables).
"""

from __future__ import annotations

import gc
import random
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, defer

from surveyapp.domain.banks import Bank, QuestionKind
from surveyapp.domain.disclosure import (
    NodeId,
    PlanInput,
    PublicationPlan,
    UnitNode,
    compute_plan,
    measures,
)
from surveyapp.models import (
    Answer,
    Comment,
    PlanSnapshot,
    Response,
    ResponseBand,
    Wave,
    WaveState,
    WaveUnit,
)


@dataclass(frozen=True)
class PlanSettings:
    """Deployment choices that shape a plan (thresholds come from the wave itself)."""

    live_results: bool = False
    breakdown_unit_ids: frozenset[int] | None = None


def gather_input(
    session: Session,
    wave: Wave,
    bank: Bank,
    settings: PlanSettings,
    last_released_total: int = 0,
    previous_releases: tuple[PublicationPlan, ...] = (),
) -> PlanInput:
    """Direct counts per unit for one wave, grouped in the database.

    Joint band counts are not gathered, so the planner shows at most one demographic dimension
    (the bank's first, role). Per-band answers are gathered for the supervision recency question
    only, so reports can hold newly qualified staff to their stricter standard.
    """
    assert wave.min_group_size is not None and wave.min_comment_group_size is not None
    members = session.execute(
        select(WaveUnit.unit_id, WaveUnit.parent_unit_id, WaveUnit.name).where(
            WaveUnit.wave_id == wave.id
        )
    ).all()
    responses = dict(
        session.execute(
            select(Response.unit_id, func.count())
            .where(Response.wave_id == wave.id)
            .group_by(Response.unit_id)
        ).all()
    )
    known_questions = {q.key for q in bank.questions}
    options = {
        key: counts
        for key, counts in answer_counts(session, wave.id).items()
        if key[1] in known_questions
    }
    answered = {key: sum(counts.values()) for key, counts in options.items()}
    comment_counts = {
        (unit_id, prompt): count
        for unit_id, prompt, count in session.execute(
            select(Comment.unit_id, Comment.prompt_key, func.count())
            .where(Comment.wave_id == wave.id)
            .group_by(Comment.unit_id, Comment.prompt_key)
        )
    }
    band_counts = {
        (unit_id, dimension, band): count
        for unit_id, dimension, band, count in session.execute(
            select(ResponseBand.unit_id, ResponseBand.dimension, ResponseBand.band, func.count())
            .where(ResponseBand.wave_id == wave.id)
            .group_by(ResponseBand.unit_id, ResponseBand.dimension, ResponseBand.band)
        )
    }
    band_options = _supervision_by_role(session, wave, bank)
    themes = {
        theme.key: tuple(
            q.key for q in bank.theme_questions(theme.key) if q.kind is QuestionKind.AGREEMENT
        )
        for theme in bank.themes
    }
    return PlanInput(
        units=tuple(UnitNode(*member) for member in members),
        k=wave.min_group_size,
        k_comments=wave.min_comment_group_size,
        responses=responses,
        question_answered=answered,
        question_options=options,
        themes=themes,
        comment_counts=comment_counts,
        band_counts=band_counts,
        breakdown_units=settings.breakdown_unit_ids,
        wave_is_open=wave.state is WaveState.OPEN,
        live_results=settings.live_results,
        last_released_total=last_released_total,
        previous_releases=previous_releases,
        band_question_options=band_options,
        band_question_answered={key: sum(counts.values()) for key, counts in band_options.items()},
        breakdown_dimensions=tuple(d.key for d in bank.demographics),
    )


_ANSWER_COUNTS = (
    select(Answer.unit_id, Answer.question_key, Answer.value, Answer.choice, func.count())
    .where(Answer.wave_id == bindparam("wave_id"))
    # Grouped by the columns of ix_answer_tally, in its order: one ordered index read, no sort.
    .group_by(Answer.unit_id, Answer.question_key, Answer.value, Answer.choice)
    .order_by(Answer.unit_id, Answer.question_key)
)
_SCALE_TEXT = {value: str(value) for value in range(11)}


def answer_counts(session: Session, wave_id: int) -> dict[tuple[int, str], dict[str, int]]:
    """How many gave each answer, per unit and question: (unit, question) -> answer -> count.

    A national wave gives some 230,000 groups. They are read with the driver's own cursor: made
    into SQLAlchemy rows first, they took twice as long to read as the database took to count.
    """
    counts: dict[tuple[int, str], dict[str, int]] = {}
    key: tuple[int, str] | None = None
    bucket: dict[str, int] = {}
    for unit_id, question_key, value, choice, count in _plain_rows(
        session, _ANSWER_COUNTS, {"wave_id": wave_id}
    ):
        if key is None or key[0] != unit_id or key[1] != question_key:
            key = (unit_id, question_key)
            bucket = counts[key] = {}
        bucket[choice if value is None else _SCALE_TEXT[value]] = count
    return counts


def _plain_rows(
    session: Session, statement: Select[Any], parameters: dict[str, Any]
) -> list[tuple[Any, ...]]:
    """Run a select of plain columns on the DBAPI cursor of the session's own connection.

    Only for int and text columns and parameters: nothing is converted on the way in or out.
    """
    connection = session.connection()
    assert connection.dialect.paramstyle in {"qmark", "pyformat"}, connection.dialect.paramstyle
    compiled = statement.compile(dialect=connection.dialect)
    values = compiled.construct_params(parameters)
    arguments: Any = (
        tuple(values[name] for name in compiled.positiontup or ())
        if connection.dialect.positional
        else values
    )
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(str(compiled), arguments)
        return cursor.fetchall()  # type: ignore[no-any-return]
    finally:
        cursor.close()


def _supervision_by_role(
    session: Session, wave: Wave, bank: Bank
) -> dict[tuple[int, str, str, str], dict[str, int]]:
    """Recency answers per unit and role band: (unit, dimension, band, question) -> counts."""
    standard = bank.supervision_standard
    if standard is None or standard.role_dimension is None:
        return {}
    found: dict[tuple[int, str, str, str], dict[str, int]] = defaultdict(dict)
    rows = session.execute(
        select(Answer.unit_id, ResponseBand.band, Answer.choice, func.count())
        .join(
            ResponseBand,
            (ResponseBand.response_id == Answer.response_id)
            & (ResponseBand.wave_id == wave.id)
            & (ResponseBand.dimension == standard.role_dimension),
        )
        .where(Answer.wave_id == wave.id, Answer.question_key == standard.question)
        .group_by(Answer.unit_id, ResponseBand.band, Answer.choice)
    )
    for unit_id, band, choice, count in rows:
        found[(unit_id, standard.role_dimension, band, standard.question)][choice] = count
    return found


def _latest(session: Session, wave: Wave) -> PlanSnapshot | None:
    """The newest snapshot; its text (megabytes at national scale) is read only when parsed."""
    return session.scalars(
        select(PlanSnapshot)
        .options(defer(PlanSnapshot.plan_json))
        .where(PlanSnapshot.wave_id == wave.id)
        .order_by(PlanSnapshot.number.desc())
        .limit(1)
    ).first()


# Parsed plans, newest use last. Bounded by cells, not plans: a council's plan has ~12,000
# cells, a national one ~95,000, and every web worker keeps its own. The lock is for threaded
# servers (the development server); parsing happens outside it.
_LOADED: OrderedDict[tuple[int, str], PublicationPlan] = OrderedDict()
_LOADED_MAX_CELLS = 400_000
# One node's cells of final plans, for trends (a trend reads every wave's plan for one node).
_NODES: OrderedDict[tuple[int, str, NodeId], PublicationPlan] = OrderedDict()
_NODES_MAX = 4096
_CACHE_LOCK = threading.Lock()


def _load(snapshot: PlanSnapshot) -> PublicationPlan:
    """A stored plan never changes, so parsed plans are kept per snapshot (id and digest)."""
    key = (snapshot.id, snapshot.digest)
    with _CACHE_LOCK:
        plan = _LOADED.get(key)
        if plan is not None:
            _LOADED.move_to_end(key)
            return plan
    plan = PublicationPlan.from_json(snapshot.plan_json)
    if plan.digest() != snapshot.digest:
        raise ValueError(f"plan snapshot {snapshot.id} does not match its digest")
    with _CACHE_LOCK:
        _LOADED[key] = plan
        cells = sum(len(kept) for kept in _LOADED.values())
        while cells > _LOADED_MAX_CELLS and len(_LOADED) > 1:
            cells -= len(_LOADED.popitem(last=False)[1])
    return plan


def node_plan(
    session: Session, wave: Wave, bank: Bank, settings: PlanSettings, node: NodeId
) -> PublicationPlan:
    """One node's cells of the plan ``current_plan`` gives for this wave.

    Trends read one node from every wave's plan; reading each wave's whole plan for that would
    hold a dozen national plans (~25 MB each) in every worker.
    """
    latest = _latest(session, wave)
    if latest is None or not latest.is_final:
        return current_plan(session, wave, bank, settings).only(node)
    key = (latest.id, latest.digest, node)
    with _CACHE_LOCK:
        plan = _NODES.get(key)
        whole = _LOADED.get((latest.id, latest.digest))
    if plan is None:
        plan = (
            whole.only(node)
            if whole is not None
            else PublicationPlan.from_json(latest.plan_json, node)
        )
        with _CACHE_LOCK:
            _NODES[key] = plan
            if len(_NODES) > _NODES_MAX:
                _NODES.popitem(last=False)
    return plan


def current_plan(
    session: Session, wave: Wave, bank: Bank, settings: PlanSettings
) -> PublicationPlan:
    """The plan every view of this wave must read from, computing and storing it if due.

    Closed wave: its final plan (computed once). Open wave without live results: a plan in which
    every cell is hidden (not stored). Open wave with live results: the newest released snapshot,
    after releasing a new one if at least k responses have arrived since the last.
    """
    if wave.state is WaveState.DRAFT:
        raise ValueError(f"wave {wave.id} has not opened; it has no results")
    latest = _latest(session, wave)
    if latest is not None and latest.is_final:
        return _load(latest)
    last_total = latest.total_responses if latest is not None else 0
    releases = tuple(
        _load(snapshot)
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
            return _load(latest) if latest is not None else plan
        return _store(session, wave, plan, plan_input.total_responses, latest)


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Gathering, planning and serialising make some 500,000 small objects and no reference
    cycles; the cycle collector, walking them again and again as they were made, cost up to a
    third of the time of a national plan. Reference counting still frees everything at once."""
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
        return _load(stored)
    return plan


def published_comments(
    session: Session,
    wave: Wave,
    plan: PublicationPlan,
    unit_ids: frozenset[int],
    node: int | str,
    prompt_key: str,
    decrypt: Callable[[bytes], str],
) -> list[str]:
    """The decrypted comments of a pool the plan publishes, in random order; else nothing.

    ``unit_ids`` are the units whose people the plan's ``node`` covers (a unit's subtree, or the
    units pooled in an "other teams" cell). No per-comment detail leaves: no id, no order.
    """
    if not plan.is_published(node, measures.comments(prompt_key)):
        return []
    rows = session.scalars(
        select(Comment.ciphertext).where(
            Comment.wave_id == wave.id,
            Comment.prompt_key == prompt_key,
            Comment.unit_id.in_(unit_ids),
        )
    )
    texts = [decrypt(ciphertext) for ciphertext in rows]
    random.SystemRandom().shuffle(texts)
    return texts
