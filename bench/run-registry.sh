#!/usr/bin/env bash
# Registry sync benchmark, one command: for each registry (file, ZooKeeper, Eureka, Consul
# simulator, Kubernetes mock API server), fill it with SERVICES × INSTANCES instances, start pilot
# (its own JVM, as users run it, watching that registry) and one simulated proxy (ADS, ACKs every
# push), then measure the time to pilot's first full model, the latency of one changed instance to
# pilot's model and to the proxy's EDS ACK, and pilot's CPU, heap and RSS. Builds what it needs,
# binds loopback only, stops everything it started, prints a Markdown table. See BENCHMARKS.md.
#
# Knobs (environment): REGISTRIES ("file zookeeper eureka consul kubernetes"), SERVICES (1000),
# INSTANCES (10 per service), CHANGES (100: alternately add and remove one instance), PACE_MS (300:
# pause after each change's ACK), EUREKA_FETCH_MS (1000: pilot's Eureka fetchInterval; Eureka's
# default is 30000), MODE (sotw; or delta), PILOT_JVM_FLAGS (-Xmx512m), HARNESS_JVM_FLAGS (-Xmx2g),
# SKIP_BUILD (0), MVN_ARGS (extra Maven arguments).
# Duration: ~6 min per registry on a busy 2-core machine; the Consul simulator wakes every blocking
# query on every write, so at 1000 services a Consul change takes 10-30 s (REGISTRIES to leave it
# out, or CHANGES=20). BENCH_JFR_CHANGES=/tmp/x.jfr records pilot during the changes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

REGISTRIES="${REGISTRIES:-file zookeeper eureka consul kubernetes}"
SERVICES="${SERVICES:-1000}"
INSTANCES="${INSTANCES:-10}"
CHANGES="${CHANGES:-100}"
PACE_MS="${PACE_MS:-300}"
EUREKA_FETCH_MS="${EUREKA_FETCH_MS:-1000}"
MODE="${MODE:-sotw}"
PILOT_JVM_FLAGS="${PILOT_JVM_FLAGS:--Xmx512m}"
HARNESS_JVM_FLAGS="${HARNESS_JVM_FLAGS:--Xmx2g}"

DIR="$(mktemp -d /tmp/meshbridge-bench-registry.XXXXXX)"
results="$DIR/results.txt"
trap 'stop_all; log "logs kept in $DIR"' EXIT
trap 'exit 130' INT TERM

need_debs java:openjdk-17-jdk-headless jcmd:openjdk-17-jdk-headless mvn:maven
build_bench
{ echo "before: $(machine_summary | tr '\n' ';')"; } >"$DIR/conditions.txt"
log "$(machine_summary | tr '\n' ' ')"

for registry in $REGISTRIES; do
  mkdir -p "$DIR/$registry"
  log "$registry: $SERVICES services × $INSTANCES instances, $CHANGES changes (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  echo "$registry start: load average $(cut -d' ' -f1-3 /proc/loadavg)" >>"$DIR/conditions.txt"
  # shellcheck disable=SC2086
  start_bg "$DIR/$registry/harness.log" java $HARNESS_JVM_FLAGS -Dbasedir="$DIR/$registry" \
    -cp "$bench_dir/target/classes:$bench_dir/target/lib/*" io.meshbridge.bench.registry.RegistrySync \
    --registry "$registry" --services "$SERVICES" --instances "$INSTANCES" --changes "$CHANGES" \
    --pace-ms "$PACE_MS" --eureka-fetch-ms "$EUREKA_FETCH_MS" --mode "$MODE" \
    --pilot-jvm-flags "$PILOT_JVM_FLAGS" --work "$DIR/$registry"
  wait "$last_pid" || log "$registry: the harness failed; see $DIR/$registry/harness.log"
  stop_one "$last_pid"
  grep '^\[registry-sync\]' "$DIR/$registry/harness.log" >&2 || true
  grep '^RESULT' "$DIR/$registry/harness.log" >>"$results" || true
  echo "$registry end: load average $(cut -d' ' -f1-3 /proc/loadavg)" >>"$DIR/conditions.txt"
done

echo "after: load average $(cut -d' ' -f1-3 /proc/loadavg)" >>"$DIR/conditions.txt"
echo
cat "$DIR/conditions.txt"
echo
bench_java io.meshbridge.bench.registry.RegistryTable "$results"
