"""Report layouts are data in ``reports/``: a layout.toml and a template.html per layout.

A layout's words (title, audience, intro, each section's heading and note) are either one text
(a layout in one language) or a text per language, as the question banks give theirs
(``title.en = "…"``, ``title.cy = "…"``): a report is built in one language and reads its
layout in that language (``load_layout(name, language=…)``)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from surveyapp.paths import REPORTS

SECTION_KINDS = {
    "summary",
    "themes",
    "heatmap",
    "trends",
    "supervision",
    "questions",
    "comments",
    "workforce",
    "suppression",
    "actions",
}


class LayoutError(ValueError):
    """One line naming the layout file and what is wrong."""


@dataclass(frozen=True)
class Section:
    kind: str
    heading: str
    note: str = ""


@dataclass(frozen=True)
class Layout:
    name: str
    title: str
    audience: str
    intro: str
    sections: tuple[Section, ...]

    def has(self, kind: str) -> bool:
        return any(s.kind == kind for s in self.sections)


def available_layouts(folder: Path = REPORTS) -> list[str]:
    return sorted(p.parent.name for p in folder.glob("*/layout.toml"))


def _text(value: object, where: str, language: str) -> str:
    """A field's words in ``language``: the one text given, or the one given for it."""
    if isinstance(value, dict):
        if language not in value:
            raise LayoutError(f"{where}.{language} is missing: the layout has no such text")
        value = value[language]
    if not isinstance(value, str) or not value.strip():
        raise LayoutError(f"{where} is required text")
    return value


def load_layout(name: str, folder: Path = REPORTS, language: str = "en") -> Layout:
    path = folder / name / "layout.toml"
    where = f"{name}/layout.toml"
    if not path.exists():
        raise LayoutError(f"no layout {name!r}; known: {', '.join(available_layouts(folder))}")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise LayoutError(f"{where}: not valid TOML: {exc}") from None
    title, audience, intro = (
        _text(data.get(field), f"{where}: {field}", language)
        for field in ("title", "audience", "intro")
    )
    sections = []
    for index, raw in enumerate(data.get("sections", [])):
        kind, heading = raw.get("kind"), raw.get("heading")
        if kind not in SECTION_KINDS:
            raise LayoutError(
                f"{where}: sections[{index}].kind {kind!r} is not one of "
                f"{', '.join(sorted(SECTION_KINDS))}"
            )
        at = f"{where}: sections[{index}]"
        note = raw.get("note")
        sections.append(
            Section(
                kind,
                _text(heading, f"{at}.heading", language),
                "" if note is None else _text(note, f"{at}.note", language),
            )
        )
    if not sections:
        raise LayoutError(f"{where}: sections must list at least one section")
    return Layout(name, title, audience, intro, tuple(sections))
