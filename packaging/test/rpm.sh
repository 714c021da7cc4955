# shellcheck shell=bash
# .rpm tests (sourced by run.sh): header fields, requires, scriptlets and file list with rpm -qp;
# then rpm --root installs into the test root left by the .deb tests (Debian with a JRE and
# systemd, so the scriptlets and the launchers run): stand-in packages provide what Debian's
# packages provide outside rpm's database.

rpmq() { rpm --root "$ROOT" --dbpath /var/lib/rpm "$@"; }

# fake_rpm NAME PROVIDES...: a noarch package that provides the given capabilities.
fake_rpm() {
  local name=$1 top="$WORK/rpmbuild"
  shift
  mkdir -p "$top/SPECS"
  {
    printf 'Name: %s\nVersion: 1\nRelease: 1\nSummary: test stand-in\nLicense: none\nBuildArch: noarch\n' "$name"
    printf 'Provides: %s\n' "$@"
    printf '%%description\nA stand-in for the package tests.\n%%files\n'
  } >"$top/SPECS/$name.spec"
  rpmbuild -bb --quiet --define "_topdir $top" "$top/SPECS/$name.spec" >/dev/null 2>&1
  ls "$top"/RPMS/noarch/"$name"-1-1.noarch.rpm
}

files_of() { rpm -qp --qf '[%{FILEMODES:perms} %{FILEUSERNAME}:%{FILEGROUPNAME} %{FILENAMES}\n]' "$1"; }

