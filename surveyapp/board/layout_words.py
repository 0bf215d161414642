"""The board pack's own words (its ``reports/board-pack/layout.toml``) in the reader's language,
for the board view on screen. The signed report itself stays as its layout writes it (English:
docs/WELSH.md); a test checks every text of the layout is here, so a changed layout is noticed.
"""

from __future__ import annotations

from dataclasses import replace

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from surveyapp.reporting.layouts import Layout

BOARD_PACK = "board-pack"
WORDS: dict[str, LazyString] = {
    "Workforce health: board pack": _l("Workforce health: board pack"),
    "Results from the anonymous staff survey, with the workforce figures entered by the service."
    " Every number comes from groups of at least the minimum size shown below; smaller groups,"
    " and groups that could be worked out by subtraction, are not shown.": _l(
        "Results from the anonymous staff survey, with the workforce figures entered by the"
        " service. Every number comes from groups of at least the minimum size shown below;"
        " smaller groups, and groups that could be worked out by subtraction, are not shown."
    ),
    "At a glance": _l("At a glance"),
    "Theme scores": _l("Theme scores"),
    "Scores are % favourable, 0-100: low 0-50, moderate 51-74, high 75-100.": _l(
        "Scores are % favourable, 0-100: low 0-50, moderate 51-74, high 75-100."
    ),
    "Themes over time": _l("Themes over time"),
    "A change is called clear only when a two-proportion test gives p < 0.05; otherwise no clear"
    " change.": _l(
        "A change is called clear only when a two-proportion test gives p < 0.05; otherwise no"
        " clear change."
    ),
    "Services": _l("Services"),
    "Supervision against the standard": _l("Supervision against the standard"),
    "LGA Standards for Employers of Social Workers, Standard 5: at least monthly for experienced"
    " social workers; more often for newly qualified social workers.": _l(
        "LGA Standards for Employers of Social Workers, Standard 5: at least monthly for"
        " experienced social workers; more often for newly qualified social workers."
    ),
    "Actions": _l("Actions"),
    "Action plans recorded on the survey's results, counted by status for each theme, and every"
    " action past its due date that is not done or dropped. These are counts of actions, not of"
    " people.": _l(
        "Action plans recorded on the survey's results, counted by status for each theme, and"
        " every action past its due date that is not done or dropped. These are counts of"
        " actions, not of people."
    ),
    "Workforce context (entered figures)": _l("Workforce context (entered figures)"),
    "Entered by the service for this wave, not measured by the survey. National comparison (DfE,"
    " England, 2025): turnover 11.8%, agency 13.0%, vacancy 14.2%, 15.2 cases per case-holding"
    " FTE, sickness absence 3.5%.": _l(
        "Entered by the service for this wave, not measured by the survey. National comparison"
        " (DfE, England, 2025): turnover 11.8%, agency 13.0%, vacancy 14.2%, 15.2 cases per"
        " case-holding FTE, sickness absence 3.5%."
    ),
    "What is not shown, and why": _l("What is not shown, and why"),
}


def in_language(text: str) -> str:
    """A text of the board pack's layout in the reader's language (any other text as it is)."""
    found = WORDS.get(text)
    return str(found) if found is not None else text


def layout_in_language(layout: Layout) -> Layout:
    """The layout with its title, intro, headings and notes in the reader's language, for the
    sections the report's own templates draw (``reports/_sections.html``)."""
    return replace(
        layout,
        title=in_language(layout.title),
        intro=in_language(layout.intro),
        sections=tuple(
            replace(section, heading=in_language(section.heading), note=in_language(section.note))
            for section in layout.sections
        ),
    )
