# shellcheck shell=bash
# meshbridge-pilot .deb tests and the end of life of both packages (sourced by run.sh, after
# deb.sh's agent tests, in the same root: pilot is installed next to the agent).

# start_as_meshbridge LOG COMMAND...: COMMAND in the root as user meshbridge, in the background;
# every launcher execs, so $! is the JVM's PID.
start_as_meshbridge() {
  local log=$1 ids
  shift
  ids="$(in_root id -u meshbridge):$(in_root id -g meshbridge)"
  chroot --userspec="$ids" "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/var/lib/meshbridge LANG=C.UTF-8 "$@" >"$log" 2>&1 </dev/null &
}

stop_pid() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

ports_free() {
  local busy
  busy=$(ss -Hltn "( sport = :15000 or sport = :15010 or sport = :15014 or sport = :8080 )")
  [ -z "$busy" ] || { echo "ports the shipped configs use are busy on this machine:"; echo "$busy"; return 1; }
}

# pilot_and_agent_run: pilot from the shipped pilot.yaml answers GET /v1/services on
# 127.0.0.1:15014; then the agent from the shipped agent.yaml connects to it and writes its status
# to /var/lib/meshbridge, which `meshbridge-agent status` prints. Both as user meshbridge, each
# wait bounded at 60 s, both stopped with SIGTERM.
pilot_and_agent_run() {
  ports_free || return 1
  local pilot agent i body="" status=""
  start_as_meshbridge "$WORK/pilot.log" meshbridge-pilot
  pilot=$!
  for i in $(seq 1 120); do
    body=$(curl -fsS --max-time 2 http://127.0.0.1:15014/v1/services 2>/dev/null) && break
    kill -0 "$pilot" 2>/dev/null || break
    sleep 0.5   # polling processes we do not control; bounded
  done
  if [ -z "$body" ]; then
    stop_pid "$pilot"
    echo "pilot: no answer on 127.0.0.1:15014/v1/services:"
    tail -n 30 "$WORK/pilot.log"
    return 1
  fi
  echo "pilot /v1/services: $body"
  start_as_meshbridge "$WORK/agent.log" meshbridge-agent run --config /etc/meshbridge/agent.yaml
  agent=$!
  for i in $(seq 1 120); do
    status=$(in_root meshbridge-agent status 2>&1) && grep -qE "^pilot:[[:space:]]+connected" <<<"$status" && break
    status=""
    kill -0 "$agent" 2>/dev/null || break
    sleep 0.5
  done
  stop_pid "$agent"
  stop_pid "$pilot"
  if [ -z "$status" ]; then
    echo "meshbridge-agent status never showed pilot connected; agent's output:"
    tail -n 30 "$WORK/agent.log"
    return 1
  fi
  echo "$status"
}

deb_pilot() {
  local v1 v2
  v1=$(ls "$WORK"/v1/meshbridge-pilot_*.deb)
  v2=$(ls "$WORK"/v2/meshbridge-pilot_*.deb)
  deb_contents meshbridge-pilot "$v1" \
    "-rwxr-xr-x root/root ./usr/bin/meshbridge" \
    "-rwxr-xr-x root/root ./usr/bin/meshbridge-pilot" \
    "-rw-r--r-- root/root ./usr/share/meshbridge/pilot/meshbridge.jar" \
    "drwxr-x--- root/meshbridge ./etc/meshbridge/registry/" \
    "drwxr-x--- meshbridge/meshbridge ./var/lib/meshbridge/pilot/"
  check "meshbridge-pilot: apt-get install ./$(basename "$v1") next to the agent" apt_install "$v1"
  deb_installed meshbridge-pilot
  check "meshbridge --version" contains "$(in_root meshbridge --version 2>&1)" "meshbridge $project_version"
  check "meshbridge --help lists validate and token" \
    contains "$(in_root meshbridge --help 2>&1)" "validate"
  check "meshbridge-pilot: /var/lib/meshbridge/pilot meshbridge:meshbridge 750" \
    equals "$(stat_of "$ROOT/var/lib/meshbridge/pilot")" "meshbridge:meshbridge 750"
  verify_unit meshbridge-pilot
  check "pilot and agent run from the shipped configs as user meshbridge: /v1/services, agent connected" \
    pilot_and_agent_run
  echo "# edited by the package test" >>"$ROOT/etc/meshbridge/pilot.yaml"
  check "meshbridge-pilot: upgrade to $(basename "$v2")" apt_install "$v2"
  check "meshbridge-pilot: upgrade kept the edited pilot.yaml" \
    grep -q "edited by the package test" "$ROOT/etc/meshbridge/pilot.yaml"
}

# Remove keeps conffiles and state; purging one package keeps the other's; purging both removes
# /etc/meshbridge and /var/lib/meshbridge. The user stays (documented).
deb_remove_purge() {
  local uid
  uid=$(in_root id -u meshbridge)
  install -o "$uid" -m 600 /dev/null "$ROOT/var/lib/meshbridge/status.json"
  install -o "$uid" -m 600 /dev/null "$ROOT/var/lib/meshbridge/pilot/root-cert.pem"

  check "apt-get remove meshbridge-agent" in_root apt-get remove -y -q meshbridge-agent
  check "remove: status config-files" equals "$(status_of meshbridge-agent)" config-files
  check "remove: /usr/bin/meshbridge-agent gone" absent "$ROOT/usr/bin/meshbridge-agent"
  check "remove: /usr/share/meshbridge/agent gone" absent "$ROOT/usr/share/meshbridge/agent"
  check "remove: unit disabled" absent "$(enabled_link meshbridge-agent)"
  check "remove: edited agent.yaml kept" grep -q "edited by the package test" "$ROOT/etc/meshbridge/agent.yaml"
  check "remove: agent state kept" test -f "$ROOT/var/lib/meshbridge/status.json"

  check "apt-get purge meshbridge-agent" in_root apt-get purge -y -q meshbridge-agent
  check "purge: agent unknown to dpkg" equals "$(status_of meshbridge-agent)" not-installed
  check "purge: agent.yaml deleted" absent "$ROOT/etc/meshbridge/agent.yaml"
  check "purge: agent state deleted" absent "$ROOT/var/lib/meshbridge/status.json"
  check "purge: deb-systemd-helper state deleted" \
    absent "$ROOT/var/lib/systemd/deb-systemd-helper-enabled/meshbridge-agent.service.dsh-also"
  check "purge of the agent keeps pilot's config" test -f "$ROOT/etc/meshbridge/pilot.yaml"
  check "purge of the agent keeps pilot's state" test -f "$ROOT/var/lib/meshbridge/pilot/root-cert.pem"
  check "pilot still enabled" test -L "$(enabled_link meshbridge-pilot)"

  check "apt-get purge meshbridge-pilot" in_root apt-get purge -y -q meshbridge-pilot
  check "purge: /etc/meshbridge deleted" absent "$ROOT/etc/meshbridge"
  check "purge: /var/lib/meshbridge deleted" absent "$ROOT/var/lib/meshbridge"
  check "purge: /usr/share/meshbridge deleted" absent "$ROOT/usr/share/meshbridge"
  check "purge: pilot unit disabled" absent "$(enabled_link meshbridge-pilot)"
}

deb_tests() {
  section ".deb agent (root: Debian bookworm minbase, $(debian_mirror))"
  deb_agent
  section "unit verification"
  deb_units
  section ".deb pilot"
  deb_pilot
  section ".deb remove and purge"
  deb_remove_purge
}
