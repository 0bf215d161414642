"""Every aggregate leaves through the publication plan (DESIGN.md §3.5, issue 4).

Only the modules listed here may touch the answer-store models; everything that shows numbers
(pages, exports, API, reports, commands) must go through ``services.publication``.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "surveyapp"
ANSWER_STORE = {"Response", "Answer", "Comment", "ResponseBand"}
WHOLE_PACKAGE = "*the models package*"  # ``models.Answer`` is one attribute away
RESPONSE_MODULE = "*response module*"
ALLOWED = {
    "models/__init__.py",
    "models/response.py",
    "services/responses.py",  # writes whole responses
    "services/publication/gather.py",  # the one reader of answer counts for display
    "services/publication/comments.py",  # the one reader of comment texts for display
    "services/participation.py",  # counts of people per unit, never answers
}


def _is_models(module: str) -> bool:
    return "models" in module.split(".")


def names_imported(path: Path) -> set[str]:
    """The answer-store names a module imports, and whether it takes the models package or its
    response module whole: ``from surveyapp.models import Answer``, ``from ..models import
    Answer``, ``from surveyapp import models``, ``import surveyapp.models`` and the like."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            module, imported = node.module or "", {alias.name for alias in node.names}
            if _is_models(module):
                names.update(imported)
                if module.endswith("models.response") or "response" in imported:
                    names.add(RESPONSE_MODULE)
                if "*" in imported:
                    names.add(WHOLE_PACKAGE)
            elif "models" in imported and (module == "surveyapp" or node.level > 0):
                names.add(WHOLE_PACKAGE)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "surveyapp.models":
                    names.add(WHOLE_PACKAGE)
                elif alias.name.startswith("surveyapp.models.response"):
                    names.add(RESPONSE_MODULE)
    return names


def offenders() -> dict[str, set[str]]:
    found = {}
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if relative in ALLOWED:
            continue
        touched = names_imported(path) & (ANSWER_STORE | {RESPONSE_MODULE, WHOLE_PACKAGE})
        if touched:
            found[relative] = touched
    return found


def test_only_the_publication_service_reads_the_answer_store() -> None:
    assert offenders() == {}


def test_every_allowed_module_exists() -> None:
    """A module moved or renamed must leave this list, or the list would allow a newcomer."""
    assert sorted(path for path in ALLOWED if not (ROOT / path).is_file()) == []


@pytest.mark.parametrize(
    ("source", "caught"),
    [
        ("from surveyapp.models import Answer, Wave", {"Answer"}),
        ("from surveyapp.models import (\n    Comment,\n    Unit,\n)", {"Comment"}),
        ("from ..models import ResponseBand", {"ResponseBand"}),
        ("from surveyapp.models.response import Response", {"Response", RESPONSE_MODULE}),
        ("from surveyapp.models import response", {RESPONSE_MODULE}),
        ("from surveyapp.models import *", {WHOLE_PACKAGE}),
        ("from surveyapp import models", {WHOLE_PACKAGE}),
        ("from surveyapp import domain, models as m", {WHOLE_PACKAGE}),
        ("from .. import models", {WHOLE_PACKAGE}),
        ("import surveyapp.models", {WHOLE_PACKAGE}),
        ("import surveyapp.models as m", {WHOLE_PACKAGE}),
        ("import surveyapp.models.response", {RESPONSE_MODULE}),
        ("def later():\n    from surveyapp import models", {WHOLE_PACKAGE}),
    ],
)
def test_the_check_notices_every_way_of_reaching_the_answer_store(
    tmp_path: Path, source: str, caught: set[str]
) -> None:
    sneaky = tmp_path / "view.py"
    sneaky.write_text(source + "\n")
    assert names_imported(sneaky) & (ANSWER_STORE | {RESPONSE_MODULE, WHOLE_PACKAGE}) == caught


@pytest.mark.parametrize(
    "source",
    [
        "from surveyapp.models import Unit, Wave, WaveUnit",
        "from surveyapp import domain",
        "import surveyapp.services.visibility",
        "from surveyapp.services.publication import current_plan",
    ],
)
def test_the_check_lets_other_imports_through(tmp_path: Path, source: str) -> None:
    harmless = tmp_path / "view.py"
    harmless.write_text(source + "\n")
    assert names_imported(harmless) & (ANSWER_STORE | {RESPONSE_MODULE, WHOLE_PACKAGE}) == set()
