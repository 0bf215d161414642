"""The Welsh catalogue: every string the app shows is in it, translated, and compiled.

A string added to a template or to the code without its Welsh would show in English on a Welsh
page; these tests fail first. ``make translations`` extracts, merges and compiles.
"""

from __future__ import annotations

import gettext
import io
from collections import Counter
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from surveyapp.paths import PROJECT_ROOT, TRANSLATIONS

WELSH_PO = TRANSLATIONS / "cy" / "LC_MESSAGES" / "messages.po"
WELSH_MO = WELSH_PO.with_suffix(".mo")
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "_l": None,
    "lazy_gettext": None,
    "words": None,
    "_n": (1, 2),
}
AREAS = {
    "respondent journey": (
        "templates/respond",
        "templates/home",
        "templates/errors",
        "templates/base.html",
        "templates/macros/forms.html",
        "templates/actions/_this_time",
        "templates/actions/_last_time",
        "surveyapp/respond",
        "domain/submission",
        "domain/banks",
        "surveyapp/languages.py",
    ),
    "staff results": (
        "templates/insights",
        "templates/layouts/staff.html",
        "templates/actions/_dashboard",
        "templates/actions/_macros",
        "templates/macros/issuance",
        "reports/_sections.html",
        "accounts/navigation.py",
        "insights/routes.py",
        "reporting/",
        "domain/results",
        "domain/actions",
        "domain/wording",
    ),
}
"""Where a string is shown, by the files it is marked in (the first area that matches)."""


def _welsh() -> Catalog:
    with WELSH_PO.open("rb") as po:
        return read_po(po)


def _extracted() -> dict[str, set[str]]:
    """Every msgid the code and templates mark, with the files it is in (babel.cfg's map)."""
    method_map = [
        ("surveyapp/**.py", "python"),
        ("surveyapp/templates/**.html", "jinja2"),
        ("reports/**.html", "jinja2"),
    ]
    found: dict[str, set[str]] = {}
    for filename, _line, message, _comments, _context in extract_from_dir(
        str(PROJECT_ROOT), method_map, keywords=KEYWORDS
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        found.setdefault(msgid, set()).add(filename)
    return found


def test_every_marked_string_is_in_the_welsh_catalogue() -> None:
    in_catalogue = {m.id[0] if isinstance(m.id, tuple) else m.id for m in _welsh() if m.id}
    missing = sorted(set(_extracted()) - in_catalogue)
    assert not missing, f"not in {WELSH_PO.name} (run `make translations`): {missing[:10]}"


def test_every_welsh_string_is_translated_and_none_is_fuzzy() -> None:
    untranslated = [
        m.id
        for m in _welsh()
        if m.id and (m.fuzzy or not all(m.string if isinstance(m.string, tuple) else [m.string]))
    ]
    assert not untranslated, f"{len(untranslated)} untranslated or fuzzy: {untranslated[:10]}"


def test_translations_keep_their_placeholders() -> None:
    problems = [(m.id, errors) for m, errors in _welsh().check()]
    assert not problems, problems[:5]


def test_the_welsh_plural_forms_are_the_six_of_welsh() -> None:
    catalogue = _welsh()
    assert catalogue.num_plurals == 6
    plural = gettext.c2py(catalogue.plural_expr)
    assert [plural(n) for n in (0, 1, 2, 3, 4, 6, 11)] == [0, 1, 2, 3, 5, 4, 5]


def test_the_compiled_catalogue_matches_the_po_file() -> None:
    """The .mo files are committed (a fresh clone shows Welsh with no build step), so they must
    be the .po compiled."""
    compiled = io.BytesIO()
    write_mo(compiled, _welsh())
    compiled.seek(0)
    with WELSH_MO.open("rb") as committed:
        on_disk = read_mo(committed)
    expected = read_mo(compiled)

    def messages(catalogue: Catalog) -> dict[str, str]:
        return {repr(m.id): repr(m.string) for m in catalogue if m.id}

    assert messages(on_disk) == messages(expected)


def test_the_share_translated_by_area() -> None:
    """100 % for the respondent journey and the staff results pages."""
    catalogue = _welsh()
    shares: Counter[str] = Counter()
    translated: Counter[str] = Counter()
    for msgid, files in _extracted().items():
        area = next(
            (name for name, parts in AREAS.items() if any(p in f for f in files for p in parts)),
            "other",
        )
        shares[area] += 1
        message = catalogue.get(msgid) or catalogue.get((msgid,))
        if message is not None and message.string and not message.fuzzy:
            translated[area] += 1
    assert shares["respondent journey"] > 100 and shares["staff results"] > 150
    assert translated == shares


def test_the_translations_folder_holds_only_catalogues() -> None:
    assert {p.name for p in Path(TRANSLATIONS).rglob("*") if p.is_file()} <= {
        "messages.po",
        "messages.mo",
        "messages.pot",
    }
