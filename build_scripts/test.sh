#!/usr/bin/env bash
# Set up everything and run the whole test suite against a real, throwaway PostgreSQL.
#
#   bash build_scripts/test.sh              # every test
#   bash build_scripts/test.sh tests/unit   # arguments go to pytest
#
# PostgreSQL runs on 127.0.0.1 from a temporary folder and is stopped (and deleted) on exit.
# Qt runs offscreen (tests/conftest.py), so no screen is needed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash build_scripts/setup.sh --dev

set +e
bash build_scripts/with_postgres.sh .venv/bin/python -m pytest "$@"
status=$?
set -e
if [ "$status" = 5 ]; then
  # pytest's "no tests collected" (e.g. a filter that matches nothing) is not a failure.
  echo "pytest collected no tests for: $*"
  status=0
fi
exit "$status"
