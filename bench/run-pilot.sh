#!/usr/bin/env bash
# Pilot benchmark, one command: JMH for the translator, then pilot (its own JVM, fed by an
# in-memory registry) serving simulated proxies over ADS, state of the world and then delta: the
# first full push to every proxy, convergence under endpoint churn, pilot's CPU, heap and RSS.
# Builds what it needs, binds loopback only, stops everything it started, prints Markdown tables.
# See BENCHMARKS.md.
#
# Knobs (environment): MODES ("sotw delta"), PROXIES (2000), SERVICES (1000), ENDPOINTS (10000),
# CHURN_PERCENT (1 per second), TICK_MS (100), CHURN_SECONDS (60), PILOT_JVM_FLAGS (-Xmx768m:
# twice pilot's live heap at 1000 services and 2000 proxies), HARNESS_JVM_FLAGS (-Xmx3g), JMH (1;
# 0 skips it), JMH_ARGS, BENCH_ADDR (127.0.0.77), SKIP_BUILD (0). BENCH_JFR_CHURN=/tmp/x.jfr
# records a JFR profile of pilot during churn.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MODES="${MODES:-sotw delta}"
PROXIES="${PROXIES:-2000}"
SERVICES="${SERVICES:-1000}"
ENDPOINTS="${ENDPOINTS:-10000}"
CHURN_PERCENT="${CHURN_PERCENT:-1}"
TICK_MS="${TICK_MS:-100}"
CHURN_SECONDS="${CHURN_SECONDS:-60}"
PILOT_JVM_FLAGS="${PILOT_JVM_FLAGS:--Xmx768m}"
HARNESS_JVM_FLAGS="${HARNESS_JVM_FLAGS:--Xmx3g}"
JMH="${JMH:-1}"
JMH_ARGS="${JMH_ARGS:--f 1 -wi 3 -w 2s -i 5 -r 2s}"
ADDR="${BENCH_ADDR:-127.0.0.77}"

DIR="$(mktemp -d /tmp/meshbridge-bench-pilot.XXXXXX)"
results="$DIR/results.txt"
trap 'stop_all; log "logs kept in $DIR"' EXIT
trap 'exit 130' INT TERM

build_bench
{ echo "before: $(machine_summary | tr '\n' ';')"; } >"$DIR/conditions.txt"
log "$(machine_summary | tr '\n' ' ')"

if [[ "$JMH" == 1 ]]; then
  log "JMH: TranslatorBenchmark ($JMH_ARGS)"
  # shellcheck disable=SC2086
  start_bg "$DIR/jmh.log" java -cp "$bench_dir/target/classes:$bench_dir/target/lib/*" \
    org.openjdk.jmh.Main TranslatorBenchmark $JMH_ARGS -rf csv -rff "$DIR/jmh.csv"
  wait "$last_pid"
  stop_one "$last_pid"
fi

for mode in $MODES; do
  log "$mode: $PROXIES proxies, $SERVICES services, $ENDPOINTS endpoints, churn $CHURN_PERCENT %/s for ${CHURN_SECONDS}s"
  # shellcheck disable=SC2086
  start_bg "$DIR/load-$mode.log" java $HARNESS_JVM_FLAGS \
    -cp "$bench_dir/target/classes:$bench_dir/target/lib/*" io.meshbridge.bench.pilot.PilotLoad \
    --mode "$mode" --proxies "$PROXIES" --services "$SERVICES" --endpoints "$ENDPOINTS" \
    --churn-percent "$CHURN_PERCENT" --tick-ms "$TICK_MS" --churn-seconds "$CHURN_SECONDS" \
    --pilot-jvm-flags "$PILOT_JVM_FLAGS" --address "$ADDR"
  wait "$last_pid" || log "$mode: the harness failed; see $DIR/load-$mode.log"
  stop_one "$last_pid"
  grep '^\[pilot-load\]' "$DIR/load-$mode.log" >&2 || true
  grep '^RESULT' "$DIR/load-$mode.log" >>"$results" || true
done

echo "after: load average $(cut -d' ' -f1-3 /proc/loadavg)" >>"$DIR/conditions.txt"
echo
cat "$DIR/conditions.txt"
echo
bench_java io.meshbridge.bench.pilot.PilotTable "$results" "$DIR/jmh.csv"
