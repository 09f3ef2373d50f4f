#!/usr/bin/env bash
# Run the browser tests RUNS times in a row while LOAD busy processes keep the CPUs saturated,
# as on a loaded CI machine: the tests must wait for stable elements (no sleeps, no stale
# element references), so every run must pass. Prints one line per run and a final tally;
# exits 1 if any run failed.
#
#   scripts/stress-browser.sh                      # 20 runs, one busy process per CPU
#   RUNS=5 LOAD=4 scripts/stress-browser.sh -k journey    # extra args go to pytest
#   NICE=10 scripts/stress-browser.sh              # tests and load both at nice 10 (a shared box)
#
# The load is `yes > /dev/null` (coreutils; nothing to install), started at the same niceness
# as the tests so the two compete evenly; the script stops exactly the processes it started.
# Uses the test ports of TOUCHPOINT_TEST_BOLT_PORT / TOUCHPOINT_TEST_DASH_PORT like `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS="${RUNS:-20}"
LOAD="${LOAD:-$(nproc)}"
NICE="${NICE:-0}"
PYTEST=(.venv/bin/pytest -q -p no:cacheprovider --headless --webdriver Chrome tests/browser)
LOG_DIR="${LOG_DIR:-.touchpoint-test/stress}"
mkdir -p "$LOG_DIR"

load_pids=()
stop_load() {
  for pid in "${load_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap stop_load EXIT
trap 'exit 130' INT TERM  # stop the runs too (EXIT then stops the load)
for _ in $(seq "$LOAD"); do
  nice -n "$NICE" yes >/dev/null &
  load_pids+=("$!")
done
echo "load: ${LOAD} busy process(es) at nice ${NICE} on $(nproc) CPU(s); ${RUNS} run(s); logs in ${LOG_DIR}"

passed=0
for run in $(seq "$RUNS"); do
  started=$(date +%s)
  log="${LOG_DIR}/run-${run}.log"
  if nice -n "$NICE" "${PYTEST[@]}" "$@" >"$log" 2>&1; then
    passed=$((passed + 1))
    outcome="passed"
  else
    outcome="FAILED (see ${log})"
  fi
  summary=$(grep -E "[0-9]+ (passed|failed)" "$log" | tail -1 || true)
  echo "run ${run}/${RUNS}: ${outcome} in $(( $(date +%s) - started ))s - ${summary}"
done
echo "${passed} of ${RUNS} runs passed under load"
[ "$passed" -eq "$RUNS" ]
