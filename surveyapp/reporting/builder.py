"""Build a signed report (HTML, PDF, CSV) for a unit and wave from the publication plan only."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from flask_babel import force_locale, gettext
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.orm import Session

from surveyapp.domain.banks import Bank, bank_of
from surveyapp.domain.disclosure import PublicationPlan
from surveyapp.domain.redaction import Redactor
from surveyapp.domain.results import (
    ComparedHeatmap,
    TreeUnit,
    TrendPoint,
    UnitResults,
    no_results_sentence,
    theme_trend,
    unit_results,
    why_hidden,
)
from surveyapp.domain.scope import Reader
from surveyapp.domain.sealed import AnswerCipher
from surveyapp.languages import HTML_LANG, current_language, equip, long_date
from surveyapp.models import Wave
from surveyapp.paths import REPORTS
from surveyapp.services.action_summary import ActionsSummary, actions_summary
from surveyapp.services.comparisons import compared_heatmap, top_unit
from surveyapp.services.publication import PlanSettings, current_plan
from surveyapp.services.visibility import (
    reader_plan,
    subtree_ids,
    tree_of,
    trend_plans,
    wave_members,
)

from . import charts, exports
from .comment_pools import CommentPool, readable_pools
from .layouts import Layout, load_layout
from .pdf_signing import sign_pdf
from .published_cells import published_rows
from .signing import Keyring, certificate_id, fingerprint, key_id, sign_report

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
    visible: frozenset[int] | None = None
    """The units the reader may see (the board view); None for a signed report, built by an
    administrator's command for every unit of the wave."""
    reader: Reader | None = None
    """Whose separation of duties applies (``visibility.reader_plan``); None for a command."""
    language: str | None = None
    """The report's language ("en", "cy"): its layout's words, the bank's, the catalogue's and
    the charts' labels; None for the language of the page (the board view) or, in a command,
    the first of ``SURVEYAPP_LANGUAGES``."""

    def report_language(self) -> str:
        return self.language or current_language()


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
    actions: ActionsSummary
    themes_svg: str
    """Both renderings of the chart (``charts.inline_svgs``), or "" when it would be empty."""
    trend_svg: str
    tree: tuple[TreeUnit, ...]
    units: frozenset[int]
    plan_names: list[str]
    heatmap: ComparedHeatmap
    no_results: str | None = None
    """The one sentence shown instead of every section when the unit has no results."""


@dataclass(frozen=True)
class BuiltReport:
    folder: Path
    files: tuple[str, ...]
    plan_digest: str


def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(REPORTS),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    equip(environment)
    return environment


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
    language = request.report_language()
    layout = load_layout(request.layout, language=language)
    wave, asked = request.wave, bank_of(banks, request.wave)
    bank = asked.in_language(language)  # its words only: the plan is the same in every language
    members = wave_members(session, wave)
    tree = tree_of(members)
    if request.unit_id not in {u.unit_id for u in tree}:
        raise ValueError(f"unit {request.unit_id} is not part of wave {wave.id}")
    progress("plan")
    plan = current_plan(session, wave, asked, settings)
    plan = reader_plan(session, request.reader, wave, plan, settings, members)
    results = unit_results(plan, bank, tree, request.unit_id)
    if request.visible is not None:
        visible = request.visible
        rows = tuple(row for row in results.heatmap if row.is_visible_to(visible))
        results = replace(results, heatmap=rows)
    progress("trends")
    plans = trend_plans(session, wave, banks, settings, request.unit_id, request.reader)
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
    unit = results.unit
    parent = next((u.name for u in tree if u.unit_id == unit.parent_id), None)
    no_results = None
    if results.reason is not None:
        no_results = no_results_sentence(
            results.reason, plan.k, plan.k_comments, unit.name, parent, wave.closes_on
        )
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
        actions=actions_summary(
            session,
            wave,
            units if request.visible is None else units & request.visible,
            {key: found.in_language(language) for key, found in banks.items()},
            dt.date.today(),
        ),
        # Drawn in the language of the page (the board view) or of the report: the chart's
        # words are the catalogue's, so each language is kept apart.
        themes_svg=charts.inline_svgs(
            ("themes", plan.digest(), request.unit_id, language),
            lambda size: charts.theme_scores_spec(results.themes, gettext("Theme scores"), size),
        )
        if charts.has_scores(results.themes)
        else "",
        trend_svg=charts.inline_svgs(
            ("trend", tuple(p.digest() for _, p in plans), request.unit_id, language),
            lambda size: charts.trend_spec(trends, gettext("Themes over time"), size),
        )
        if any(charts.has_scores(points) for _, points in trends)
        else "",
        tree=tree,
        units=units,
        plan_names=[name for name, _ in plans],
        heatmap=compared_heatmap(
            session,
            wave,
            plan,
            results,
            top_unit(tree, request.visible),
            banks,
            settings,
            request.reader,
        ),
        no_results=no_results,
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
    *,
    public_url: str = "",
) -> BuiltReport:
    """Write the request's files, sign the PDF (a PDF signature of its own) and then the
    manifest of every file; ``public_url`` is the address the report names for checking it."""
    unknown = set(request.formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown format(s): {', '.join(sorted(unknown))}")
    if request.out is None:
        raise ValueError("a report build needs an output folder")
    out = request.out
    # One language throughout (the one chosen on the build page or the command line), whatever
    # the language of the page that asked for it: it is signed with the rest (the manifest's
    # ``language``, the HTML's ``lang``).
    language = request.report_language()
    with force_locale(language):
        report = gather_content(session, banks, request, cipher, redact, settings, progress)
        layout, wave, plan, results = report.layout, request.wave, report.plan, report.results
        key = keyring.current()
        pdf_key, certificate = keyring.pdf_signing()
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
                html_lang=HTML_LANG.get(language, language),
                built_at=f"{long_date(built_at.date())} {built_at:%H:%M} UTC",
                key_id=key_id(key.public_key()),
                certificate_id=certificate_id(certificate),
                fingerprint=fingerprint(certificate),
                public_url=public_url.rstrip("/"),
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
            sign_pdf(out / f"{stem}.pdf", pdf_key, certificate)
            files.append(f"{stem}.pdf")
        if "csv" in request.formats:
            progress("csv")
            depth_one = frozenset(
                {request.unit_id}
                | {u.unit_id for u in report.tree if u.parent_id == request.unit_id}
            )
            units = depth_one if layout.name == "board-pack" else report.units
            rows = published_rows(plan, report.bank, report.tree, units, wave.name)
            about = exports.About(
                wave.name, results.unit.name, plan.k, plan.k_comments, plan.digest()
            )
            (out / f"{stem}-published-cells.csv").write_bytes(exports.to_csv(rows, about))
            files.append(f"{stem}-published-cells.csv")
        progress("sign")
        sign_report(
            out,
            {
                "format": "staff-voice-report/1",
                "layout": layout.name,
                "language": language,
                "waves": [
                    w.id for w in ([request.from_wave] if request.from_wave else []) + [wave]
                ],
                "wave_names": report.plan_names,
                "unit": {"id": request.unit_id, "name": results.unit.name},
                "thresholds": {"min_group_size": plan.k, "min_comment_group_size": plan.k_comments},
                "plan_sha256": plan.digest(),
                "built_at": built_at.isoformat(),
            },
            key,
        )
        return BuiltReport(out, tuple(files), plan.digest())
