"""The language a page is shown in: English and Welsh (Flask-Babel), chosen by the reader.

A reader chooses with the language link every page carries (``?lang=cy``, or on a survey page a
button that keeps the answers given so far); the choice is kept in the Flask session cookie the
app already sets, and no other cookie is added. Before any choice, the browser's
``Accept-Language`` is the first guess, then the first of ``SURVEYAPP_LANGUAGES``.

The language a respondent reads in is never written anywhere: not with the answers, not in the
sealed record, not in a log line (``logs.py`` drops ``lang=`` from logged requests). In a team
where few people answer in Welsh, it would tell who they are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from babel.support import NullTranslations
from flask import Flask, current_app, has_request_context, request, session
from flask_babel import (
    Babel,
    format_date,
    get_locale,
    get_translations,
    gettext,
    lazy_gettext,
    ngettext,
    refresh,
)
from jinja2 import Environment

from .domain.banks import AGREEMENT_LABELS
from .domain.wording import SHORT_MONTHS, Words
from .input_guard import UnreadableInput
from .paths import TRANSLATIONS

SESSION_KEY = "lang"
CHOICE_FIELD = "lang"
NAMES = {"en": "English", "cy": "Cymraeg"}
"""Each language in its own words, as the language link shows it."""
SWITCH_TO = {"en": "Change the language to English", "cy": "Newid yr iaith i’r Gymraeg"}
"""What a screen reader hears for each link, in the language it leads to (the HMRC pattern)."""
HTML_LANG = {"en": "en-GB", "cy": "cy"}

MARKERS = {
    "up": lazy_gettext("up"),
    "down": lazy_gettext("down"),
    "no clear change": lazy_gettext("no clear change"),
}
"""A trend's or an action's change, as the domain names it (also a CSS class), in words."""

babel = Babel()
CATALOGUES = "surveyapp.catalogues"


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    hidden_text: str
    href: str
    is_current: bool


def languages(app: Flask | None = None) -> tuple[str, ...]:
    """The deployment's languages, the default first (``SURVEYAPP_LANGUAGES``)."""
    found: tuple[str, ...] = (app or current_app).config["LANGUAGES"]
    return found


def chosen_language() -> str:
    """The language of this request: a valid ``?lang=``, then the session's choice (which a
    survey page's language button sets: ``choose``), then the browser's ``Accept-Language``,
    then the deployment's first language. The form is not read here: a request too large to
    read still gets its error page in the reader's language."""
    offered = languages()
    if not has_request_context():
        return offered[0]  # a command (a report built from the CLI): the default language
    asked = _asked()
    if asked in offered:
        return asked
    kept = session.get(SESSION_KEY)
    if kept in offered:
        return str(kept)
    return request.accept_languages.best_match(offered, default=offered[0]) or offered[0]


def _asked() -> str | None:
    """The ``?lang=`` of this request; none where its query cannot be read (the input guard's
    page says so, in the session's language)."""
    try:
        return request.args.get(CHOICE_FIELD)
    except (UnreadableInput, UnicodeDecodeError):
        return None


def remember_choice() -> None:
    """before_request: a language chosen with the link is kept for the session."""
    choose(_asked())


def choose(language: str | None) -> None:
    """Keep ``language`` (if offered) for the session, and show the rest of this request in it."""
    if language in languages():
        session[SESSION_KEY] = language
        refresh()


def keep_choice(before: object) -> None:
    """After ``session.clear()`` (entering a survey, signing in or out): put back the language
    the reader chose, which is all of the old session they keep."""
    if before in languages():
        session[SESSION_KEY] = before


def current_language() -> str:
    return str(get_locale() or languages()[0])


def language_links() -> list[LanguageLink]:
    """The language links of this page: its path with ``?lang=`` for each language, and none
    of its other query values, so no address someone was sent (a sign-in's ``next=``) is
    repeated on the page."""
    current = current_language()
    if not has_request_context():
        return []
    return [
        LanguageLink(
            code,
            NAMES[code],
            SWITCH_TO[code],
            f"{request.path}?{urlencode({CHOICE_FIELD: code})}",
            code == current,
        )
        for code in languages()
    ]


