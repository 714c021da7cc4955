# Shared by run-proxy.sh and run-pilot.sh: tools, build, process bookkeeping. Sourced, not run.

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# The proxies under benchmark log as bin/meshbridge does, but without the access log (nginx and
# haproxy run with theirs off too).
BENCH_LOGGING="-Dlogback.configurationFile=$bench_dir/conf/logback-bench.xml"
repo_dir="$(cd "$bench_dir/.." && pwd)"
started_pids=()

log() { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

# Installs Debian packages that are missing (idempotent: nothing happens when all are there).
need_debs() {
  local missing=() cmd pkg
  for pair in "$@"; do
    cmd="${pair%%:*}" pkg="${pair##*:}"
    command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) && return 0
  local sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  log "installing ${missing[*]} (apt-get)"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Builds the bench module (and what it needs) in one reactor, so this checkout's code is measured.
build_bench() {
  local extra=("$@")
  if [[ "${SKIP_BUILD:-0}" == 1 ]]; then
    log "SKIP_BUILD=1: using the existing build"
    return 0
  fi
  log "building (mvn -Pbench package, tests skipped)"
  # MVN_ARGS: extra Maven arguments, e.g. -Dmaven.repo.local=/path (word-split on purpose).
  # shellcheck disable=SC2086
  (cd "$repo_dir" && mvn -B -q -Dstyle.color=never ${MVN_ARGS:-} -Pbench -DskipTests -pl bench"${extra:+,${extra[*]}}" -am package)
}

bench_java() {
  java -cp "$bench_dir/target/classes:$bench_dir/target/lib/*" "$@"
}

# Runs a command in the background, its output to logfile; sets last_pid and remembers it for
# stop_all. Call it directly, never in $(...): a subshell would lose the bookkeeping.
start_bg() {
  local logfile="$1"
  shift
  "$@" >"$logfile" 2>&1 &
  last_pid=$!
  started_pids+=("$last_pid")
}

# Stops every process this script started (TERM, then KILL after 10 s), children first.
stop_all() {
  local pid
  for pid in "${started_pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${started_pids[@]}"; do
    for _ in $(seq 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
  done
  started_pids=()
}

# Stops one started process and forgets it.
stop_one() {
  local victim="$1" pid keep=()
  kill -TERM "$victim" 2>/dev/null || true
  for _ in $(seq 100); do
    kill -0 "$victim" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$victim" 2>/dev/null || true
  wait "$victim" 2>/dev/null || true
  for pid in "${started_pids[@]}"; do
    [[ "$pid" == "$victim" ]] || keep+=("$pid")
  done
  started_pids=("${keep[@]}")
}

# Waits up to 60 s for an HTTP 200 from url (with an optional Host header); gives up early when
# the optional pid has exited. A fourth argument "h2c" asks over HTTP/2 with prior knowledge.
wait_http() {
  local url="$1" host="${2:-}" pid="${3:-}" h2=()
  [[ "${4:-}" == h2c ]] && h2=(--http2-prior-knowledge)
  for _ in $(seq 600); do
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      log "process $pid exited before $url answered"
      return 1
    fi
    if curl -fsS -o /dev/null "${h2[@]}" ${host:+-H "Host: $host"} "$url" 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  log "no HTTP 200 from $url (Host: ${host:-default}) within 60 s"
  return 1
}

# Replaces @KEY@ in a template with the value of shell variable KEY, for every KEY given.
render() {
  local template="$1" out="$2"
  shift 2
  local args=() key
  for key in "$@"; do
    args+=(-e "s|@${key}@|${!key}|g")
  done
  sed "${args[@]}" "$template" >"$out"
}

machine_summary() {
  echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/^Mem:/{print $2}') GiB RAM"
  echo "jdk: $(java -version 2>&1 | head -1)"
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
}
