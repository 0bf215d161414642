"""Schemathesis over the WSGI app, on the demo council, with a token and without one.

Every check is on (``max_response_time`` too, at a generous limit for a shared machine), the
seed is fixed, and examples per operation are bounded so the run stays within a minute or two.
Each response is validated against a schema that lists its properties (test_openapi_document
proves none says nothing), so ``response_schema_conformance`` really checks every field. The
figures (operations, cases, failures by check) are printed at the end of the module.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, settings
from schemathesis.core.failures import Failure, FailureGroup

from surveyapp import create_app
from tests.api.conftest import FIGURES, bearer
from tests.conftest import TEST_SETTINGS

SEED = 2026
EXAMPLES_PER_OPERATION = 100
SLOWEST_SECONDS = 10.0


@dataclass
class Tally:
    operations: set[str] = field(default_factory=set)
    cases: Counter[str] = field(default_factory=Counter)
    answers: Counter[str] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)

    def line(self, run: str) -> str:
        failed = ", ".join(f"{c} {n}" for c, n in sorted(self.failures.items())) or "none"
        answers = ", ".join(f"{a} {n}" for a, n in sorted(self.answers.items()))
        return (
            f"schemathesis {schemathesis.__version__} {run}: {len(self.operations)} operations, "
            f"{sum(self.cases.values())} cases (answers: {answers}), failures by check: {failed}"
        )


TALLIES = {"with a token": Tally(), "without a token": Tally()}


def config() -> schemathesis.Config:
    return schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "generation": {"max-examples": EXAMPLES_PER_OPERATION},
            "checks": {"max_response_time": SLOWEST_SECONDS},
        }
    )


def _document_app(instance: str) -> Flask:
    """The document needs no database; the calls go to the demo council (``app=`` below)."""
    return create_app({"DATABASE_URL": "sqlite://", **TEST_SETTINGS}, instance_path=instance)


with tempfile.TemporaryDirectory() as _instance:
    SCHEMA = schemathesis.openapi.from_wsgi(
        "/api/v1/openapi.json", _document_app(_instance), config=config()
    )


@pytest.fixture(scope="module", autouse=True)
def _figures() -> Iterator[None]:
    yield
    FIGURES.extend(tally.line(run) for run, tally in TALLIES.items() if tally.cases)


@pytest.fixture(scope="module")
def token(demo_sqlite: Flask) -> dict[str, str]:
    served = demo_sqlite.test_client().get("/api/v1/openapi.json").get_json()
    assert served == SCHEMA.raw_schema, "the demo council serves the document under test"
    return bearer(demo_sqlite)


def call(case: schemathesis.Case, app: Flask, headers: dict[str, str], tally: Tally) -> None:
    tally.operations.add(case.operation.label)
    tally.cases[case.operation.label] += 1
    try:
        response = case.call_and_validate(headers=headers, app=app)
        tally.answers[f"{case.method} {response.status_code}"] += 1
    except FailureGroup as group:
        tally.failures.update(check for f in group.exceptions for check in f.checks)
        raise
    except Failure as failure:
        tally.failures.update(failure.checks)
        raise


QUICK = settings(deadline=None, suppress_health_check=list(HealthCheck))


@SCHEMA.parametrize()
@QUICK
def test_the_api_keeps_its_document_with_a_token(
    case: schemathesis.Case, demo_sqlite: Flask, token: dict[str, str]
) -> None:
    call(case, demo_sqlite, token, TALLIES["with a token"])


@SCHEMA.parametrize()
@QUICK
def test_the_api_keeps_its_document_without_a_token(
    case: schemathesis.Case, demo_sqlite: Flask
) -> None:
    call(case, demo_sqlite, {}, TALLIES["without a token"])
