#!/usr/bin/env bash
# What the benchmarks need on top of the test set-up: pandas (the "bench" extra) and wrk.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh test
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test,bench]"
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" != 0 ]; then
    echo "bench-setup: wrk is needed (Debian's wrk package); install it and run again" >&2
    exit 1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi
