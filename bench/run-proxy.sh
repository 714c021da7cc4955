#!/usr/bin/env bash
# Proxy benchmark, one command: HTTP/1.1 keep-alive, 1 KiB responses from a static backend
# (nginx, two ports), measured direct and through Meshbridge, nginx and haproxy, all on one
# loopback address. Installs wrk, nginx and haproxy from Debian if missing, builds Meshbridge,
# stops everything it started on exit, prints a Markdown table. See BENCHMARKS.md.
#
# Knobs (environment): TARGETS, RATE (1000), CONNECTIONS (16), WARMUP (10 s), DURATION (30 s),
# WRK_SECONDS (15), WRK_THREADS (1), WRK_CONNECTIONS (64), WORKERS (nproc), SMALL_JAVA_OPTS, BENCH_ADDR
# (127.0.0.77), MESHBRIDGE_JAVA_OPTS (JVM flags of the Meshbridge proxy), PILOT_JAVA_OPTS (of its
# pilot), SKIP_BUILD (0), SCENARIO (plain; routes, resilience: see scenario.sh), ROUTES (1000),
# BENCH_ADDR_B (127.0.0.78, proxy B's outbound listeners in the chain targets).
#
# HTTP/2 targets direct-h2, meshbridge-h2, nginx-h2, haproxy-h2 (not in the default TARGETS): the
# client speaks h2c (prior knowledge) to the proxy, which speaks HTTP/1.1 to the backends (direct-h2:
# the backend's h2c port); latency from OpenLoopLoad --protocol h2c (every request on a new stream
# at its due time), throughput from h2load (nghttp2-client) with H2_CLIENTS (16) x H2_STREAMS (4)
# streams in flight, as many as wrk's connections. E.g.
# TARGETS="direct-h2 meshbridge-h2 nginx-h2 haproxy-h2" bench/run-proxy.sh
#
# Targets chain and chain-mtls (not in the default TARGETS): client -> proxy A -> proxy B ->
# backend, the hop between the proxies plaintext or auto mTLS (lib-chain.sh); CPU and RSS are
# both proxies'. E.g. TARGETS="chain chain-mtls" bench/run-proxy.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/scenario.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib-chain.sh"

default_targets="direct meshbridge meshbridge-small nginx haproxy"
[[ "$SCENARIO" != plain ]] && default_targets="direct meshbridge nginx haproxy"
TARGETS="${TARGETS:-$default_targets}"
# meshbridge-small: the same proxy with JVM flags for a small footprint (what the VM agent should
# ship with); meshbridge: the JVM's defaults.
SMALL_JAVA_OPTS="${SMALL_JAVA_OPTS:--Xms16m -Xmx64m -XX:+UseSerialGC -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=96m -Xss256k -XX:MaxDirectMemorySize=64m}"
RATE="${RATE:-1000}"
CONNECTIONS="${CONNECTIONS:-16}"
WARMUP="${WARMUP:-10}"
DURATION="${DURATION:-30}"
WRK_SECONDS="${WRK_SECONDS:-15}"
WRK_THREADS="${WRK_THREADS:-1}"
WRK_CONNECTIONS="${WRK_CONNECTIONS:-64}"
WORKERS="${WORKERS:-$(nproc)}"
H2_CLIENTS="${H2_CLIENTS:-16}"
H2_STREAMS="${H2_STREAMS:-4}"
ADDR="${BENCH_ADDR:-127.0.0.77}"
BACKEND1=19001 BACKEND2=19002 MESHBRIDGE_PORT=18080 NGINX_PORT=18081 HAPROXY_PORT=18082
BACKEND_H2=19003 NGINX_H2_PORT=18083 HAPROXY_H2_PORT=18084
XDS_PORT=18010 PILOT_REST_PORT=18014 PROXY_ADMIN_PORT=18000
HOST_HEADER="hello.default.mesh:$MESHBRIDGE_PORT"

DIR="$(mktemp -d /tmp/meshbridge-bench-proxy.XXXXXX)"
results="$DIR/results.txt"
trap 'stop_all; log "logs and configs kept in $DIR"' EXIT
trap 'exit 130' INT TERM

