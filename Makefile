# The two commands of the README: `make run` and `make test`.
.PHONY: run test serve bench

run:
	scripts/bootstrap.sh run
	.venv/bin/surveyapp db upgrade
	.venv/bin/surveyapp demo
# The scheduled work (waves, pulses, reminders) runs every minute beside the server, and stops with it.
	scripts/tick-loop.sh & tick=$$!; trap 'kill $$tick' EXIT; \
	.venv/bin/surveyapp run --host 127.0.0.1 --port 5000

test:
	scripts/bootstrap.sh test
	.venv/bin/python -m pytest

# Serve with gunicorn and the bundled gunicorn.conf.py (SURVEYAPP_BIND, SURVEYAPP_WORKERS).
serve:
	scripts/bootstrap.sh run
	.venv/bin/surveyapp db upgrade
	.venv/bin/gunicorn wsgi:app

# The load and scale benchmarks (not part of `make test`: they take a good half hour).
bench:
	scripts/bench-setup.sh
	.venv/bin/python benchmarks/submission.py
	.venv/bin/python benchmarks/scale.py
