"""Deny-by-default authorisation: every route declares who may use it.

A view is reachable only if it is marked ``@public`` or ``@require(...)``; the route inventory
test fails for any endpoint with neither, and so does the app at start, so a new route cannot
be forgotten open. Within a
route, ``readable_unit`` is what the signed-in reader may see of a wave (``services.visibility``),
or a 404; ``managed_unit``, ``managed_wave`` and ``managed_pulse`` are what an admin looks after,
or a 404.

The API answers in JSON with the challenges of RFC 6750: a 401 carries ``WWW-Authenticate:
Bearer`` (with ``error="invalid_token"`` when a bearer token was presented and refused), a 403
``error="insufficient_scope"``. A path under ``/api/`` that matches no route is the API's too,
so its token is checked before its ids are (``is_api_request``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, Request, Response, abort, jsonify, redirect, request, url_for
from flask_login import current_user

from surveyapp.database import db
from surveyapp.domain.roles import Role
from surveyapp.languages import current_language
from surveyapp.models import PulseSchedule, Unit, User, Wave, WaveUnit
from surveyapp.runtime import runtime
from surveyapp.services import visibility
from surveyapp.services.visibility import UnitView, managed_unit_ids, unit_view

F = TypeVar("F", bound=Callable[..., Any])
ACCESS_ATTRIBUTE = "_surveyapp_access"
API_BLUEPRINT = "api"
API_PATH = "/api/"
API_REALM = "Staff Voice API"


def is_api_request(incoming: Request | None = None) -> bool:
    """Whether a request is for the API: routed to its blueprint, or under ``/api/`` and routed
    nowhere (a malformed id), which the API answers too, token first."""
    incoming = request if incoming is None else incoming
    return incoming.blueprint == API_BLUEPRINT or incoming.path.startswith(API_PATH)


def presented_bearer_token(incoming: Request | None = None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, or None."""
    incoming = request if incoming is None else incoming
    scheme, _, token = incoming.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def api_unauthorised() -> Response:
    """401 with the RFC 6750 challenge; ``invalid_token`` only when a token was refused."""
    if presented_bearer_token() is None:
        response = jsonify(error="authentication required")
        response.headers["WWW-Authenticate"] = f'Bearer realm="{API_REALM}"'
    else:
        response = jsonify(error="this token is not valid (revoked, mistyped or its account ended)")
        response.headers["WWW-Authenticate"] = (
            f'Bearer realm="{API_REALM}", error="invalid_token", '
            'error_description="the token is not valid"'
        )
    response.status_code = 401
    return response


def api_not_found(description: str | None) -> Response:
    """A 404 under ``/api/``: 401 first for a caller without a valid token, so the shape of a
    path is checked only for someone who may call the API; otherwise the reason in JSON."""
    if not current_user.is_authenticated:
        return api_unauthorised()
    response = jsonify(error=description or "not found")
    response.status_code = 404
    return response


def api_forbidden(message: str) -> Response:
    """403 with the RFC 6750 challenge for a token whose account may not do this."""
    response = jsonify(error=message)
    response.headers["WWW-Authenticate"] = f'Bearer realm="{API_REALM}", error="insufficient_scope"'
    response.status_code = 403
    return response


def public(view: F) -> F:
    """Anyone may use this route: respondents and the public pages."""
    setattr(view, ACCESS_ATTRIBUTE, "public")
    return view


def require(*roles: Role) -> Callable[[F], F]:
    """Signed-in staff with one of ``roles``. Pages redirect to sign-in; the API answers JSON."""

    def decorate(view: F) -> F:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                if is_api_request():
                    return api_unauthorised()
                return redirect(url_for("accounts.sign_in", next=request.path))
            if current_user.role not in roles:
                if is_api_request():
                    return api_forbidden("your role cannot use this")
                abort(403)
            return view(*args, **kwargs)

        setattr(guarded, ACCESS_ATTRIBUTE, tuple(r.value for r in roles))
        return guarded  # type: ignore[return-value]

    return decorate


