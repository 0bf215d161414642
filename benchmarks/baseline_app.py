"""The bare baseline for benchmarks/submission.py: Flask plus one SQLAlchemy insert per POST.

It answers the same four requests as the real journey (code page, code form, survey page,
submit) with the least work each can be: fixed pages, a fixed form token, one INSERT of the
posted form into one table. Served by the same gunicorn configuration as the app.

    SURVEYAPP_DATABASE_URL=... gunicorn -c gunicorn.conf.py benchmarks.baseline_app:app
"""

from __future__ import annotations

import json
import os

from flask import Flask, Response, redirect, request
from sqlalchemy import Column, Integer, MetaData, Table, Text, insert

from surveyapp.database import make_engine

metadata = MetaData()
submissions = Table(
    "bench_baseline_submission",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("form", Text, nullable=False),
)
PAGE = (
    '<!doctype html><form method="post"><input type="hidden" name="csrf_token" '
    'value="baseline-token"><input name="code"></form>'
)

engine = make_engine(os.environ["SURVEYAPP_DATABASE_URL"])
app = Flask(__name__)


@app.get("/code")
@app.get("/survey")
def page() -> Response:
    response = Response(PAGE)
    response.set_cookie("session", "baseline", httponly=True)
    return response


@app.post("/code")
def enter() -> Response:
    return redirect("/survey", 303)  # type: ignore[return-value]


@app.post("/survey")
def submit() -> str:
    with engine.begin() as connection:
        connection.execute(insert(submissions), {"form": json.dumps(request.form.to_dict())})
    return "Thank you"


def create_table(database_url: str) -> None:
    setup = make_engine(database_url)
    metadata.create_all(setup)
    setup.dispose()
