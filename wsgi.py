"""WSGI entry point: ``gunicorn wsgi:app``."""

from surveyapp import create_app

app = create_app()