need_debs wrk:wrk nginx:nginx haproxy:haproxy curl:curl
[[ " $TARGETS " == *-h2\ * ]] && need_debs h2load:nghttp2-client
build_bench launcher
mkdir -p "$DIR/registry" "$DIR/tmp-backend" "$DIR/tmp-proxy" "$DIR/tmp-proxy-body"
for f in pilot.yaml nginx-backend.conf proxy.yaml; do
  render "$bench_dir/conf/$f" "$DIR/$f" DIR ADDR WORKERS BACKEND1 BACKEND2 NGINX_PORT \
    HAPROXY_PORT XDS_PORT PILOT_REST_PORT PROXY_ADMIN_PORT BACKEND_H2 HAPROXY_H2_PORT
done
write_scenario
render "$bench_dir/conf/haproxy.cfg" "$DIR/haproxy.cfg" DIR ADDR WORKERS BACKEND1 BACKEND2 \
  HAPROXY_PORT HAPROXY_H2_PORT HAPROXY_SERVER_OPTS
sed -i -e "/@SCENARIO_FRONTEND@/r $DIR/haproxy-frontend.cfg" \
  -e "/@SCENARIO_BACKEND@/r $DIR/haproxy-backend.cfg" "$DIR/haproxy.cfg"
render "$bench_dir/conf/nginx-proxy.conf" "$DIR/nginx-proxy.conf" DIR ADDR WORKERS BACKEND1 \
  BACKEND2 NGINX_PORT NGINX_SERVER_OPTS NGINX_H2_PORT
render "$bench_dir/conf/hello.yaml" "$DIR/registry/hello.yaml" ADDR BACKEND1 BACKEND2 MESHBRIDGE_PORT

{ echo "scenario: $(scenario_summary)"
  echo "before: $(machine_summary | tr '\n' ';')"; } >"$DIR/conditions.txt"
log "$(machine_summary | tr '\n' ' ')"

start_bg "$DIR/backend.log" nginx -p "$DIR" -e "$DIR/nginx-backend.error.log" \
  -c "$DIR/nginx-backend.conf" -g 'daemon off;'
wait_http "http://$ADDR:$BACKEND1/" && wait_http "http://$ADDR:$BACKEND2/"
size=$(curl -fsS "http://$ADDR:$BACKEND1/" | wc -c)
log "backend up; response body is $size bytes"

# Starts one target and waits until it answers; sets port, pid (empty for direct), stop (the
# pids to stop afterwards) and proto (http1, or h2c for the -h2 targets).
start_target() {
  pid="" stop=() extra_watch="" proto=http1
  [[ "$1" == *-h2 ]] && proto=h2c
  case "$1" in
    direct) port=$BACKEND1 ;;
    direct-h2) port=$BACKEND_H2 ;;
    meshbridge | meshbridge-small | meshbridge-h2)
      port=$MESHBRIDGE_PORT
      MESHBRIDGE_JAVA_OPTS="${PILOT_JAVA_OPTS:-}" \
        start_bg "$DIR/pilot.log" "$repo_dir/bin/meshbridge" pilot --config "$DIR/pilot.yaml"
      stop+=("$last_pid")
      local opts="$BENCH_LOGGING ${MESHBRIDGE_JAVA_OPTS:-}"
      [[ "$1" == meshbridge-small ]] && opts="$SMALL_JAVA_OPTS $opts"
      MESHBRIDGE_JAVA_OPTS="$opts" \
        start_bg "$DIR/$1.log" "$repo_dir/bin/meshbridge" proxy --bootstrap "$DIR/proxy.yaml"
      pid=$last_pid stop+=("$last_pid")
      ;;
    nginx | nginx-h2)
      port=$NGINX_PORT
      [[ "$1" == nginx-h2 ]] && port=$NGINX_H2_PORT
      start_bg "$DIR/nginx-proxy.log" nginx -p "$DIR" -e "$DIR/nginx-proxy.error.log" \
        -c "$DIR/nginx-proxy.conf" -g 'daemon off;'
      pid=$last_pid stop+=("$last_pid")
      ;;
    haproxy | haproxy-h2)
      port=$HAPROXY_PORT
      [[ "$1" == haproxy-h2 ]] && port=$HAPROXY_H2_PORT
      start_bg "$DIR/haproxy.log" haproxy -db -f "$DIR/haproxy.cfg"
      pid=$last_pid stop+=("$last_pid")
      ;;
    chain | chain-mtls) start_chain "$1" ;;
    *) log "unknown target '$1' (expected: direct, meshbridge, meshbridge-small, nginx, haproxy, chain, chain-mtls, or direct, meshbridge, nginx, haproxy with -h2)"; return 1 ;;
  esac
  wait_http "http://$ADDR:$port$BENCH_PATH" "$HOST_HEADER" "$pid" "$proto"
  if [[ "$1" == meshbridge* ]]; then wait_scenario_applied; fi
}

