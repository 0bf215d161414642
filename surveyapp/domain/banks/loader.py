"""Read and validate question bank TOML files into frozen ``Bank`` objects.

A principal social worker edits these files, so every mistake must come back as one line naming
the file and the field (``social-work-pulse.toml: questions[3].scale: ...``), never a traceback.

A bank may give its words in several languages (``[bank] languages = ["en", "cy"]``, its own
first): then every title, description, question, hint, option, band and comment prompt is a
table of one text per language (``text.en = "..."`` and ``text.cy = "..."``), and a missing one
names the file, the field, the key and the language. The file is read once per language, into
one ``Bank`` each, which differ only in their words (``Bank.in_language``).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from .model import (
    MAX_PAGES,
    PREFER_NOT_TO_SAY,
    Bank,
    CommentPrompt,
    Demographic,
    Option,
    Question,
    QuestionKind,
    SupervisionStandard,
    Theme,
)

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
BANK_KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_-]{0,63}$")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}$")
MAX_COMMENT_LENGTH = 2000
T = TypeVar("T")


class BankError(ValueError):
    """A bank file is wrong; ``str(error)`` is one line naming the file and the field."""


class _Fields:
    """A TOML table with the dotted path that leads to it, for error messages."""

    def __init__(
        self,
        source: str,
        path: str,
        table: Any,
        languages: tuple[str, ...] = ("en",),
        owners: tuple[str, ...] = (),
    ) -> None:
        self.source, self.path = source, path
        self.languages = languages
        """The bank's languages; its words are read in the first (``in_language``)."""
        if not isinstance(table, dict):
            self.fail("must be a table")
        self.table: dict[str, Any] = table
        key = table.get("key")
        self.owners = (*owners, key) if isinstance(key, str) else owners
        """The keys of this item and the items it is part of, for a missing translation."""

    def in_language(self, languages: tuple[str, ...]) -> _Fields:
        return _Fields(self.source, self.path, self.table, languages, self.owners[:-1])

    def where(self, field: str) -> str:
        return f"{self.path}.{field}" if self.path else field

    def fail(self, message: str, field: str | None = None) -> None:
        where = self.where(field) if field else self.path
        raise BankError(f"{self.source}: {where}: {message}")

    def get(self, field: str, kind: type[T], default: T | None = None) -> T:
        if field not in self.table:
            if default is None:
                self.fail("is required", field)
            return default  # type: ignore[return-value]
        value = self.table[field]
        if kind is int and isinstance(value, bool) or not isinstance(value, kind):
            self.fail(f"must be {_kind_name(kind)}", field)
        return value  # type: ignore[no-any-return]

    def text(self, field: str, default: str | None = None) -> str:
        """Words: plain text in a bank of one language, else one text per language."""
        if len(self.languages) > 1 and field in self.table:
            return self._translated(field, default)
        return self.plain(field, default)

    def plain(self, field: str, default: str | None = None) -> str:
        """Text that is the same in every language (a version)."""
        value = self.get(field, str, default)
        if default is None and not value.strip():
            self.fail("must not be empty", field)
        return value.strip()

    def _translated(self, field: str, default: str | None) -> str:
        texts = self.table[field]
        listed = ", ".join(self.languages)
        if not isinstance(texts, dict):
            self.fail(f"must give a text in each of the bank's languages ({listed})", field)
        for language in texts:
            if language not in self.languages:
                self.fail(f"{language!r} is not one of the bank's languages ({listed})", field)
        for language in self.languages:
            text = texts.get(language)
            if not isinstance(text, str) or (default is None and not text.strip()):
                whose = " of " + " > ".join(self.owners) if self.owners else ""
                self.fail(f"the {language!r} text{whose} is missing", f"{field}.{language}")
        return str(texts[self.languages[0]]).strip()

    def key(self, field: str = "key", pattern: re.Pattern[str] = KEY_PATTERN) -> str:
        value = self.get(field, str)
        if not pattern.match(value):
            self.fail(f"{value!r} is not a valid key (lower-case letters, digits and _)", field)
        return value

    def items(self, field: str, required: bool = True) -> list[_Fields]:
        value = self.table.get(field, None if required else [])
        if value is None:
            self.fail("is required", field)
        if not isinstance(value, list):
            self.fail("must be a list of tables", field)
        assert isinstance(value, list)
        return [
            _Fields(self.source, f"{self.where(field)}[{i}]", item, self.languages, self.owners)
            for i, item in enumerate(value)
        ]

    def check_known(self, *allowed: str) -> None:
        for field in self.table:
            if field not in allowed:
                self.fail("is not a known field", field)


def _kind_name(kind: type) -> str:
    return {str: "text", int: "a whole number", bool: "true or false", list: "a list"}.get(
        kind, kind.__name__
    )


