"""Respondent pages. Thin: parse the form, call the entry/submission services, render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError, validate_csrf
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms import ValidationError

from surveyapp.accounts.access import public
from surveyapp.database import db, reads_only, start_writing
from surveyapp.domain.banks import Bank, answer_time, bank_of
from surveyapp.domain.submission import NO_SCORED_ANSWER, Submission
from surveyapp.domain.tokens import format_code, normalise
from surveyapp.extensions import limiter
from surveyapp.languages import (
    CHOICE_FIELD,
    SESSION_KEY,
    agreement_labels,
    choose,
    current_language,
    keep_choice,
    translated,
)
from surveyapp.runtime import runtime
from surveyapp.services.blind_entry import resolve_token
from surveyapp.services.entry import (
    Entry,
    EntryError,
    EntryKind,
    EntryProblem,
    WaveFacts,
    admit,
    resolve_entry_point,
    submit,
    wave_facts,
    wave_facts_and,
)
from surveyapp.services.responses import STORED_LAYOUT
from surveyapp.services.staff_pages import PREVIOUS_SLUG, SLUG

from .carried import opened
from .forms import CodeForm, TokenForm
from .journey import (
    CHECK_PAGE,
    Destination,
    after_post,
    carried_answers,
    page_number,
    page_to_resume,
    pages,
)
from .oversized import answers_that_fit, read_oversized_form

bp = Blueprint("respond", __name__)

PROBLEMS = {
    EntryProblem.UNKNOWN: (
        404,
        _l("We could not find that code"),
        _l(
            "Check the code or link and try again. Codes are printed on your "
            "invitation slip, in groups of four letters and numbers."
        ),
    ),
    EntryProblem.USED: (
        410,
        _l("This code has already been used"),
        _l(
            "Each invitation can be used once, so answers are counted once. If you "
            "have not answered yet, ask the survey team for a new slip."
        ),
    ),
    EntryProblem.NOT_OPEN: (
        403,
        _l("This survey is not open yet"),
        _l("Come back when the survey round opens."),
    ),
    EntryProblem.CLOSED: (
        410,
        _l("This survey has closed"),
        _l("Thank you. Answers can no longer be sent for this survey round."),
    ),
    EntryProblem.SPENT: (
        410,
        _l("These answers cannot be sent again"),
        _l(
            "This visit to the survey has already been used to send answers, or it has run "
            "out. Each visit sends one set of answers, so that answers are counted once. If "
            "you have not answered yet, open your link again or enter your code."
        ),
    ),
    EntryProblem.NOT_READABLE: (
        400,
        "We could not read that token",
        "Paste the whole token, as it was shown or downloaded when you signed in: it starts "
        "with sv1. and is one long line. Nothing was saved.",
    ),
    EntryProblem.OTHER_UNIT_KEY: (
        403,
        "This token was signed with another team's key",
        "Its signature checks out with the key of another team than the one it names, so it "
        "was changed after it was made. Use the token exactly as you got it. Nothing was saved.",
    ),
    EntryProblem.SIGNATURE_FAILS: (
        403,
        "This token's signature does not check out",
        "The token was changed, or cut short, after it was signed. Paste it again exactly as "
        "you got it. Nothing was saved.",
    ),
    EntryProblem.MESSAGE_USED: (
        410,
        "This token has already been used",
        "Each token sends one set of answers, so that answers are counted once, and answers "
        "have been sent with this one.",
    ),
    EntryProblem.FULL: (
        409,
        _l("This team link cannot take more answers"),
        _l(
            "This team link has reached the number of responses expected for the team, so "
            "nothing more can be sent through it and nothing was saved. If you have not "
            "answered yet, ask the survey team for a personal invitation."
        ),
    ),
}
ANSWERED_COOKIE = "sv_answered_{wave}"


@bp.after_request
def _not_stored(response: Response) -> Response:
    """Pages carry answers in hidden fields: a shared PC's cache or Back button must not keep
    them, so no respondent page, problem pages included, may be stored; and no proxy may
    compress them, which would undo their padding to one size (``padding.py``)."""
    response.headers["Cache-Control"] = "no-store, no-transform"
    return response


def _problem(problem: EntryProblem) -> tuple[str, int]:
    status, title, body = PROBLEMS[problem]
    return render_template("respond/problem.html", title=title, body=body), status


@bp.app_errorhandler(CSRFError)
def csrf_failed(_error: CSRFError) -> tuple[str, int]:
    body = _l(
        "For your security, the form timed out or could not be checked. Nothing was saved. "
        "Go back, reload the page and try again."
    )
    return render_template(
        "respond/problem.html", title=_l("Your answers were not sent"), body=body
    ), 400


@bp.errorhandler(EntryError)
def entry_failed(error: EntryError) -> tuple[str, int]:
    session.pop("entry", None)
    return _problem(error.problem)


def _enter(token: str | None, kind: EntryKind) -> Response | tuple[str, int]:
    if token is None:
        return _problem(EntryProblem.UNKNOWN)
    pepper = current_app.config["TOKEN_PEPPER"]
    point = resolve_entry_point(db(), pepper, token, kind)
    if kind is EntryKind.TEAM_LINK and request.cookies.get(
        ANSWERED_COOKIE.format(wave=point.wave_id)
    ):
        return render_template("respond/already_answered.html"), 409
    start_writing()
    entry = admit(db(), pepper, point)
    language = session.get(SESSION_KEY)
    session.clear()
    keep_choice(language)
    session["entry"] = entry.to_session()
    return redirect(url_for(".start"), 303)


@bp.get("/i/<token>")
@public
@limiter.limit("30/minute")
def invitation_link(token: str) -> Response | tuple[str, int]:
    """The token leaves the URL at once: into the session, then a redirect."""
    return _enter(normalise(token), EntryKind.INVITATION)


@bp.get("/t/<token>")
@public
@limiter.limit("30/minute")
def team_link(token: str) -> Response | tuple[str, int]:
    return _enter(normalise(token), EntryKind.TEAM_LINK)


@bp.route("/code", methods=["GET", "POST"])
@reads_only
@public
@limiter.limit("20/minute", methods=["POST"])
def code() -> Response | tuple[str, int] | str:
    form = CodeForm()
    if request.method == "GET":
        return render_template("respond/code.html", form=form)
    if form.validate():
        return _enter(form.token(), EntryKind.INVITATION)
    form.shorten_for_display()
    return render_template("respond/code.html", form=form), 400


@bp.route("/token", methods=["GET", "POST"])
@reads_only
@public
@limiter.limit("20/minute", methods=["POST"])
def token_entry() -> Response | tuple[str, int] | str:
    """Answer with a token from signing in: the signature is checked with the unit's key, then
    the journey is the same as for a code. This session shares nothing with the sign-in's."""
    form = TokenForm()
    if request.method == "GET":
        return render_template("respond/token_entry.html", form=form)
    if not form.validate():
        return render_template("respond/token_entry.html", form=form), 400
    pepper = current_app.config["TOKEN_PEPPER"]
    point = resolve_token(db(), pepper, form.token.data or "")
    start_writing()
    entry = admit(db(), pepper, point)
    session.clear()
    session["entry"] = entry.to_session()
    return redirect(url_for(".start"), 303)


