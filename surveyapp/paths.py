"""Where the project's data folders are: question banks, report layouts, the
default instance, the translation catalogues, the fonts printed files use.

Its own module, so that anything (reporting, commands, tests) can find them without importing
the app factory and, through it, every blueprint.
"""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SURVEYS = PROJECT_ROOT / "surveys"
REPORTS = PROJECT_ROOT / "reports"
WORDING_LOCK = SURVEYS / "wording.lock.json"
DEFAULT_INSTANCE = PROJECT_ROOT / "instance"
TRANSLATIONS = PROJECT_ROOT / "surveyapp" / "translations"
FONTS = PROJECT_ROOT / "surveyapp" / "fonts"
