#!/bin/sh
# Development only: run `surveyapp tick` every minute beside `surveyapp run`, as cron or a
# systemd timer does in production (docs/PRODUCTION.md). `make run` starts it and stops it
# with the server.
trap 'kill "$pause" 2>/dev/null; exit 0' TERM INT
while :; do
  .venv/bin/surveyapp tick || echo "surveyapp tick failed; trying again in a minute" >&2
  sleep 60 &
  pause=$!
  wait "$pause"
done