def _entry() -> Entry:
    entry = Entry.from_session(session.get("entry"))
    if entry is None:
        abort(403)
    return entry


def _bank(wave: WaveFacts) -> Bank:
    # The words in the reader's language; keys, values and pages are the same in every one.
    return bank_of(runtime().banks, wave).in_language(current_language())


def _current() -> tuple[Entry, WaveFacts, Bank]:
    entry = _entry()
    wave = wave_facts(db(), entry.wave_id)
    return entry, wave, _bank(wave)


@bp.get("/survey")
@public
def start() -> str | tuple[str, int]:
    if Entry.from_session(session.get("entry")) is None:
        return render_template("respond/no_survey.html"), 403
    entry = _entry()
    wave, (last_time_slug,) = wave_facts_and(db(), entry.wave_id, entry.unit_id, PREVIOUS_SLUG)
    bank = _bank(wave)
    config = current_app.config
    return render_template(
        "respond/start.html",
        bank=bank,
        wave=wave,
        k=wave.min_group_size or config["MIN_GROUP_SIZE"],
        k_comments=wave.min_comment_group_size or config["MIN_COMMENT_GROUP_SIZE"],
        page_count=len(pages(bank)),
        last_time_slug=last_time_slug,
        time=answer_time(bank),
    )


@bp.post("/survey")
@public
@limiter.limit("60/minute")
def answer() -> Any:
    if Entry.from_session(session.get("entry")) is None:
        return render_template("respond/no_survey.html"), 403
    entry = _entry()
    # Read with the wave: the unit's staff page (the confirmation shows it) and the layout
    # a submission is sealed in.
    wave, (staff_page_slug, layout) = wave_facts_and(
        db(), entry.wave_id, entry.unit_id, SLUG, STORED_LAYOUT
    )
    bank = _bank(wave)
    posted = opened(bank, request.form)
    if request.form.get(CHOICE_FIELD):
        choose(request.form[CHOICE_FIELD])
        return _in_another_language(bank.in_language(current_language()), posted)
    move = after_post(bank, posted)
    status = 400 if move.errors else 200
    if move.to is Destination.SUBMIT:
        assert move.submission is not None
        return _submit(entry, wave, bank, move.submission, staff_page_slug, layout)
    if move.to is Destination.CHECK:
        return _render_check(bank, move.answers, move.errors, status)
    return _render_page(bank, move.page, move.answers, move.errors, status)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error: RequestEntityTooLarge) -> tuple[str, int]:
    """A page too large to send: give it back with what fits, or say how to go back to it.

    Only with a valid form token are the answers read back into a page, so that another site
    cannot fill in someone's survey for them.
    """
    entry = Entry.from_session(session.get("entry"))
    form = read_oversized_form(request) if request.endpoint == "respond.answer" else None
    if entry is None or form is None or not _is_form_token(form.first("csrf_token")):
        return render_template("respond/too_large.html"), 413
    _entry, _wave, bank = _current()
    answers, errors = answers_that_fit(bank, form)
    return _render_page(
        bank,
        page_to_resume(bank, form.first("page"), errors),
        answers,
        errors,
        status=413,
        notice=_l(
            "What you sent was too large, so nothing has been sent yet. "
            "Your answers are kept below: check them and continue."
        ),
    )


