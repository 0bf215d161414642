"""Build a signed report (HTML, PDF, CSV) for a unit and wave from the publication plan only."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.orm import Session

from surveyapp.domain.banks import Bank
from surveyapp.domain.disclosure import PublicationPlan
from surveyapp.domain.redaction import Redactor
from surveyapp.domain.results import (
    TreeUnit,
    TrendPoint,
    UnitResults,
    theme_trend,
    unit_results,
    why_hidden,
)
from surveyapp.domain.sealed import AnswerCipher
from surveyapp.models import Wave
from surveyapp.paths import REPORTS
from surveyapp.services.publication import PlanSettings, current_plan
from surveyapp.services.visibility import subtree_ids, tree_of, trend_plans, wave_members

from . import charts, exports
from .comment_pools import CommentPool, readable_pools
from .layouts import Layout, load_layout
from .published_cells import published_rows
from .signing import Keyring, key_id, public_pem, sign_report

FORMATS = ("html", "pdf", "csv")


@dataclass(frozen=True)
class WorkforceFigure:
    unit: str
    label: str
    value: str


@dataclass(frozen=True)
class ReportRequest:
    wave: Wave
    unit_id: int
    layout: str
    formats: Sequence[str] = ("html",)
    out: Path | None = None
    from_wave: Wave | None = None
    workforce: Sequence[WorkforceFigure] = ()


@dataclass(frozen=True)
class ReportContent:
    """Everything a layout's sections show (``reports/_sections.html``), from the plan's
    published cells only: a signed report and the board view render the same content."""

    layout: Layout
    wave: Wave
    from_wave: Wave | None
    bank: Bank
    results: UnitResults
    plan: PublicationPlan
    trends: list[tuple[str, list[TrendPoint]]]
    comment_pools: list[CommentPool]
    workforce: Sequence[WorkforceFigure]
    suppressed: list[tuple[str, int]]
    themes_svg: str
    trend_svg: str
    tree: tuple[TreeUnit, ...]
    units: frozenset[int]
    plan_names: list[str]


@dataclass(frozen=True)
class BuiltReport:
    folder: Path
    files: tuple[str, ...]
    plan_digest: str


def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(REPORTS),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _suppressed(plan: PublicationPlan, units: frozenset[int]) -> list[tuple[str, int]]:
    counts = Counter(
        why_hidden(cell.reason, plan.k, plan.k_comments)
        for cell in plan.cells()
        if cell.reason is not None and (not isinstance(cell.node, int) or cell.node in units)
    )
    return sorted(counts.items(), key=lambda item: -item[1])


def gather_content(
    session: Session,
    banks: Mapping[str, Bank],
    request: ReportRequest,
    cipher: AnswerCipher,
    redact: Redactor,
    settings: PlanSettings,
    progress: Callable[[str], None] = lambda _step: None,
) -> ReportContent:
    """Read what the request's layout shows, from the plan's published cells only."""
    layout = load_layout(request.layout)
    wave, bank = request.wave, banks[request.wave.bank_key]
    members = wave_members(session, wave)
    tree = tree_of(members)
    if request.unit_id not in {u.unit_id for u in tree}:
        raise ValueError(f"unit {request.unit_id} is not part of wave {wave.id}")
    progress("plan")
    plan = current_plan(session, wave, bank, settings)
    results = unit_results(plan, bank, tree, request.unit_id)
    progress("trends")
    plans = trend_plans(session, wave, banks, settings, request.unit_id)
    if request.from_wave is not None:
        start = next((i for i, (name, _) in enumerate(plans) if name == request.from_wave.name), 0)
        plans = plans[start:]
    trends = [(t.title, theme_trend(plans, bank, request.unit_id, t.key)) for t in bank.themes]
    progress("comments")
    units = subtree_ids(members, request.unit_id)
    comment_pools = (
        readable_pools(session, wave, plan, results, units, cipher, redact)
        if layout.has("comments")
        else []
    )
    progress("charts")
    return ReportContent(
        layout=layout,
        wave=wave,
        from_wave=request.from_wave,
        bank=bank,
        results=results,
        plan=plan,
        trends=trends,
        comment_pools=comment_pools,
        workforce=request.workforce,
        suppressed=_suppressed(plan, units),
        themes_svg=charts.render_once(
            ("themes", plan.digest(), request.unit_id),
            lambda size: charts.theme_scores_spec(results.themes, "Theme scores", size),
        ).decode(),
        trend_svg=charts.render_once(
            ("trend", tuple(p.digest() for _, p in plans), request.unit_id),
            lambda size: charts.trend_spec(trends, "Themes over time", size),
        ).decode(),
        tree=tree,
        units=units,
        plan_names=[name for name, _ in plans],
    )


def build_report(
    session: Session,
    banks: Mapping[str, Bank],
    request: ReportRequest,
    keyring: Keyring,
    cipher: AnswerCipher,
    redact: Redactor,
    settings: PlanSettings,
    progress: Callable[[str], None] = lambda _step: None,
) -> BuiltReport:
    unknown = set(request.formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown format(s): {', '.join(sorted(unknown))}")
    if request.out is None:
        raise ValueError("a report build needs an output folder")
    out = request.out
    report = gather_content(session, banks, request, cipher, redact, settings, progress)
    layout, wave, plan, results = report.layout, request.wave, report.plan, report.results
    key = keyring.current()
    built_at = dt.datetime.now(dt.UTC).replace(microsecond=0)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"{layout.name}-{wave.id}-{request.unit_id}"
    progress("html")
    html = (
        _environment()
        .get_template(f"{layout.name}/template.html")
        .render(
            report=report,
            css=(REPORTS / "_report.css").read_text(encoding="utf-8"),
            built_at=built_at.strftime("%-d %B %Y %H:%M UTC"),
            key_id=key_id(key.public_key()),
            public_key=public_pem(key.public_key()),
        )
    )
    files = []
    if "html" in request.formats:
        (out / f"{stem}.html").write_text(html, encoding="utf-8")
        files.append(f"{stem}.html")
    if "pdf" in request.formats:
        progress("pdf")
        from .pdf import html_to_pdf

        html_to_pdf(html, out / f"{stem}.pdf")
        files.append(f"{stem}.pdf")
    if "csv" in request.formats:
        progress("csv")
        depth_one = frozenset(
            {request.unit_id} | {u.unit_id for u in report.tree if u.parent_id == request.unit_id}
        )
        units = depth_one if layout.name == "board-pack" else report.units
        rows = published_rows(plan, report.bank, report.tree, units, wave.name)
        about = exports.About(wave.name, results.unit.name, plan.k, plan.k_comments, plan.digest())
        (out / f"{stem}-published-cells.csv").write_bytes(exports.to_csv(rows, about))
        files.append(f"{stem}-published-cells.csv")
    progress("sign")
    sign_report(
        out,
        {
            "format": "staff-voice-report/1",
            "layout": layout.name,
            "waves": [w.id for w in ([request.from_wave] if request.from_wave else []) + [wave]],
            "wave_names": report.plan_names,
            "unit": {"id": request.unit_id, "name": results.unit.name},
            "thresholds": {"min_group_size": plan.k, "min_comment_group_size": plan.k_comments},
            "plan_sha256": plan.digest(),
            "built_at": built_at.isoformat(),
        },
        key,
    )
    return BuiltReport(out, tuple(files), plan.digest())
