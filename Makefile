# The two commands of the README: `make run` and `make test`.
.PHONY: run test serve bench

run:
	scripts/bootstrap.sh run
	.venv/bin/surveyapp db upgrade
	.venv/bin/surveyapp demo
	.venv/bin/surveyapp run --host 127.0.0.1 --port 5000

test:
	scripts/bootstrap.sh test
	.venv/bin/python -m pytest
