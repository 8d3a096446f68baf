#!/usr/bin/env bash
# Run the benchmarks in tests/bench/. Each prints its figures and a ratio against a baseline
# measured in the same run on the same machine, so results compare across machines.
#
#   bash build_scripts/bench.sh                 # all of them
#   bash build_scripts/bench.sh bench_search    # the ones whose file name contains a word
set -euo pipefail
cd "$(dirname "$0")/.."
bash build_scripts/setup.sh --dev
filter=${1:-}
run_all() {
  local status=0
  for bench in tests/bench/bench_*.py; do
    case "$bench" in *"$filter"*) ;; *) continue ;; esac
    echo "== $bench"
    .venv/bin/python "$bench" || status=1
  done
  return "$status"
}
export -f run_all
export filter
bash build_scripts/with_postgres.sh bash -c run_all