def load_bank(path: Path) -> Bank:
    """Load one bank file; raise ``BankError`` with a one-line message if anything is wrong."""
    source = path.name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise BankError(f"{source}: not valid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise BankError(f"{source}: is not UTF-8 text") from None
    except OSError as exc:
        raise BankError(f"{source}: cannot be read: {exc.strerror}") from None
    root = _Fields(source, "", data)
    root.check_known(
        "bank", "themes", "questions", "demographics", "comments", "supervision_standard"
    )
    header = _Fields(source, "bank", root.table.get("bank"))
    header.check_known("key", "version", "title", "intro", "languages")
    languages = _languages(header)
    in_each = {
        language: _bank(root.in_language(_first(language, languages)), path)
        for language in languages
    }
    translations: dict[str, Bank] = {}
    for language, bank in in_each.items():
        translations[language] = replace(
            bank,
            language=language,
            languages=languages,
            translations=MappingProxyType(translations),
        )
    return translations[languages[0]]


def _languages(header: _Fields) -> tuple[str, ...]:
    raw = header.get("languages", list, ["en"])
    if not raw or not all(isinstance(code, str) and LANGUAGE_PATTERN.match(code) for code in raw):
        header.fail('must list language codes, its own first, e.g. ["en", "cy"]', "languages")
    if len(set(raw)) != len(raw):
        header.fail("lists a language twice", "languages")
    return tuple(raw)


def _first(language: str, languages: tuple[str, ...]) -> tuple[str, ...]:
    """``languages`` with ``language`` first: the one a reading of the file takes its words in."""
    return (language, *(code for code in languages if code != language))


def _bank(root: _Fields, path: Path) -> Bank:
    source = root.source
    header = _Fields(source, "bank", root.table.get("bank"), root.languages)
    key = header.key(pattern=BANK_KEY_PATTERN)
    version, title, intro = header.plain("version"), header.text("title"), header.text("intro", "")
    themes = tuple(_theme(item) for item in root.items("themes"))
    questions = tuple(_question(item) for item in root.items("questions"))
    demographics = tuple(_demographic(item) for item in root.items("demographics", False))
    comments = tuple(_comment(item) for item in root.items("comments", False))
    standard = None
    if "supervision_standard" in root.table:
        standard = _standard(
            _Fields(source, "supervision_standard", root.table["supervision_standard"])
        )
    bank = Bank(
        key=key,
        version=version,
        title=title,
        intro=intro,
        themes=themes,
        questions=questions,
        demographics=demographics,
        comments=comments,
        supervision_standard=standard,
    )
    _check_references(root, bank)
    if path.stem != bank.key:
        raise BankError(f"{source}: bank.key: {bank.key!r} must match the file name {path.stem!r}")
    return bank


def _theme(item: _Fields) -> Theme:
    item.check_known("key", "title", "description")
    return Theme(item.key(), item.text("title"), item.text("description", ""))


def _options(item: _Fields, field: str) -> tuple[Option, ...]:
    options = []
    for entry in item.items(field):
        entry.check_known("key", "label", "within_days")
        within = entry.get("within_days", int, -1)
        if within != -1 and within < 0:
            entry.fail("must not be negative", "within_days")
        options.append(Option(entry.key(), entry.text("label"), None if within == -1 else within))
    if not options:
        item.fail("must list at least one option", field)
    _unique(item, field, [o.key for o in options])
    return tuple(options)


def _question(item: _Fields) -> Question:
    item.check_known(
        "key",
        "kind",
        "text",
        "page",
        "theme",
        "reverse_coded",
        "required",
        "sensitive",
        "hint",
        "options",
        "after_first_wave",
    )
    raw_kind = item.get("kind", str)
    try:
        kind = QuestionKind(raw_kind)
    except ValueError:
        item.fail(f"{raw_kind!r} is not one of {', '.join(k.value for k in QuestionKind)}", "kind")
    page = _page(item, required=True)
    options: tuple[Option, ...] = ()
    if kind is QuestionKind.CHOICE:
        options = _options(item, "options")
    elif "options" in item.table:
        item.fail(f"only choice questions have options, not {kind.value}", "options")
    is_reverse = item.get("reverse_coded", bool, False)
    if is_reverse and kind is not QuestionKind.AGREEMENT:
        item.fail("only agreement questions can be reverse coded", "reverse_coded")
    return Question(
        key=item.key(),
        kind=kind,
        text=item.text("text"),
        page=page,
        theme=item.key("theme") if "theme" in item.table else None,
        is_reverse_coded=is_reverse,
        is_required=item.get("required", bool, False),
        is_sensitive=item.get("sensitive", bool, False),
        hint=item.text("hint", ""),
        options=options,
        is_after_first_wave=item.get("after_first_wave", bool, False),
    )


def _page(item: _Fields, required: bool = False) -> int:
    """A page number, or 0 where an optional one is not given (the survey's last page)."""
    if not required and "page" not in item.table:
        return 0
    page = item.get("page", int)
    if not 1 <= page <= MAX_PAGES:
        item.fail(f"must be between 1 and {MAX_PAGES}", "page")
    return page


def _demographic(item: _Fields) -> Demographic:
    item.check_known("key", "text", "bands", "page")
    bands = _options(item, "bands")
    if PREFER_NOT_TO_SAY not in {band.key for band in bands}:
        item.fail(f"must include a {PREFER_NOT_TO_SAY!r} band", "bands")
    return Demographic(item.key(), item.text("text"), bands, _page(item) or None)


def _comment(item: _Fields) -> CommentPrompt:
    item.check_known("key", "text", "max_length", "hint", "page")
    max_length = item.get("max_length", int)
    if not 1 <= max_length <= MAX_COMMENT_LENGTH:
        item.fail(f"must be between 1 and {MAX_COMMENT_LENGTH}", "max_length")
    return CommentPrompt(
        item.key(), item.text("text"), max_length, item.text("hint", ""), _page(item) or None
    )


def _standard(item: _Fields) -> SupervisionStandard:
    item.check_known(
        "question", "max_days", "role_dimension", "newly_qualified_band", "newly_qualified_max_days"
    )

    def optional(f: str) -> str | None:
        return item.key(f) if f in item.table else None

    nq_days = item.get("newly_qualified_max_days", int, -1)
    return SupervisionStandard(
        question=item.key("question"),
        max_days=item.get("max_days", int),
        role_dimension=optional("role_dimension"),
        newly_qualified_band=optional("newly_qualified_band"),
        newly_qualified_max_days=None if nq_days == -1 else nq_days,
    )


def _unique(item: _Fields, field: str, keys: list[str]) -> None:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            item.fail(f"key {key!r} is used twice", field)
        seen.add(key)


def _check_references(root: _Fields, bank: Bank) -> None:
    _unique(root, "themes", [t.key for t in bank.themes])
    _unique(
        root,
        "questions",
        [q.key for q in bank.questions]
        + [d.key for d in bank.demographics]
        + [c.key for c in bank.comments],
    )
    theme_keys = {t.key for t in bank.themes}
    for index, question in enumerate(bank.questions):
        if question.theme is not None and question.theme not in theme_keys:
            root.fail(f"unknown theme {question.theme!r}", f"questions[{index}].theme")
        if question.kind is QuestionKind.AGREEMENT and question.theme is None:
            root.fail("agreement questions need a theme", f"questions[{index}].theme")
    pages = bank.pages
    if pages != tuple(range(1, len(pages) + 1)):
        root.fail(f"pages must run 1, 2, ... without gaps, found {list(pages)}", "questions")
    _check_first_wave(root, bank)
    standard = bank.supervision_standard
    if standard is None:
        return
    try:
        question = bank.question(standard.question)
    except KeyError:
        root.fail(f"unknown question {standard.question!r}", "supervision_standard.question")
    if question.kind is not QuestionKind.CHOICE:
        root.fail("must name a choice question", "supervision_standard.question")
    if question.is_after_first_wave:
        root.fail("must name a question every wave asks", "supervision_standard.question")
    if standard.role_dimension is not None:
        dimension = next((d for d in bank.demographics if d.key == standard.role_dimension), None)
        if dimension is None:
            root.fail(
                f"unknown demographic {standard.role_dimension!r}",
                "supervision_standard.role_dimension",
            )
        elif standard.newly_qualified_band not in {b.key for b in dimension.bands}:
            root.fail(
                f"unknown band {standard.newly_qualified_band!r}",
                "supervision_standard.newly_qualified_band",
            )


def _check_first_wave(root: _Fields, bank: Bank) -> None:
    """A first wave asks the bank without its ``after_first_wave`` questions: each page must keep
    a question, and a theme must be asked whole in every wave or only after the first, or its
    score would mean one thing in the first wave and another later."""
    for index, question in enumerate(bank.questions):
        if not question.is_after_first_wave:
            continue
        where = f"questions[{index}].after_first_wave"
        if not any(q.page == question.page for q in bank.as_asked(asks_follow_up=False).questions):
            root.fail(f"page {question.page} would be empty in a first wave", where)
        if question.theme is not None and not all(
            q.is_after_first_wave for q in bank.theme_questions(question.theme)
        ):
            root.fail(
                f"theme {question.theme!r} mixes questions of every wave with this one;"
                " give it a theme of its own",
                where,
            )


def load_banks(folder: Path) -> dict[str, Bank]:
    """Every ``*.toml`` bank in a folder, keyed by bank key."""
    return {bank.key: bank for bank in (load_bank(p) for p in sorted(folder.glob("*.toml")))}