def translated(message: object) -> object:
    """A message in the reader's language: the domain's ``Words`` through the catalogue, a
    mapping of them (a page's errors) value by value; anything else as it is."""
    if isinstance(message, Words):
        values = {name: translated(value) for name, value in message.values.items()}
        return gettext(message.msgid, **values) if values else gettext(message.msgid)
    if isinstance(message, dict):
        return {key: translated(value) for key, value in message.items()}
    return message


def said(error: BaseException) -> str:
    """An error's message (the domain's ``Words``) in the reader's language, as a sentence: its
    first letter a capital."""
    text = str(translated(error.args[0] if error.args else error))
    return text[:1].upper() + text[1:]


def long_date(day: dt.date) -> str:
    """Template filter: "1 December 2026", or "1 Rhagfyr 2026" in Welsh."""
    return str(format_date(day, "d MMMM y"))


def short_date(day: dt.date) -> str:
    """Template filter: "1 Dec 2026", or "1 Rhag 2026" in Welsh (a table's dates)."""
    return f"{day.day} {translated(SHORT_MONTHS[day.month - 1])} {day.year}"


def full_date(day: dt.date) -> str:
    """Template filter: "Monday 07 December 2026", or "Dydd Llun 07 Rhagfyr 2026" in Welsh."""
    return str(format_date(day, "EEEE dd MMMM y"))


def marker(name: str) -> str:
    """Template filter: a change's marker ("up", "no clear change") in the reader's language."""
    return str(MARKERS.get(name, name))


def _shown(value: object) -> object:
    return translated(value) if isinstance(value, Words) else value


def agreement_labels() -> tuple[str, ...]:
    """The five answers of an agreement question, in the reader's language."""
    return tuple(str(translated(label)) for label in AGREEMENT_LABELS)


def _template_values() -> dict[str, object]:
    return {
        "html_lang": HTML_LANG.get(current_language(), current_language()),
        "language_links": language_links,
    }


def _catalogue() -> NullTranslations:
    """The catalogue of the request's language, as Flask-Babel finds it, looked up once per
    language per app: a page calls gettext some thirty times, and each of Flask-Babel's own
    calls looks the request's context up ten times over. Keyed by the locale of the moment, so
    ``choose`` (``refresh``) and ``force_locale`` still change it."""
    locale = get_locale()
    if locale is None:
        return get_translations()
    catalogues: dict[object, NullTranslations] = current_app.extensions[CATALOGUES]
    found = catalogues.get(locale)
    if found is None:
        found = catalogues[locale] = get_translations()
    return found


def _template_gettext(message: str) -> str:
    return _catalogue().ugettext(message)


def _template_ngettext(singular: str, plural: str, count: int) -> str:
    return _catalogue().ungettext(singular, plural, count)


def equip(environment: Environment) -> None:
    """Give a Jinja environment other than the app's (the signed reports') the catalogue and
    the filters the app's templates use."""
    environment.add_extension("jinja2.ext.i18n")
    environment.install_gettext_callables(  # type: ignore[attr-defined]
        gettext, ngettext, newstyle=True
    )
    environment.filters.update(
        translated=translated,
        long_date=long_date,
        short_date=short_date,
        full_date=full_date,
        marker=marker,
    )
    environment.finalize = _shown


def init_app(app: Flask) -> None:
    babel.init_app(
        app,
        locale_selector=chosen_language,
        default_locale=languages(app)[0],
        default_translation_directories=str(TRANSLATIONS),
    )
    app.extensions[CATALOGUES] = {}
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        _template_gettext, _template_ngettext, newstyle=True
    )
    app.before_request(remember_choice)
    app.context_processor(_template_values)
    app.add_template_filter(translated)
    app.add_template_filter(long_date)
    app.add_template_filter(short_date)
    app.add_template_filter(full_date)
    app.add_template_filter(marker)
    # Whatever a template prints that is the domain's ``Words`` (a hidden cell's reason, a
    # note, an agreement label) is printed in the reader's language.
    app.jinja_env.finalize = _shown
