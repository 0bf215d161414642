# The two commands of the README: `make run` and `make test`.
# `make run` serves on port 5000, or on another: `PORT=5001 make run`.
.PHONY: run test serve bench translations
PORT ?= 5000

run:
	scripts/bootstrap.sh run
	.venv/bin/surveyapp db upgrade
	.venv/bin/surveyapp demo
# The scheduled work (waves, pulses, reminders) runs every minute beside the server, and stops with it.
	scripts/tick-loop.sh & tick=$$!; trap 'kill $$tick' EXIT; \
	.venv/bin/surveyapp run --host 127.0.0.1 --port $(PORT)

test:
	scripts/bootstrap.sh test
	.venv/bin/python -m pytest --durations=25

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

# The translation catalogues (surveyapp/translations, babel.cfg): pull every marked string out of
# the code and templates, merge it into each language's messages.po (new ones untranslated, changed
# ones marked fuzzy), and compile the .mo files the app reads. The compiled .mo files are committed,
# so a fresh clone shows Welsh with no extra step; tests/i18n checks they match the .po files.
translations:
	.venv/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k words -k _n:1,2 \
	  --add-location=file --sort-output --omit-header -o surveyapp/translations/messages.pot .
	.venv/bin/pybabel update -i surveyapp/translations/messages.pot -d surveyapp/translations \
	  --no-wrap --ignore-obsolete
	.venv/bin/pybabel compile -d surveyapp/translations --statistics
