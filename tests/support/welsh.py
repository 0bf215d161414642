"""What a Welsh page may and may not show: the Welsh catalogue, the bank's and the report
layouts' Welsh words, and every English string the app, the bank or a layout could show instead
(for the Welsh page tests)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser

from babel.messages.pofile import read_po

from surveyapp.domain.banks import Bank, load_banks
from surveyapp.languages import NAMES
from surveyapp.paths import SURVEYS, TRANSLATIONS
from surveyapp.reporting.layouts import available_layouts, load_layout

BANK = load_banks(SURVEYS)["social-work-pulse"]
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s")
TAG = re.compile(r"<[^>]+>")


def bank_words(bank: Bank) -> Iterator[str]:
    yield bank.title
    yield bank.intro
    for theme in bank.themes:
        yield from (theme.title, theme.description)
    for question in bank.questions:
        yield from (question.text, question.hint)
        yield from (option.label for option in question.options)
    for demographic in bank.demographics:
        yield demographic.text
        yield from (band.label for band in demographic.bands)
    for prompt in bank.comments:
        yield from (prompt.text, prompt.hint)


def layout_words(language: str) -> Iterator[str]:
    """The report layouts' own words (``reports/*/layout.toml``), data like the bank's."""
    for name in available_layouts():
        layout = load_layout(name, language=language)
        yield from (layout.title, layout.audience, layout.intro)
        for section in layout.sections:
            yield from (section.heading, section.note)


def _catalogue() -> list[tuple[str, str]]:
    with (TRANSLATIONS / "cy" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalogue = read_po(po)
    pairs = []
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        pairs += [(i.replace("%%", "%"), s.replace("%%", "%")) for i in ids for s in strings]
    return pairs


def _pattern(text: str) -> re.Pattern[str]:
    """Visible text of a catalogue string: its tags gone, any value in its placeholders
    between its words."""
    parts = PLACEHOLDER.split(TAG.sub("", text).replace("&lt;", "<"))
    while len(parts) > 1 and not parts[0].strip():
        parts = parts[1:]  # a value at either end is left to the other checks
    while len(parts) > 1 and not parts[-1].strip():
        parts = parts[:-1]
    body = r".+?".join(re.escape(part) for part in parts)
    before = r"(?<!\w)" if re.match(r"\w", parts[0]) else ""
    after = r"(?!\w)" if re.search(r"\w$", parts[-1]) else ""
    return re.compile(before + body + after)  # whole words only: "o" is not the end of "Cytuno"


CATALOGUE = _catalogue()
WELSH = sorted(
    {
        *(s for _i, s in CATALOGUE),
        *bank_words(BANK.in_language("cy")),
        *layout_words("cy"),
        NAMES["cy"],
    }
    - {""},
    key=lambda text: len(PLACEHOLDER.sub("", TAG.sub("", text))),
    reverse=True,
)
"""Longest visible text first (without its tags and placeholders): "%(opens)s i %(closes)s" is
taken out after "Pryd i atgoffa", and ``%(day)s gan <span>%(email)s</span>`` after "Mae gan
%(count)s uned fwy o ymatebion na phobl"."""
WELSH_PATTERNS = [
    _pattern(text)
    for text in WELSH
    if any(c.isalpha() for c in PLACEHOLDER.sub("", TAG.sub("", text)))
]
"""A string of placeholders and punctuation ("%(day)s %(month)s %(year)s", "%(file)s: %(why)s")
has no words to look for."""
ENGLISH = {
    TAG.sub("", text).replace("&lt;", "<")
    for text in (*(i for i, _s in CATALOGUE), *bank_words(BANK), *layout_words("en"))
    if text and text not in WELSH
}
"""Every English string the app or the bank could show, but those written the same in Welsh."""
ENGLISH_FRAGMENTS = {
    fragment.strip()
    for text in ENGLISH
    for fragment in PLACEHOLDER.split(text)
    if len(fragment.split()) >= 3
}


def not_welsh(text: str, allowed: tuple[str, ...], typed: tuple[str, ...] = ()) -> list[str]:
    """The words left of a page's visible text once every Welsh string and ``allowed`` value
    (after them: "Staff Voice" is part of Welsh sentences) is taken out, and first what the
    reader ``typed``. The text is read as one line: a string's visually hidden part (a button's
    "<span> atebion</span>") is a line of its own in a browser's rendering."""
    rest = " ".join(text.split())
    for value in typed:
        rest = rest.replace(value, " ")
    for pattern in WELSH_PATTERNS:
        rest = pattern.sub(" ", rest)
    for value in allowed:
        rest = rest.replace(value, " ")
    return re.findall(r"\S*[^\W\d_]\S*", rest)


def english_left(text: str) -> list[str]:
    """English strings of the catalogue or the bank that a page's text still shows."""
    lines = {line.strip() for line in text.splitlines()}
    found = sorted(lines & ENGLISH)
    flat = " ".join(text.split())
    found += sorted(f for f in ENGLISH_FRAGMENTS if f in flat and f not in found)
    return found


class _Text(HTMLParser):
    """A page's text as a browser lays it out: a line per block, inline elements (a link in a
    sentence) kept in their line."""

    SKIPPED = frozenset({"script", "style", "svg", "title", "head"})
    INLINE = frozenset(
        {"a", "abbr", "b", "bdi", "br", "code", "em", "i", "kbd", "small", "span", "strong"}
    )

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = [""]
        self.skipping = 0
        self.not_language: list[str] = []
        """The open elements marked ``translate="no"`` (a key, a code, an address: not words of
        any language, HTML's own mark for them) and those inside them."""

    def _break(self) -> None:
        if self.lines[-1].strip():
            self.lines.append("")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.not_language or ("translate", "no") in attrs:
            self.not_language.append(tag)
            return
        if tag in self.SKIPPED:
            self.skipping += 1
        if tag not in self.INLINE:
            self._break()
        for name, value in attrs:
            if name in ("aria-label", "title", "alt") and value and not self.skipping:
                self.lines[-1:] = [self.lines[-1], value, ""]

    def handle_endtag(self, tag: str) -> None:
        if self.not_language:
            if tag in self.not_language:
                last = len(self.not_language) - 1 - self.not_language[::-1].index(tag)
                del self.not_language[last:]
            return
        if tag in self.SKIPPED:
            self.skipping -= 1
        if tag not in self.INLINE:
            self._break()

    def handle_data(self, data: str) -> None:
        if not self.skipping and not self.not_language:
            self.lines[-1] += data


def page_text(html: str) -> str:
    """The text a reader meets on a page (and its labels for screen readers), a line a block,
    without the charts' drawings (their figures are in the tables beside them)."""
    parser = _Text()
    parser.feed(html)
    return "\n".join(" ".join(line.split()) for line in parser.lines if line.strip())