rpm_contents() {
  local pkg=$1 rpmfile=$2 role=${1#meshbridge-} list entry
  shift 2
  check "$pkg.rpm: name, version, release, arch" \
    bash -c '[[ "$1" =~ ^$2\ $3\ 0\.[0-9A-Za-z.]+\ noarch$ ]] || { echo "got: $1"; exit 1; }' _ \
    "$(rpm -qp --qf '%{NAME} %{VERSION} %{RELEASE} %{ARCH}' "$rpmfile")" "$pkg" "${release//./\\.}"
  check "$pkg.rpm: requires a Java 17+ runtime (rich dependency)" contains "$(rpm -qp --requires "$rpmfile")" \
    "(java-17-openjdk-headless or jre-17-headless or java-headless >= 1:17)"
  check "$pkg.rpm: requires rpmlib(RichDependencies)" \
    contains "$(rpm -qp --requires "$rpmfile")" "rpmlib(RichDependencies) <= 4.12.0-1"
  local scripts
  scripts=$(rpm -qp --scripts "$rpmfile")
  for entry in "useradd --system" "systemctl --no-reload enable $pkg.service" \
      "systemctl --no-reload disable $pkg.service" "systemctl try-restart $pkg.service"; do
    check "$pkg.rpm: scriptlets: $entry" contains "$scripts" "$entry"
  done
  check "$pkg.rpm: %config(noreplace)" equals "$(rpm -qp --configfiles "$rpmfile")" "/etc/meshbridge/$role.yaml"
  list=$(files_of "$rpmfile")
  for entry in "$@" "-rw-r----- root:meshbridge /etc/meshbridge/$role.yaml" \
      "drwxr-x--- meshbridge:meshbridge /var/lib/meshbridge" \
      "-rw-r--r-- root:root /usr/lib/systemd/system/$pkg.service"; do
    check "$pkg.rpm: $entry" grep -qxF -- "$entry" <<<"$list"
  done
}

rpm_agent() {
  local v1 v2 out
  v1=$(ls "$WORK"/v1/meshbridge-agent-*.rpm)
  v2=$(ls "$WORK"/v2/meshbridge-agent-*.rpm)
  rpm_contents meshbridge-agent "$v1" \
    "-rwxr-xr-x root:root /usr/bin/meshbridge-agent" \
    "-rw-r--r-- root:root /usr/share/meshbridge/agent/meshbridge-agent.jar"

  check "meshbridge-agent.rpm: suggests iptables" equals "$(rpm -qp --suggests "$v1")" iptables
  out=$(rpmq -i --test "$v1" 2>&1 || true)
  check "rpm: without a JRE the rich dependency is unmet" \
    contains "$out" "(java-17-openjdk-headless or jre-17-headless or java-headless >= 1:17) is needed"
  check "rpm: java-headless = 1:21 (a newer JRE) satisfies it" \
    bash -c "rpm --root '$ROOT' --dbpath /var/lib/rpm -i '$(fake_rpm fake-java21 'java-headless = 1:21')' \
      && rpm --root '$ROOT' --dbpath /var/lib/rpm -i --test '$v1' && rpm --root '$ROOT' --dbpath /var/lib/rpm -e fake-java21"
  check "rpm: install stand-in jre-17-headless" rpmq -i "$(fake_rpm fake-jre17 jre-17-headless)"

  in_root userdel meshbridge >/dev/null 2>&1 || true
  in_root groupdel meshbridge >/dev/null 2>&1 || true
  check "rpm --root -i $(basename "$v1") (with scriptlets, dependencies resolved)" rpmq -i "$v1"
  check "rpm: %pre created the system user" contains "$(in_root getent passwd meshbridge)" ":/var/lib/meshbridge:"
  check "rpm: agent.yaml root:meshbridge 640" equals "$(stat_of "$ROOT/etc/meshbridge/agent.yaml")" "root:meshbridge 640"
  check "rpm: /var/lib/meshbridge meshbridge:meshbridge 750" \
    equals "$(stat_of "$ROOT/var/lib/meshbridge")" "meshbridge:meshbridge 750"
  check "rpm: %post enabled the unit" test -L "$(enabled_link meshbridge-agent)"
  check "rpm: meshbridge-agent --version" contains "$(in_root meshbridge-agent --version 2>&1)" "$project_version"
  check "rpm: meshbridge-agent check --config, as user meshbridge" \
    as_meshbridge meshbridge-agent check --config /etc/meshbridge/agent.yaml
  echo "# edited by the package test" >>"$ROOT/etc/meshbridge/agent.yaml"
  check "rpm -U $(basename "$v2")" rpmq -U "$v2"
  check "rpm: upgrade kept the edited agent.yaml" grep -q "edited by the package test" "$ROOT/etc/meshbridge/agent.yaml"
  check "rpm: upgrade left no .rpmnew" absent "$ROOT/etc/meshbridge/agent.yaml.rpmnew"
  check "rpm: still enabled after the upgrade" test -L "$(enabled_link meshbridge-agent)"
  check "rpm -e meshbridge-agent" rpmq -e meshbridge-agent
  check "rpm -e: files gone" absent "$ROOT/usr/share/meshbridge/agent"
  check "rpm -e: unit disabled" absent "$(enabled_link meshbridge-agent)"
  check "rpm -e: the edited agent.yaml saved as .rpmsave" test -f "$ROOT/etc/meshbridge/agent.yaml.rpmsave"
}

rpm_pilot() {
  local v1
  v1=$(ls "$WORK"/v1/meshbridge-pilot-*.rpm)
  rpm_contents meshbridge-pilot "$v1" \
    "-rwxr-xr-x root:root /usr/bin/meshbridge" \
    "-rwxr-xr-x root:root /usr/bin/meshbridge-pilot" \
    "-rw-r--r-- root:root /usr/share/meshbridge/pilot/meshbridge.jar" \
    "drwxr-x--- root:meshbridge /etc/meshbridge/registry" \
    "drwxr-x--- meshbridge:meshbridge /var/lib/meshbridge/pilot"
  check "rpm --root -i $(basename "$v1")" rpmq -i "$v1"
  check "rpm: meshbridge --version" contains "$(in_root meshbridge --version 2>&1)" "meshbridge $project_version"
  check "rpm: pilot enabled" test -L "$(enabled_link meshbridge-pilot)"
  check "rpm -e meshbridge-pilot" rpmq -e meshbridge-pilot
  check "rpm -e: /usr/share/meshbridge gone" absent "$ROOT/usr/share/meshbridge"
}

rpm_tests() {
  section ".rpm (rpm $(rpm --version | awk '{print $3}') --root into the same Debian root)"
  rpmq --initdb
  check "rpm: install stand-in for /bin/sh, useradd, groupadd (Debian's, outside rpm's database)" \
    rpmq -i "$(fake_rpm fake-base /bin/sh /usr/sbin/useradd /usr/sbin/groupadd)"
  rpm_agent
  section ".rpm pilot"
  rpm_pilot
}
