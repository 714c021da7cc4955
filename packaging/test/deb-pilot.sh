# shellcheck shell=bash
# meshbridge-pilot .deb tests and the end of life of both packages (sourced by run.sh, after
# deb.sh's agent tests, in the same root: pilot is installed next to the agent).

# pilot_serves: pilot runs from the shipped /etc/meshbridge/pilot.yaml as user meshbridge in the
# root and answers GET /v1/services on 127.0.0.1:15014 (the shipped REST port) within 60 s.
pilot_serves() {
  if ss -ltn | grep -qE '127\.0\.0\.1:(15010|15014) |\*:(15010|15014) '; then
    echo "port 15010 or 15014 is already in use on this machine: cannot start the shipped config"
    return 1
  fi
  as_meshbridge meshbridge-pilot >"$WORK/pilot.log" 2>&1 &
  local pid=$! body="" i
  for i in $(seq 1 120); do
    body=$(curl -fsS --max-time 2 http://127.0.0.1:15014/v1/services 2>/dev/null) && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5   # polling a process we do not control; bounded at 60 s
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ -z "$body" ]; then
    echo "no answer on 127.0.0.1:15014/v1/services; pilot's output:"
    tail -n 30 "$WORK/pilot.log"
    return 1
  fi
  echo "$body"
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
  check "meshbridge-pilot serves /v1/services from the shipped pilot.yaml, as user meshbridge" pilot_serves
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
