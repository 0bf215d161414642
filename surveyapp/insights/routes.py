"""Dashboards, comments, charts and exports for a unit of a wave. Thin: load, build, render."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from surveyapp.accounts.access import readable_unit, require, signed_in_user
from surveyapp.database import db
from surveyapp.domain.comment_search import clean_query, search_comments
from surveyapp.domain.disclosure import PublicationPlan
from surveyapp.domain.results import (
    breakdowns,
    no_results_sentence,
    theme_trend,
    unit_results,
)
from surveyapp.domain.roles import READS_RESULTS
from surveyapp.languages import current_language
from surveyapp.models import Wave
from surveyapp.reporting import charts, exports
from surveyapp.reporting.comment_pools import readable_pools
from surveyapp.reporting.published_cells import published_rows
from surveyapp.runtime import runtime
from surveyapp.services.comparisons import compared_heatmap, top_unit
from surveyapp.services.issuance_table import issuance_table
from surveyapp.services.visibility import readable_waves, trend_plans

bp = Blueprint("insights", __name__, url_prefix="/insights")
WAVE_STATES = {"draft": _l("draft"), "open": _l("open"), "closed": _l("closed")}


@bp.get("/")
@require(*READS_RESULTS)
def index() -> str:
    """Waves, each linking to the highest unit the user may see."""
    user = signed_in_user()
    entries = readable_waves(db(), user, runtime().plan_settings)
    return render_template(
        "insights/index.html", entries=entries, user=user, wave_states=WAVE_STATES
    )


@bp.get("/waves/<int:wave_id>/units/<int:unit_id>")
@require(*READS_RESULTS)
def dashboard(wave_id: int, unit_id: int) -> str:
    view = readable_unit(wave_id, unit_id)
    results = view.visible_results(unit_results(view.plan, view.bank, view.tree, unit_id))
    if results.reason is not None:
        parent = next((u.name for u in view.tree if u.unit_id == view.unit.parent_id), None)
        sentence = no_results_sentence(
            results.reason,
            view.plan.k,
            view.plan.k_comments,
            view.unit.name,
            parent,
            view.wave.closes_on,
        )
        return render_template("insights/no_results.html", view=view, sentence=sentence)
    plans = _trend_plans(view.wave, unit_id)
    trends = [
        (theme.title, theme_trend(plans, view.bank, unit_id, theme.key))
        for theme in view.bank.themes
    ]
    digests = tuple(plan.digest() for _, plan in plans)
    running = runtime()
    dimensions = breakdowns(view.plan, view.bank, unit_id)
    by = request.args.get("by", "")
    return render_template(
        "insights/dashboard.html",
        view=view,
        results=results,
        issued=issuance_table(db(), view.wave, view.members, unit_id, view.visible, view.plan.k),
        trends=trends,
        heatmap=compared_heatmap(
            db(),
            view.wave,
            view.plan,
            results,
            top_unit(view.tree, view.visible),
            running.banks,
            running.plan_settings,
            signed_in_user(),
        ),
        breakdowns=dimensions,
        breakdown=next((d for d in dimensions if d.key == by), None),
        themes_svg=charts.inline_svgs(
            ("themes", view.plan.digest(), unit_id, current_language()),
            lambda size: charts.theme_scores_spec(results.themes, gettext("Theme scores"), size),
        )
        if charts.has_scores(results.themes)
        else "",
        trend_svg=charts.inline_svgs(
            ("trend", digests, unit_id, current_language()),
            lambda size: charts.trend_spec(trends, gettext("Themes over time"), size),
        )
        if any(charts.has_scores(points) for _, points in trends)
        else "",
    )


@bp.get("/waves/<int:wave_id>/units/<int:unit_id>/comments")
@require(*READS_RESULTS)
def comments(wave_id: int, unit_id: int) -> str:
    view = readable_unit(wave_id, unit_id)
    if not view.may_see_comments:
        abort(403)
    results = unit_results(view.plan, view.bank, view.tree, unit_id)
    running = runtime()
    pools = readable_pools(
        db(),
        view.wave,
        view.plan,
        results,
        view.subtree,
        running.answer_cipher,
        running.redactor,
    )
    found = search_comments(
        pools,
        clean_query(request.args.get("q")),
        request.args.get("page", 1, type=int) or 1,
        current_app.config["SECRET_KEY"].encode(),
    )
    return render_template("insights/comments.html", view=view, found=found)


@bp.get("/waves/<int:wave_id>/units/<int:unit_id>/charts/<string:name>.<string:fmt>")
@require(*READS_RESULTS)
def chart(wave_id: int, unit_id: int, name: str, fmt: str) -> Response:
    if fmt not in {"svg", "png"}:
        abort(404)
    view = readable_unit(wave_id, unit_id)
    results = unit_results(view.plan, view.bank, view.tree, unit_id)
    if name == "themes":
        if not charts.has_scores(results.themes):
            abort(404)  # a chart with nothing in it is not offered
        spec = charts.theme_scores_spec(
            results.themes, gettext("Theme scores: %(unit)s", unit=view.unit.name)
        )
    elif name == "trend":
        plans = _trend_plans(view.wave, unit_id)
        series = [
            (t.title, theme_trend(plans, view.bank, unit_id, t.key)) for t in view.bank.themes
        ]
        if not any(charts.has_scores(points) for _, points in series):
            abort(404)
        spec = charts.trend_spec(series, gettext("Themes over time: %(unit)s", unit=view.unit.name))
    else:
        question = next((q for q in results.questions if f"question-{q.key}" == name), None)
        if question is None or question.hidden is not None:
            abort(404)
        spec = charts.distribution_spec(question, question.text)
    mimetype = "image/svg+xml" if fmt == "svg" else "image/png"
    return Response(
        charts.render(spec, fmt),
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}-{wave_id}-{unit_id}.{fmt}"'},
    )


@bp.get("/waves/<int:wave_id>/units/<int:unit_id>/export.<string:fmt>")
@require(*READS_RESULTS)
def export(wave_id: int, unit_id: int, fmt: str) -> Response:
    if fmt not in {"csv", "xlsx"}:
        abort(404)
    view = readable_unit(wave_id, unit_id)
    units = view.subtree & view.visible
    rows = published_rows(view.plan, view.bank, view.tree, units, view.wave.name)
    about = exports.About(
        view.wave.name, view.unit.name, view.plan.k, view.plan.k_comments, view.plan.digest()
    )
    if fmt == "csv":
        body, mimetype = exports.to_csv(rows, about), "text/csv"
    else:
        body = exports.to_xlsx(rows, about)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(
        body,
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="results-{wave_id}-{unit_id}.{fmt}"'
        },
    )


@bp.get("/waves/<int:wave_id>")
@require(*READS_RESULTS)
def wave(wave_id: int) -> Response:
    """The wave's highest visible unit."""
    for entry in readable_waves(db(), signed_in_user(), runtime().plan_settings):
        if entry.wave.id == wave_id and entry.top is not None:
            return redirect(url_for(".dashboard", wave_id=wave_id, unit_id=entry.top.unit_id))
    abort(404)


def _trend_plans(wave: Wave, unit_id: int) -> list[tuple[str, PublicationPlan]]:
    running = runtime()
    return trend_plans(db(), wave, running.banks, running.plan_settings, unit_id, signed_in_user())
