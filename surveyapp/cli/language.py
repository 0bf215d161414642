"""The language of the command line: the locale environment, as for any command-line tool.

``LC_ALL``, then ``LC_MESSAGES``, then ``LANG`` (the first one set, as POSIX orders them) names
the language, e.g. ``LANG=cy_GB.UTF-8``; it is used when it is one of ``SURVEYAPP_LANGUAGES``,
else the first of them is. Messages come from the same catalogue as the pages', through
``gettext``, ``lazy_gettext`` (help texts, which Click reads when the commands are defined,
before any language is known) and ``ngettext`` here: the names ``pybabel extract`` looks for.
"""

from __future__ import annotations

import gettext as standard_gettext
import os
from collections.abc import Mapping
from functools import cache

from babel.support import NullTranslations, Translations
from flask import Flask, current_app, has_app_context
from flask_babel.speaklater import LazyString

from surveyapp.config import KNOWN_LANGUAGES
from surveyapp.domain.wording import Words
from surveyapp.paths import TRANSLATIONS

LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def _configured() -> tuple[str, ...]:
    """``SURVEYAPP_LANGUAGES`` as the environment gives it, before the app is built: Click
    writes an option's help when the command is defined (the app's settings check it later)."""
    listed = os.environ.get("SURVEYAPP_LANGUAGES", ",".join(KNOWN_LANGUAGES)).split(",")
    codes = tuple(code.strip().lower() for code in listed if code.strip() in KNOWN_LANGUAGES)
    return codes or KNOWN_LANGUAGES


_offered: tuple[str, ...] = _configured()


def offer(app: Flask) -> None:
    """Remember the deployment's languages (``SURVEYAPP_LANGUAGES``) for help texts, which
    Click writes outside the app's context."""
    global _offered
    _offered = tuple(app.config["LANGUAGES"])


def language(environ: Mapping[str, str] | None = None) -> str:
    """The language the command line speaks: the locale's, if offered, else the default."""
    offered = tuple(current_app.config["LANGUAGES"]) if has_app_context() else _offered
    environ = os.environ if environ is None else environ
    named = next((environ[name] for name in LOCALE_VARIABLES if environ.get(name)), "")
    code = named.split(".")[0].split("@")[0].split("_")[0].lower()
    return code if code in offered else offered[0]


@cache
def _catalogue(code: str) -> NullTranslations:
    return Translations.load(str(TRANSLATIONS), [code])


def gettext(msgid: str, **values: object) -> str:
    text = _catalogue(language()).ugettext(msgid)
    return text % values if values else text


def ngettext(singular: str, plural: str, count: int, **values: object) -> str:
    text = _catalogue(language()).ungettext(singular, plural, count)
    return text % {"num": count, **values}


def lazy_gettext(msgid: str, **values: object) -> LazyString:
    """A help text, written in the command line's language when Click shows it."""
    return LazyString(gettext, msgid, **values)


def speak_for_click() -> None:
    """Click writes its own words ("Usage:", "Error:", ``click_words``) through the standard
    gettext, which reads ``LANGUAGE`` first: point it at this catalogue, in this language."""
    os.environ["LANGUAGE"] = language()
    standard_gettext.bindtextdomain("messages", str(TRANSLATIONS))


def said(message: object) -> str:
    """A message of the services or the domain (``Words``) in the command line's language."""
    if isinstance(message, Words):
        values = {name: said(value) for name, value in message.values.items()}
        return gettext(message.msgid, **values)
    if isinstance(message, BaseException) and message.args:
        return said(message.args[0])
    return str(message)
