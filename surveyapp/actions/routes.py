"""Action plans: list, record and update them; the public "You said, we did" page. Thin: parse,
call ``services.actions`` (which checks everything again), render."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import Blueprint, Response, abort, current_app, redirect, render_template, url_for
from flask_babel import gettext as _
from wtforms import SelectChoice

from surveyapp.accounts.access import public, readable_unit, require, signed_in_user
from surveyapp.database import db
from surveyapp.domain.actions import ActionError, is_overdue, measure_score, target_label
from surveyapp.domain.banks import Bank
from surveyapp.domain.roles import READS_RESULTS, WRITES_ACTIONS
from surveyapp.languages import current_language, translated
from surveyapp.models import Action
from surveyapp.runtime import runtime
from surveyapp.services import staff_page_content, staff_pages
from surveyapp.services.actions import (
    ActionRefused,
    ActionView,
    NewAction,
    action_by_id,
    add_progress,
    check_may_act,
    later_changes,
    possible_owners,
    record_action,
    targets_for,
    unit_actions,
)
from surveyapp.services.staff_pages import slug_for
from surveyapp.services.visibility import UnitView, may_act_on

from .forms import ActionForm, ProgressForm

bp = Blueprint("actions", __name__)

FORM_FIELDS = {"owner_id": "owner"}
"""The form field of a service's ``ActionError`` field, where their names differ."""


@dataclass(frozen=True)
class UnitPlans:
    """A unit's action plans as the dashboard and the unit's actions page show them."""

    actions: list[ActionView]
    may_act: bool
    staff_page_slug: str | None

    @property
    def overdue(self) -> int:
        return sum(view.is_overdue for view in self.actions)


def _banks_in_language() -> dict[str, Bank]:
    """The banks' words in the reader's language, for what each action is about (keys are
    the same in every language)."""
    return {key: bank.in_language(current_language()) for key, bank in runtime().banks.items()}


def _plans(view: UnitView) -> UnitPlans:
    running = runtime()
    banks = _banks_in_language()
    return UnitPlans(
        actions=unit_actions(
            db(),
            view.wave,
            view.unit.unit_id,
            banks,
            running.plan_settings,
            dt.date.today(),
            signed_in_user(),
        ),
        may_act=may_act_on(db(), signed_in_user(), view.wave, view.unit.unit_id, view.members),
        staff_page_slug=slug_for(db(), view.wave.id, view.unit.unit_id),
    )


@bp.app_template_filter("staff_page_url")
def staff_page_url(slug: str) -> str:
    """The page's full address, as printed on posters: from SURVEYAPP_PUBLIC_URL."""
    return staff_pages.page_url(current_app.config["PUBLIC_URL"], slug)


@bp.app_template_global("unit_action_plans")
def unit_action_plans(view: UnitView) -> UnitPlans:
    """For the dashboard's actions partial (``actions/_dashboard.html``), which it includes
    with one line: the dashboard's own view stays as it is."""
    return _plans(view)


def _refused(error: ActionRefused) -> tuple[str, int]:
    return render_template("actions/refused.html", message=error.args[0]), 403


@bp.get("/actions/waves/<int:wave_id>/units/<int:unit_id>")
@require(*READS_RESULTS)
def unit(wave_id: int, unit_id: int) -> str:
    view = readable_unit(wave_id, unit_id)
    return render_template("actions/unit.html", view=view, plans=_plans(view))


@bp.route("/actions/waves/<int:wave_id>/units/<int:unit_id>/new", methods=["GET", "POST"])
@require(*WRITES_ACTIONS)
def new(wave_id: int, unit_id: int) -> Response | str | tuple[str, int]:
    view = readable_unit(wave_id, unit_id)
    user = signed_in_user()
    try:
        check_may_act(db(), user, view.wave, unit_id)
    except ActionRefused as refused:
        return _refused(refused)
    running = runtime()
    targets = targets_for(db(), view.wave, unit_id, _banks_in_language(), running.plan_settings)
    owners = possible_owners(db(), view.wave, unit_id)
    form = ActionForm()
    form.measure.choices = [
        SelectChoice(
            t.measure,
            _(
                "%(label)s (%(score)s%% favourable)",
                label=translated(t.label),
                score=format(t.score.percent, ".0f"),
            ),
        )
        for t in targets
    ]
    form.owner.choices = [SelectChoice("", _("Choose an owner"))] + [
        SelectChoice(str(u.id), u.email) for u in owners
    ]
    if not form.is_submitted() and user in owners:
        form.owner.data = str(user.id)
    if form.validate_on_submit():
        chosen = NewAction(
            form.measure.data or "",
            form.description.data or "",
            int(form.owner.data) if (form.owner.data or "").isdigit() else None,
            form.due_on.data,
        )
        try:
            action = record_action(
                db(),
                user,
                view.wave,
                unit_id,
                chosen,
                running.banks,
                running.plan_settings,
                dt.datetime.now(dt.UTC),
            )
        except ActionRefused as refused:
            return _refused(refused)
        except ActionError as error:
            getattr(form, FORM_FIELDS.get(error.field, error.field)).errors.append(error.message)
        else:
            return redirect(url_for(".detail", action_id=action.id), 303)
    page = render_template("actions/new.html", view=view, form=form, has_targets=bool(targets))
    return (page, 400) if form.is_submitted() else page


def _readable_action(action_id: int) -> tuple[Action, UnitView]:
    """The action and the unit view of its wave, or 404 (outside the reader's scope too)."""
    action = action_by_id(db(), action_id)
    if action is None:
        abort(404)
    return action, readable_unit(action.wave_id, action.unit_id)


def _detail(action: Action, view: UnitView, form: ProgressForm) -> str:
    running = runtime()
    return render_template(
        "actions/detail.html",
        action=action,
        view=view,
        form=form,
        label=target_label(view.bank, action.measure) or action.measure,
        score=measure_score(view.plan, view.bank, action.unit_id, action.measure),
        is_overdue=is_overdue(action.status, action.due_on, dt.date.today()),
        may_act=may_act_on(db(), signed_in_user(), view.wave, action.unit_id, view.members),
        history=later_changes(db(), action, running.banks, running.plan_settings, signed_in_user()),
    )


@bp.get("/actions/<int:action_id>")
@require(*READS_RESULTS)
def detail(action_id: int) -> str:
    action, view = _readable_action(action_id)
    return _detail(action, view, ProgressForm(formdata=None))


@bp.post("/actions/<int:action_id>")
@require(*WRITES_ACTIONS)
def progress(action_id: int) -> Response | tuple[str, int]:
    action, view = _readable_action(action_id)
    form = ProgressForm()
    if form.validate():
        try:
            add_progress(
                db(),
                signed_in_user(),
                action,
                form.text.data or "",
                form.chosen_status(),
                form.dropped_reason.data or "",
                dt.datetime.now(dt.UTC),
            )
        except ActionRefused as refused:
            return _refused(refused)
        except ActionError as error:
            getattr(form, error.field).errors.append(error.message)
        else:
            return redirect(url_for(".detail", action_id=action.id, _anchor="updates"), 303)
    return _detail(action, view, form), 400


@bp.get(f"{staff_pages.PATH}<slug>")
@public
def staff_page(slug: str) -> str:
    """A unit's "You said, we did" page: anyone with the link, no sign-in."""
    running = runtime()
    content = staff_page_content.staff_page(
        db(), slug, _banks_in_language(), running.plan_settings, dt.date.today()
    )
    if content is None:
        abort(404)
    return render_template("actions/staff_page.html", page=content)