def _in_another_language(bank: Bank, form: dict[str, str]) -> tuple[str, int]:
    """A survey page's language button: the same page again, in the language chosen (kept in
    the session), with every answer it carried or was given, none checked yet."""
    answers, _unknown = carried_answers(bank, form)
    number = page_number(form.get("page"), len(pages(bank)), lowest=CHECK_PAGE)
    if number == CHECK_PAGE:
        return _render_check(bank, answers)
    return _render_page(bank, number, answers)


def _is_form_token(token: str | None) -> bool:
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return True
    try:
        validate_csrf(token)
    except ValidationError:
        return False
    return True


def _render_page(
    bank: Bank,
    number: int,
    answers: dict[str, str],
    errors: dict[str, str] | None = None,
    status: int = 200,
    notice: str = "",
) -> tuple[str, int]:
    survey_pages = pages(bank)
    page = survey_pages[number - 1]
    html = render_template(
        "respond/page.html",
        bank=bank,
        page=page,
        page_count=len(survey_pages),
        answers=answers,
        carried=page.carried(answers),
        errors=translated(errors or {}),
        notice=notice,
        agreement=agreement_labels(),
    )
    return html, status


def _render_check(
    bank: Bank, answers: dict[str, str], errors: dict[str, str] | None = None, status: int = 200
) -> tuple[str, int]:
    html = render_template(
        "respond/check.html",
        bank=bank,
        pages=pages(bank),
        answers=answers,
        errors=translated(errors or {}),
        agreement=agreement_labels(),
        page=CHECK_PAGE,
        no_scored_answer=NO_SCORED_ANSWER,
    )
    return html, status


def _submit(
    entry: Entry,
    wave: WaveFacts,
    bank: Bank,
    submission: Submission,
    staff_page_slug: str | None,
    layout: str | None,
) -> Any:
    submit(
        db(),
        current_app.config["TOKEN_PEPPER"],
        entry,
        wave,
        bank,
        submission,
        runtime().answer_cipher,
        layout,
    )
    language = session.get(SESSION_KEY)
    session.clear()
    keep_choice(language)
    response = make_response(render_template("respond/done.html", staff_page_slug=staff_page_slug))
    if entry.kind is EntryKind.TEAM_LINK:
        # The expiry must say nothing of when this person answered: the wave's close date, or
        # for a wave with none the end of next year (the same for everyone answering this year).
        closes = wave.closes_on or dt.date(dt.date.today().year + 1, 12, 31)
        response.set_cookie(
            ANSWERED_COOKIE.format(wave=wave.id),
            "1",
            httponly=True,
            samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
            expires=dt.datetime.combine(closes + dt.timedelta(days=1), dt.time()),
        )
    return response


@bp.app_template_filter("code")
def code_filter(token: str) -> str:
    return format_code(token)
