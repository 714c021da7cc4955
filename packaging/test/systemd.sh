# shellcheck shell=bash
# Both .deb packages under a real systemd (sourced by run.sh): a second Debian root with systemd
# as its init, both packages installed with apt-get, booted with systemd-nspawn (its own network
# namespace, so the shipped ports never meet this machine's), and the units driven with systemctl:
# enabled units start at boot with every hardening directive, the agent's sd_notify READY, STATUS
# and WATCHDOG reach systemd, and SIGTERM stops both with a clean exit.

# in_container COMMAND...: COMMAND inside the booted container (all its namespaces).
in_container() { nsenter -t "$container_pid" -a "$@" </dev/null; }
# in_container_net COMMAND...: a host tool (curl) in the container's network namespace only.
in_container_net() { nsenter -t "$container_pid" -n "$@" </dev/null; }

unit_property() { in_container systemctl show "$1" -p "$2" --value; }

# systemd_root: $SDROOT, the base root plus systemd as init and both v1 packages.
systemd_root() {
  cp -a "$(base_root | tail -n 1)" "$SDROOT"
  mount -t proc proc "$SDROOT/proc"
  mount --bind "$CACHE/apt-archives" "$SDROOT/var/cache/apt/archives"
  cp /etc/resolv.conf "$SDROOT/etc/resolv.conf"
  printf '#!/bin/sh\nexit 101\n' >"$SDROOT/usr/sbin/policy-rc.d"
  chmod 755 "$SDROOT/usr/sbin/policy-rc.d"
  cp "$WORK"/v1/meshbridge-agent_*.deb "$WORK"/v1/meshbridge-pilot_*.deb "$SDROOT/tmp/"
  local env=(/usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive)
  local ok=0
  { chroot "$SDROOT" "${env[@]}" apt-get -q update \
    && chroot "$SDROOT" "${env[@]}" apt-get install -y -q --no-install-recommends systemd systemd-sysv dbus \
    && chroot "$SDROOT" "${env[@]}" sh -c 'apt-get install -y -q /tmp/meshbridge-*.deb'
  } >"$WORK/sdroot-install.log" 2>&1 </dev/null || ok=$?
  rm -f "$SDROOT/usr/sbin/policy-rc.d" "$SDROOT"/tmp/meshbridge-*.deb
  umount "$SDROOT/var/cache/apt/archives" "$SDROOT/proc"
  [ "$ok" -eq 0 ] || { tail -n 30 "$WORK/sdroot-install.log"; return 1; }
}

# start_container: systemd-nspawn boots $SDROOT in the background (no host systemd here, hence
# --keep-unit --register=no) and sets container_pid to the container's PID 1. Not under `check`,
# which runs its command in a subshell.
start_container() {
  systemd-nspawn --keep-unit --register=no --private-network --quiet -D "$SDROOT" -b \
    --console=passive </dev/null >"$WORK/nspawn.log" 2>&1 &
  nspawn_pid=$!
  container_pid=""
  for _ in $(seq 1 100); do
    container_pid=$(pgrep -P "$nspawn_pid" | head -n 1) && [ -n "$container_pid" ] && return 0
    sleep 0.1   # waiting for a process we do not control; bounded
  done
  return 1
}

# system_running: `systemctl is-system-running --wait` (bounded) says "running", not "degraded".
system_running() {
  local state
  # PID 1 listens on its private socket a moment after it starts.
  wait_for "systemd's socket" 30 in_container test -S /run/systemd/private || return 1
  state=$(timeout 120 nsenter -t "$container_pid" -a systemctl is-system-running --wait 2>&1 </dev/null) || true
  [ "$state" = running ] && return 0
  echo "system state: $state"
  in_container systemctl --failed --no-pager
  return 1
}

poweroff_container() {
  [ -n "${nspawn_pid:-}" ] || return 0
  in_container systemctl poweroff >/dev/null 2>&1 || true
  timeout 60 tail --pid="$nspawn_pid" -f /dev/null || kill -9 "$nspawn_pid" 2>/dev/null || true
  nspawn_pid=""
}

# wait_for DESCRIPTION SECONDS COMMAND...: COMMAND until it succeeds, at most SECONDS.
wait_for() {
  local desc=$1 seconds=$2 _
  shift 2
  for _ in $(seq 1 $((seconds * 2))); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.5   # polling a process we do not control; bounded
  done
  echo "not within ${seconds}s: $desc"
  "$@"
  return 1
}

agent_active() { [ "$(unit_property meshbridge-agent ActiveState)" = active ]; }
pilot_answers() { in_container_net curl -fsS --max-time 2 http://127.0.0.1:15014/v1/services; }
agent_connected() { contains "$(unit_property meshbridge-agent StatusText)" "pilot connected"; }

# The watchdog timestamp moves: the agent keeps sending WATCHDOG=1 (every WatchdogSec/2 = 15 s).
watchdog_moves() {
  local first
  first=$(unit_property meshbridge-agent WatchdogTimestampMonotonic)
  wait_for "a WATCHDOG=1 after $first" 40 \
    sh -c "[ \"\$(nsenter -t $container_pid -a systemctl show meshbridge-agent -p WatchdogTimestampMonotonic --value </dev/null)\" != '$first' ]"
}

# stopped_cleanly UNIT: `systemctl stop` leaves it inactive with Result=success.
stopped_cleanly() {
  in_container systemctl stop "$1" || return 1
  local state result status
  state=$(unit_property "$1" ActiveState)
  result=$(unit_property "$1" Result)
  status=$(unit_property "$1" ExecMainStatus)
  [ "$state" = inactive ] && [ "$result" = success ] && return 0
  echo "$1 after stop: ActiveState=$state Result=$result ExecMainStatus=$status"
  in_container journalctl -u "$1" --no-pager -n 20
  return 1
}

systemd_tests() {
  section "units under systemd (systemd-nspawn boot of a bookworm root with both packages)"
  trap 'poweroff_container; cleanup_root' EXIT
  local before=$failed
  SDROOT="$WORK/sdroot"
  check "a root with systemd as init and both packages installed" systemd_root
  [ "$failed" -eq "$before" ] || return 0
  if ! start_container; then
    check "systemd-nspawn boots the root" sh -c "cat '$WORK/nspawn.log'; false"
    return 0
  fi
  check "boot: systemctl is-system-running --wait says running (no failed unit)" system_running
  check "meshbridge-pilot started at boot (enabled by the package), hardening and all" \
    equals "$(unit_property meshbridge-pilot ActiveState)" active
  check "pilot answers /v1/services on 127.0.0.1:15014" wait_for "pilot's REST port" 60 pilot_answers
  check "meshbridge-agent started at boot: Type=notify READY=1 reached systemd" \
    wait_for "agent active" 60 agent_active
  check "the agent's STATUS= in systemctl: pilot connected" wait_for "agent status" 60 agent_connected
  check "the agent's WATCHDOG=1 keeps coming, no restart" watchdog_moves
  check "no restart of the agent" equals "$(unit_property meshbridge-agent NRestarts)" 0
  check "systemctl stop meshbridge-agent: clean exit (Result=success)" stopped_cleanly meshbridge-agent
  check "systemctl stop meshbridge-pilot: clean exit (Result=success)" stopped_cleanly meshbridge-pilot
  check "systemctl start both again" in_container systemctl start meshbridge-pilot meshbridge-agent
  check "after the restart the agent is connected again" wait_for "agent status" 60 agent_connected
  poweroff_container
}
