"""Click's own words on a help page or an error, which Click writes through the standard gettext
(``language.speak_for_click``): named here so that ``pybabel extract`` puts them in the
catalogue, where Click then finds their Welsh."""

from __future__ import annotations

from .language import lazy_gettext as _l

CLICK_WORDS = (
    _l("Usage:"),
    _l("Options"),
    _l("Commands"),
    _l("Show this message and exit."),
    _l("Error: {message}"),
    _l("Try '{command} {option}' for help."),
    _l("Aborted!"),
    _l("Missing option"),
    _l("Missing argument"),
    _l("Missing command."),
    _l("No such command {name!r}."),
    _l("No such option {name!r}."),
    _l("Invalid value for {param_hint}: {message}"),
    _l("Invalid value: {message}"),
    _l("default: {default}"),
    _l("required"),
    _l("Do you want to continue?"),
)
