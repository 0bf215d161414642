"""Report layouts are data in ``reports/``: a layout.toml and a template.html per layout."""

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


def load_layout(name: str, folder: Path = REPORTS) -> Layout:
    path = folder / name / "layout.toml"
    where = f"{name}/layout.toml"
    if not path.exists():
        raise LayoutError(f"no layout {name!r}; known: {', '.join(available_layouts(folder))}")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise LayoutError(f"{where}: not valid TOML: {exc}") from None
    for field in ("title", "audience", "intro"):
        if not isinstance(data.get(field), str) or not data[field].strip():
            raise LayoutError(f"{where}: {field} is required text")
    sections = []
    for index, raw in enumerate(data.get("sections", [])):
        kind, heading = raw.get("kind"), raw.get("heading")
        if kind not in SECTION_KINDS:
            raise LayoutError(
                f"{where}: sections[{index}].kind {kind!r} is not one of "
                f"{', '.join(sorted(SECTION_KINDS))}"
            )
        if not isinstance(heading, str) or not heading.strip():
            raise LayoutError(f"{where}: sections[{index}].heading is required text")
        sections.append(Section(kind, heading, str(raw.get("note", ""))))
    if not sections:
        raise LayoutError(f"{where}: sections must list at least one section")
    return Layout(name, data["title"], data["audience"], data["intro"], tuple(sections))
