"""The flat table of a unit's published cells, in pages: the CSV export's rows, typed.

The rows are ``reporting.published_cells.published_rows`` for the unit and every unit below it
that the reader may see, exactly what the CSV and Excel exports carry, so the three cannot
disagree. Empty text becomes null, and each row says whether its cell is published and, if not,
the plan's reason code beside the words.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from surveyapp.domain.disclosure import Reason, measures
from surveyapp.domain.results import theme_result
from surveyapp.reporting.published_cells import Row, published_rows
from surveyapp.services.visibility import UnitView

from .schemas.cells import PAGE_SIZE, CellPage, CellRow


def _reason(view: UnitView, row: Row) -> Reason | None:
    """The code beside a row's words: the plan's for a suppressed cell, the theme's for a
    published theme cell whose score is withheld (the same source as the words)."""
    if row.n is None:
        return view.plan.cell(row.unit_id, row.measure_id).reason
    kind, _, key = row.measure_id.partition(":")
    if row.suppressed and kind == measures.THEME and not row.answer_code:
        return theme_result(view.plan, row.unit_id, view.bank, key).reason
    return None


def cell_row(view: UnitView, row: Row) -> CellRow:
    return CellRow(
        wave_name=row.wave,
        unit_id=row.unit_id if isinstance(row.unit_id, int) else None,
        node_id=str(row.unit_id),
        unit_name=row.unit,
        unit_path=row.unit_path,
        group=row.group or None,
        theme=row.theme or None,
        measure=row.measure,
        measure_id=row.measure_id,
        question=row.question or None,
        answer=row.answer or None,
        answer_code=row.answer_code or None,
        status="published" if row.n is not None else "suppressed",
        n=row.n,
        count=row.count,
        percent_of_answers=row.percent,
        favourable_percent=row.favourable,
        interval_95_low_percent=row.low,
        interval_95_high_percent=row.high,
        mean=row.mean,
        reason_code=_reason(view, row),
        suppressed_because=row.suppressed or None,
        note=row.note or None,
    )


def cell_page(view: UnitView, page: int, address_of: Callable[[int], str]) -> CellPage | None:
    """Page ``page`` (from 1) of the table, or None past its last page. ``address_of`` gives a
    page's absolute address, for ``next_url``."""
    units = view.subtree & view.visible
    rows = published_rows(view.plan, view.bank, view.tree, units, view.wave.name)
    pages = max(1, math.ceil(len(rows) / PAGE_SIZE))
    if page > pages:
        return None
    start = (page - 1) * PAGE_SIZE
    following = page + 1 if page < pages else None
    return CellPage(
        wave_id=view.wave.id,
        unit_id=view.unit.unit_id,
        min_group_size=view.plan.k,
        min_comment_group_size=view.plan.k_comments,
        plan_sha256=view.plan.digest(),
        page=page,
        page_size=PAGE_SIZE,
        total_rows=len(rows),
        total_pages=pages,
        next_page=following,
        next_url=None if following is None else address_of(following),
        rows=[cell_row(view, row) for row in rows[start : start + PAGE_SIZE]],
    )
