# shellcheck shell=bash
# .deb tests (sourced by run.sh): control fields and contents; then, in the chroot $ROOT, with
# apt-get as an admin would: install, reinstall, upgrade keeping an edited conffile, unit
# verification, both packages side by side, remove, purge.

# entries DEB: "mode owner path" per file in the package.
entries() { dpkg-deb -c "$1" | awk '{print $1, $2, $6}'; }

libdir() { if [ "$1" = agent ]; then echo "$repo/vm-agent/target/lib"; else echo "$repo/launcher/target/lib"; fi; }

# deb_contents PKG DEB EXPECTED_ENTRY...: control fields, files with owner and mode, conffiles.
deb_contents() {
  local pkg=$1 deb=$2 role=${1#meshbridge-} list version script entry jars
  shift 2
  list=$(entries "$deb")
  version=$(dpkg-deb -f "$deb" Version)
  check "$pkg.deb: Package" equals "$(dpkg-deb -f "$deb" Package)" "$pkg"
  check "$pkg.deb: Architecture" equals "$(dpkg-deb -f "$deb" Architecture)" all
  check "$pkg.deb: Depends" equals "$(dpkg-deb -f "$deb" Depends)" \
    "openjdk-17-jre-headless | java17-runtime-headless"
  check "$pkg.deb: Version $version sorts before the release $release" \
    dpkg --compare-versions "$version" lt "$release"
  check "$pkg.deb: conffiles" equals "$(dpkg-deb -I "$deb" conffiles)" "/etc/meshbridge/$role.yaml"
  for script in preinst postinst prerm postrm; do
    check "$pkg.deb: $script is valid sh" sh -n <(dpkg-deb -I "$deb" "$script")
  done
  for entry in "$@" "drwxr-xr-x root/root ./etc/" "drwxr-xr-x root/root ./var/lib/" \
      "drwxr-xr-x root/root ./etc/meshbridge/" "drwxr-x--- meshbridge/meshbridge ./var/lib/meshbridge/" \
      "-rw-r----- root/meshbridge ./etc/meshbridge/$role.yaml" \
      "-rw-r--r-- root/root ./lib/systemd/system/$pkg.service"; do
    check "$pkg.deb: $entry" grep -qxF -- "$entry" <<<"$list"
  done
  jars=$(grep -c "^-rw-r--r-- root/root \./usr/share/meshbridge/$role/lib/.*\.jar$" <<<"$list" || true)
  check "$pkg.deb: $jars jars in lib/, as built" equals "$jars" "$(ls "$(libdir "$role")" | wc -l)"
}

# apt_install DEB [apt-get options]: apt-get install ./DEB in the root, as the README says.
apt_install() {
  local deb=$1
  shift
  cp "$deb" "$ROOT/tmp/pkgs/"
  in_root sh -c "cd /tmp/pkgs && apt-get install -y -q $* ./$(basename "$deb")"
}

installed_version() { in_root dpkg-query -W -f='${Version}' "$1"; }
status_of() { in_root dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || echo not-installed; }
enabled_link() { echo "$ROOT/etc/systemd/system/multi-user.target.wants/$1.service"; }
as_meshbridge() {
  chroot --userspec="$(in_root id -u meshbridge):$(in_root id -g meshbridge)" "$ROOT" /usr/bin/env -i \
    PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/var/lib/meshbridge LANG=C.UTF-8 "$@" </dev/null
}

# The system user, the installed files with owners and modes, the conffile, the enabled unit.
deb_installed() {
  local pkg=$1 role=${1#meshbridge-} user
  user=$(in_root getent passwd meshbridge || true)
  check "$pkg: user meshbridge (home /var/lib/meshbridge, nologin)" \
    contains "$user" ":/var/lib/meshbridge:/usr/sbin/nologin"
  check "$pkg: user is a system user" test "$(cut -d: -f3 <<<"$user")" -lt 1000
  check "$pkg: exactly one user meshbridge" equals "$(grep -c '^meshbridge:' "$ROOT/etc/passwd")" 1
  check "$pkg: /etc/meshbridge/$role.yaml root:meshbridge 640" \
    equals "$(stat_of "$ROOT/etc/meshbridge/$role.yaml")" "root:meshbridge 640"
  check "$pkg: /var/lib/meshbridge meshbridge:meshbridge 750" \
    equals "$(stat_of "$ROOT/var/lib/meshbridge")" "meshbridge:meshbridge 750"
  check "$pkg: /usr/bin/$pkg executable" test -x "$ROOT/usr/bin/$pkg"
  check "$pkg: unit installed" test -f "$ROOT/lib/systemd/system/$pkg.service"
  check "$pkg: conffile registered" contains "$(in_root dpkg-query -W -f='${Conffiles}' "$pkg")" \
    "/etc/meshbridge/$role.yaml"
  check "$pkg: unit enabled (not started)" test -L "$(enabled_link "$pkg")"
}

verify_unit() {
  check "systemd-analyze verify $1: nothing on stderr" \
    empty_stderr systemd-analyze verify --root="$ROOT" "/lib/systemd/system/$1.service"
}

deb_agent() {
  local v1 v2
  v1=$(ls "$WORK"/v1/meshbridge-agent_*.deb)
  v2=$(ls "$WORK"/v2/meshbridge-agent_*.deb)
  deb_contents meshbridge-agent "$v1" \
    "-rwxr-xr-x root/root ./usr/bin/meshbridge-agent" \
    "-rw-r--r-- root/root ./usr/share/meshbridge/agent/meshbridge-agent.jar" \
    "-rw-r--r-- root/root ./usr/share/meshbridge/agent/systemd/transparent-capture.conf"
  check "meshbridge-agent.deb: Suggests iptables" equals "$(dpkg-deb -f "$v1" Suggests)" iptables
  check "meshbridge-agent: apt-get install ./$(basename "$v1") (pulls the JRE)" apt_install "$v1"
  deb_installed meshbridge-agent
  check "meshbridge-agent --version" contains "$(in_root meshbridge-agent --version 2>&1)" "$project_version"
  check "meshbridge-agent check --config /etc/meshbridge/agent.yaml, as user meshbridge" \
    as_meshbridge meshbridge-agent check --config /etc/meshbridge/agent.yaml
  check "meshbridge-agent: reinstall (scripts are idempotent)" apt_install "$v1" --reinstall
  deb_installed meshbridge-agent

  echo "# edited by the package test" >>"$ROOT/etc/meshbridge/agent.yaml"
  check "meshbridge-agent: upgrade to $(basename "$v2")" apt_install "$v2"
  check "meshbridge-agent: upgraded" equals "$(installed_version meshbridge-agent)" "$(dpkg-deb -f "$v2" Version)"
  check "meshbridge-agent: upgrade kept the edited agent.yaml" \
    grep -q "edited by the package test" "$ROOT/etc/meshbridge/agent.yaml"
  check "meshbridge-agent: upgrade left no .dpkg-dist/.dpkg-new" \
    bash -c "! ls '$ROOT'/etc/meshbridge/*.dpkg-* 2>/dev/null | grep -q ."
  deb_installed meshbridge-agent
  check "meshbridge-agent check after the upgrade" \
    as_meshbridge meshbridge-agent check --config /etc/meshbridge/agent.yaml
}

deb_units() {
  check "apt-get install systemd (for systemd-analyze verify in the root)" \
    in_root apt-get install -y -q --no-install-recommends systemd
  verify_unit meshbridge-agent
  local dropins="$ROOT/etc/systemd/system/meshbridge-agent.service.d"
  mkdir -p "$dropins"
  ln -s /usr/share/meshbridge/agent/systemd/transparent-capture.conf "$dropins/"
  check "systemd-analyze verify meshbridge-agent + transparent-capture.conf: nothing on stderr" \
    empty_stderr systemd-analyze verify --root="$ROOT" /lib/systemd/system/meshbridge-agent.service
  rm -rf "$dropins"
}