def signed_in_user() -> User:
    """The signed-in staff account (only call inside a ``require``-guarded view)."""
    user = current_user._get_current_object()  # noqa: SLF001
    assert isinstance(user, User)
    return user


def readable_unit(wave_id: int, unit_id: int) -> UnitView:
    """A unit of a wave the signed-in reader may see, with its plan; 404 for anything else, so
    that a unit outside their scope is not confirmed to exist."""
    running = runtime()
    view = unit_view(db(), signed_in_user(), wave_id, unit_id, running.banks, running.plan_settings)
    if view is None:
        abort(404)
    # Shown in the reader's language; the plan was made from the bank's keys, the same in each.
    return replace(view, bank=view.bank.in_language(current_language()))


def scoped_members(wave_id: int) -> tuple[WaveUnit, ...]:
    """The units of an opened wave in the signed-in admin's scope, to administer (no duty
    applies: an issuer manages what they issued); 404 if none (no such wave, a draft, or none
    in their scope)."""
    members = visibility.scoped_members(db(), signed_in_user(), wave_id)
    if not members:
        abort(404)
    return members


def readable_wave(wave_id: int) -> tuple[Wave, tuple[WaveUnit, ...]]:
    """A wave that has opened, with the units whose results the signed-in reader may see
    (separation of duties applied); 404 if there is no such wave or none of it is theirs."""
    members = visibility.visible_members(db(), signed_in_user(), wave_id, runtime().plan_settings)
    wave = db().get(Wave, wave_id)
    if wave is None or not members:
        abort(404)
    return wave, members


def administered_wave(wave_id: int) -> tuple[Wave, tuple[WaveUnit, ...]]:
    """A wave that has opened, with its units in the signed-in admin's scope; 404 if there is
    no such wave or none of it is theirs."""
    members = scoped_members(wave_id)
    wave = db().get(Wave, wave_id)
    if wave is None:
        abort(404)
    return wave, members


def administered_unit(wave_id: int, unit_id: int) -> tuple[Wave, WaveUnit]:
    """One unit of a wave within the signed-in admin's scope, as frozen when the wave opened;
    404 for anything else."""
    wave, members = administered_wave(wave_id)
    member = next((m for m in members if m.unit_id == unit_id), None)
    if member is None:
        abort(404)
    return wave, member


def managed_unit(unit_id: int) -> Unit:
    """A unit of the live tree the signed-in admin looks after; 404 for anything else."""
    unit = db().get(Unit, unit_id)
    if unit is None or unit_id not in managed_unit_ids(db(), signed_in_user()):
        abort(404)
    return unit


def managed_wave(wave_id: int) -> Wave:
    """A wave run for a unit the signed-in admin looks after; 404 for anything else."""
    wave = db().get(Wave, wave_id)
    if wave is None or wave.root_unit_id not in managed_unit_ids(db(), signed_in_user()):
        abort(404)
    return wave


def managed_pulse(schedule_id: int) -> PulseSchedule:
    """A recurring pulse for a unit the signed-in admin looks after; 404 for anything else."""
    schedule = db().get(PulseSchedule, schedule_id)
    if schedule is None or schedule.root_unit_id not in managed_unit_ids(db(), signed_in_user()):
        abort(404)
    return schedule


def access_rule(view: Callable[..., Any]) -> object:
    """What a view declared: ``"public"``, the values of the roles it requires, or None."""
    return getattr(view, ACCESS_ATTRIBUTE, None)


def routes_without_a_rule(app: Flask) -> list[str]:
    """Routes whose view declares neither ``@public`` nor ``@require`` with known roles
    (Flask's own static files aside)."""
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        declared = access_rule(app.view_functions[rule.endpoint])
        roles_named = isinstance(declared, tuple) and declared and set(declared) <= set(Role)
        if declared != "public" and not roles_named:
            missing.append(f"{rule.rule} ({rule.endpoint})")
    return missing


def refuse_routes_without_a_rule(app: Flask) -> None:
    """Called once every blueprint is registered: an app with a route open by omission does
    not start."""
    missing = routes_without_a_rule(app)
    if missing:
        raise RuntimeError(f"routes without @public or @require(...): {', '.join(missing)}")
