"""What a web worker does once before its first request, so that no respondent or reader waits
for it: every template compiled, and the chart engine started (``gunicorn.conf.py``).

Templates are compiled in the master, before the fork, so the workers share them; the chart
engine runs threads of its own, which a fork does not copy, so each worker starts its own.
"""

from __future__ import annotations

from flask import Flask

from surveyapp.reporting.charts import start_engine

__all__ = ["compile_templates", "start_engine"]


def compile_templates(app: Flask) -> int:
    """Compile every template the app can render; returns how many (for the start-up log)."""
    names = app.jinja_env.list_templates(extensions=["html"])
    for name in names:
        app.jinja_env.get_template(name)
    return len(names)
