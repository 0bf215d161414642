"""WSGI entry point: ``gunicorn wsgi:app``.

The templates are compiled here, in the master that gunicorn forks its workers from (see
``surveyapp.ops.warm_up``), so that no worker's first page waits for them.
"""

from surveyapp import create_app
from surveyapp.ops.warm_up import compile_templates

app = create_app()
compile_templates(app)
