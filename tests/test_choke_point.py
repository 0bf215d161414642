"""Every aggregate leaves through the publication plan (DESIGN.md §3.5, issue 4).

Only the modules listed here may touch the sealed answer store; everything that shows numbers
(pages, exports, API, reports, commands) must go through ``services.publication``, and whatever
opens records goes through ``services.sealed``.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "surveyapp"
ANSWER_STORE = {"SealedResponse", "SealedComment"}
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


def uses_sealed_services(path: Path, root: Path = ROOT) -> bool:
    """Whether a module imports from ``surveyapp.services.sealed`` (relative imports resolved)."""
    package = (
        ["surveyapp", *path.relative_to(root).parent.parts] if path.is_relative_to(root) else []
    )
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, node.module])
            if module == SEALED_SERVICES or module.startswith(SEALED_SERVICES + "."):
                return True
    return False


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


def test_the_check_would_notice_a_view_reading_answers(tmp_path: Path) -> None:
    sneaky = tmp_path / "view.py"
    sneaky.write_text("from surveyapp.models import SealedResponse, Wave\n")
    assert names_imported(sneaky) & ANSWER_STORE == {"SealedResponse"}
    sneaky.write_text("from surveyapp.services.sealed import opened_responses\n")
    assert uses_sealed_services(sneaky)
    relative = tmp_path / "services" / "view.py"
    relative.parent.mkdir()
    relative.write_text("from .sealed import opened_responses\n")
    assert uses_sealed_services(relative, tmp_path)