# The pids to account for: the process and its children (nginx's workers).
watch_pids() {
  { echo "$1"; pgrep -P "$1" || true; } | paste -sd, -
}

# Max throughput over HTTP/1.1 (wrk, WRK_CONNECTIONS connections); sets rps.
max_wrk() {
  log "$1: wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d${WRK_SECONDS}s"
  wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${WRK_SECONDS}s" -H "Host: $HOST_HEADER" \
    "http://$ADDR:$port$BENCH_PATH" >"$DIR/wrk-$1.txt"
  rps=$(awk '/^Requests\/sec:/{print $2}' "$DIR/wrk-$1.txt")
  local bad
  bad=$(grep -E 'Non-2xx|Socket errors' "$DIR/wrk-$1.txt" | tr '\n' ' ' || true)
  [[ -n "$bad" ]] && log "$1: wrk: $bad"
  return 0
}

# Max throughput over h2c (h2load, H2_CLIENTS connections x H2_STREAMS streams); sets rps.
max_h2load() {
  log "$1: h2load -t$WRK_THREADS -c$H2_CLIENTS -m$H2_STREAMS -D$WRK_SECONDS"
  h2load -t"$WRK_THREADS" -c"$H2_CLIENTS" -m"$H2_STREAMS" -D"$WRK_SECONDS" --warm-up-time=1 \
    -H ":authority: $HOST_HEADER" "http://$ADDR:$port$BENCH_PATH" >"$DIR/h2load-$1.txt"
  rps=$(awk '/^finished in/{gsub(",", "", $4); print $4}' "$DIR/h2load-$1.txt")
  local failed
  failed=$(awk '/^requests:/{print $10 + $12}' "$DIR/h2load-$1.txt")
  [[ "$failed" != 0 ]] && log "$1: h2load: $(grep -E '^(requests|status codes):' "$DIR/h2load-$1.txt" | tr '\n' ' ')"
  return 0
}

for target in $TARGETS; do
  start_target "$target"
  watch="" rss_idle=""
  if [[ -n "$pid" ]]; then
    watch="$(watch_pids "$pid")${extra_watch:+,$(watch_pids "$extra_watch")}"
    rss_idle=$(for p in ${watch//,/ }; do cat "/proc/$p/status"; done |
      awk '/^VmRSS:/{s+=$2} END{printf "%.1f", s/1024}')
  fi
  log "$target: open-loop $RATE req/s, ${WARMUP}s warm-up + ${DURATION}s measured, $CONNECTIONS connections${watch:+, watching pids $watch}"
  line=$(bench_java io.meshbridge.bench.http.OpenLoopLoad --label "$target" \
    --target "$ADDR:$port" --host-header "$HOST_HEADER" --path "$BENCH_PATH" --rate "$RATE" \
    --connections "$CONNECTIONS" --warmup "$WARMUP" --duration "$DURATION" \
    --protocol "$proto" ${watch:+--watch "$watch"} | grep '^RESULT')
  log "$line"
  if [[ "$proto" == h2c ]]; then
    max_h2load "$target"
  else
    max_wrk "$target"
  fi
  rss_after=""
  if [[ -n "$watch" ]]; then
    rss_after=$(for p in ${watch//,/ }; do cat "/proc/$p/status"; done |
      awk '/^VmHWM:/{s+=$2} END{printf "%.1f", s/1024}')
  fi
  echo "$line wrk_rps=$rps${rss_after:+ wrk_peak_rss_mb=$rss_after}${rss_idle:+ idle_rss_mb=$rss_idle}" >>"$results"
  log "$target: wrk $rps req/s"
  for p in "${stop[@]}"; do stop_one "$p"; done
done

echo "after: load average $(cut -d' ' -f1-3 /proc/loadavg)" >>"$DIR/conditions.txt"
echo
cat "$DIR/conditions.txt"
echo
bench_java io.meshbridge.bench.http.ResultTable "$results" "$RATE"
