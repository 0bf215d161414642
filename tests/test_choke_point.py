"""Every aggregate leaves through the publication plan (DESIGN.md §3.5, issue 4).

Only the modules listed here may touch the answer-store models; everything that shows numbers
(pages, exports, API, reports, commands) must go through ``services.publication``.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "surveyapp"
ANSWER_STORE = {"Response", "Answer", "Comment", "ResponseBand"}
ALLOWED = {
    "models/__init__.py",
    "models/response.py",
    "services/responses.py",  # writes whole responses
    "services/publication/gather.py",  # the one reader of answer counts for display
    "services/publication/comments.py",  # the one reader of comment texts for display
    "services/participation.py",  # counts of people per unit, never answers
}


def names_imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and "models" in node.module:
            names.update(alias.name for alias in node.names)
            if node.module.endswith("models.response"):
                names.add("*response module*")
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names if a.name.endswith("models.response"))
    return names


def offenders() -> dict[str, set[str]]:
    found = {}
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if relative in ALLOWED:
            continue
        touched = names_imported(path) & (ANSWER_STORE | {"*response module*"})
        if touched:
            found[relative] = touched
    return found


def test_only_the_publication_service_reads_the_answer_store() -> None:
    assert offenders() == {}


def test_every_allowed_module_exists() -> None:
    """A module moved or renamed must leave this list, or the list would allow a newcomer."""
    assert sorted(path for path in ALLOWED if not (ROOT / path).is_file()) == []


def test_the_check_would_notice_a_view_reading_answers(tmp_path: Path) -> None:
    sneaky = tmp_path / "view.py"
    sneaky.write_text("from surveyapp.models import Answer, Wave\n")
    assert names_imported(sneaky) & ANSWER_STORE == {"Answer"}
