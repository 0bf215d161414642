"""Every aggregate leaves through the publication plan (DESIGN.md §3.5, issue 4).

Only the modules listed here may touch the sealed answer store; everything that shows numbers
(pages, exports, API, reports, commands) must go through ``services.publication``, and whatever
opens records goes through ``services.sealed``.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "surveyapp"
ANSWER_STORE = {"SealedResponse", "SealedComment"}
WHOLE_PACKAGE = "*the models package*"  # ``models.SealedResponse`` is one attribute away
SEALED_MODULE = "*sealed module*"
CAUGHT = ANSWER_STORE | {SEALED_MODULE, WHOLE_PACKAGE}
SEALED_SERVICES = "surveyapp.services.sealed"
ALLOWED = {
    "models/__init__.py",
    "models/sealed.py",
    "services/sealed/store.py",  # writes and reads records, opened in memory only
    "services/sealed/shuffle.py",  # rewrites a wave's records in random order
    "services/sealed/scrub.py",  # names the tables to vacuum, reads nothing
    "services/sealed/keycheck.py",  # which key ids sealed the records, nothing else
}
# Who may open records (through services.sealed) for what: counts for plans, texts of
# published comment pools, people per unit, and whole responses only to write or rewrite them.
OPENERS = {
    "services/publication/gather.py",
    "services/publication/comments.py",
    "services/participation.py",
    "services/responses.py",
    "services/sealed/__init__.py",
    "services/sealed/shuffle.py",
    "services/waves.py",
    "services/publication/snapshots.py",
    "answer_keys.py",
    "cli/backup.py",
    "cli/answer_keys.py",
    "cli/database.py",
}


def _is_models(module: str) -> bool:
    return "models" in module.split(".")


def names_imported(path: Path) -> set[str]:
    """The answer-store names a module imports, and whether it takes the models package or its
    sealed module whole: ``from surveyapp.models import SealedResponse``, ``from ..models
    import SealedResponse``, ``from surveyapp import models``, ``import surveyapp.models`` and
    the like."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            module, imported = node.module or "", {alias.name for alias in node.names}
            if _is_models(module):
                names.update(imported)
                if module.endswith("models.sealed") or "sealed" in imported:
                    names.add(SEALED_MODULE)
                if "*" in imported:
                    names.add(WHOLE_PACKAGE)
            elif "models" in imported and (module == "surveyapp" or node.level > 0):
                names.add(WHOLE_PACKAGE)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "surveyapp.models":
                    names.add(WHOLE_PACKAGE)
                elif alias.name.startswith("surveyapp.models.sealed"):
                    names.add(SEALED_MODULE)
    return names


def _is_sealed_services(module: str) -> bool:
    return module == SEALED_SERVICES or module.startswith(SEALED_SERVICES + ".")


def uses_sealed_services(path: Path, root: Path = ROOT) -> bool:
    """Whether a module imports ``surveyapp.services.sealed`` or from it (relative imports
    resolved, ``from surveyapp.services import sealed`` included)."""
    package = (
        ["surveyapp", *path.relative_to(root).parent.parts] if path.is_relative_to(root) else []
    )
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            imported = {f"{module}.{alias.name}" for alias in node.names}
            if _is_sealed_services(module) or any(map(_is_sealed_services, imported)):
                return True
        elif isinstance(node, ast.Import) and any(
            _is_sealed_services(alias.name) for alias in node.names
        ):
            return True
    return False


def offenders() -> dict[str, set[str]]:
    found = {}
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if relative in ALLOWED:
            continue
        touched = names_imported(path) & CAUGHT
        if touched:
            found[relative] = touched
    return found


def test_only_the_publication_service_reads_the_answer_store() -> None:
    assert offenders() == {}


def test_only_the_listed_modules_open_sealed_records() -> None:
    found = {
        path.relative_to(ROOT).as_posix()
        for path in ROOT.rglob("*.py")
        if uses_sealed_services(path) and not path.is_relative_to(ROOT / "services" / "sealed")
    }
    assert found <= OPENERS, sorted(found - OPENERS)


def test_every_allowed_module_exists() -> None:
    """A module moved or renamed must leave this list, or the list would allow a newcomer."""
    listed = ALLOWED | OPENERS
    assert sorted(path for path in listed if not (ROOT / path).is_file()) == []


@pytest.mark.parametrize(
    ("source", "caught"),
    [
        ("from surveyapp.models import SealedResponse, Wave", {"SealedResponse"}),
        ("from surveyapp.models import (\n    SealedComment,\n    Unit,\n)", {"SealedComment"}),
        ("from ..models import SealedResponse", {"SealedResponse"}),
        (
            "from surveyapp.models.sealed import SealedResponse",
            {"SealedResponse", SEALED_MODULE},
        ),
        ("from surveyapp.models import sealed", {SEALED_MODULE}),
        ("from surveyapp.models import *", {WHOLE_PACKAGE}),
        ("from surveyapp import models", {WHOLE_PACKAGE}),
        ("from surveyapp import domain, models as m", {WHOLE_PACKAGE}),
        ("from .. import models", {WHOLE_PACKAGE}),
        ("import surveyapp.models", {WHOLE_PACKAGE}),
        ("import surveyapp.models as m", {WHOLE_PACKAGE}),
        ("import surveyapp.models.sealed", {SEALED_MODULE}),
        ("def later():\n    from surveyapp import models", {WHOLE_PACKAGE}),
    ],
)
def test_the_check_notices_every_way_of_reaching_the_answer_store(
    tmp_path: Path, source: str, caught: set[str]
) -> None:
    sneaky = tmp_path / "view.py"
    sneaky.write_text(source + "\n")
    assert names_imported(sneaky) & CAUGHT == caught


@pytest.mark.parametrize(
    "source",
    [
        "from surveyapp.models import Unit, Wave, WaveUnit",
        "from surveyapp import domain",
        "import surveyapp.services.visibility",
        "from surveyapp.services.publication import current_plan",
        "from surveyapp.domain.sealed import AnswerCipher",
    ],
)
def test_the_check_lets_other_imports_through(tmp_path: Path, source: str) -> None:
    harmless = tmp_path / "view.py"
    harmless.write_text(source + "\n")
    assert names_imported(harmless) & CAUGHT == set()
    assert not uses_sealed_services(harmless, tmp_path)


@pytest.mark.parametrize(
    ("where", "source"),
    [
        ("view.py", "from surveyapp.services.sealed import opened_responses"),
        ("view.py", "from surveyapp.services.sealed.store import read_records"),
        ("view.py", "from surveyapp.services import sealed"),
        ("view.py", "import surveyapp.services.sealed"),
        ("services/view.py", "from .sealed import opened_responses"),
        ("services/view.py", "from . import sealed"),
        ("services/publication/view.py", "from ..sealed import opened_comments"),
    ],
)
def test_the_check_notices_every_way_of_opening_records(
    tmp_path: Path, where: str, source: str
) -> None:
    sneaky = tmp_path / where
    sneaky.parent.mkdir(parents=True, exist_ok=True)
    sneaky.write_text(source + "\n")
    assert uses_sealed_services(sneaky, tmp_path)
