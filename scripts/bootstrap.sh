#!/usr/bin/env bash
# Create .venv and install the project. Usage: scripts/bootstrap.sh [run|test]
# "test" also installs what the test suite needs from Debian (PostgreSQL, Redis, nginx, Chromium)
# when running as root.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-run}"

as_root() { [ "$(id -u)" = 0 ]; }
apt_updated=""
apt_install() {
  if ! as_root; then
    echo "bootstrap: cannot install $* (not root); install them yourself" >&2
    return 1
  fi
  if [ -z "$apt_updated" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

python=""
for candidate in python3.13 python3.12 python3.11 python3; do
  if command -v "$candidate" >/dev/null 2>&1 &&
     "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    python="$candidate"
    break
  fi
done
if [ -z "$python" ]; then
  echo "bootstrap: Python 3.11 or newer is needed" >&2
  exit 1
fi

if [ ! -x .venv/bin/python ]; then
  if ! "$python" -m venv .venv 2>/dev/null; then
    rm -rf .venv
    apt_install python3-venv
    "$python" -m venv .venv
  fi
fi

stamp=".venv/.installed-$mode"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  if [ "$mode" = test ]; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
  else
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e .
  fi
  touch "$stamp"
fi

if [ "$mode" = test ]; then
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null; then
    echo "bootstrap: installing PostgreSQL for the database tests"
    apt_install postgresql || echo "bootstrap: PostgreSQL not installed; its tests will skip" >&2
  fi
  if ! command -v redis-server >/dev/null; then
    echo "bootstrap: installing Redis for the shared rate-limit test"
    apt_install redis-server || echo "bootstrap: Redis not installed; its test will skip" >&2
  fi
  if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
    echo "bootstrap: installing nginx for the HTTPS browser test (a TLS proxy in front)"
    apt_install nginx || echo "bootstrap: nginx not installed; the HTTPS test will skip" >&2
  fi
  if [ ! -x /usr/bin/chromium ]; then
    echo "bootstrap: installing Debian's Chromium for the browser tests"
    apt_install chromium fonts-dejavu-core ||
      echo "bootstrap: Chromium not installed; browser tests will skip" >&2
  fi
fi
