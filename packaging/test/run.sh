#!/usr/bin/env bash
# Package tests for meshbridge-agent and meshbridge-pilot (.deb and .rpm), run by .ci/run after
# `mvn -B -ntp verify` has built the packages (packaging/deb/target, packaging/rpm/target).
#
# Needs root (debootstrap, chroot, mount). Installs its own tools with apt-get. A Debian bookworm
# minbase root is debootstrapped once into $MESHBRIDGE_CI_CACHE (default
# /var/cache/meshbridge-ci) and copied for each run; downloaded .debs (the JRE) are cached there
# too. What it checks: packaging/README.md ("Tests"). KEEP_ROOT=1 keeps the test root;
# PACKAGING_MVN_ARGS adds Maven flags to the upgrade build.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
start=$(date +%s)
CACHE="${MESHBRIDGE_CI_CACHE:-/var/cache/meshbridge-ci}"
# shellcheck source=lib.sh
source "$here/lib.sh"
# shellcheck source=deb.sh
source "$here/deb.sh"
# shellcheck source=deb-pilot.sh
source "$here/deb-pilot.sh"
# shellcheck source=rpm.sh
source "$here/rpm.sh"
# shellcheck source=systemd.sh
source "$here/systemd.sh"

if [ "$(id -u)" -ne 0 ]; then
  echo "packaging/test/run.sh: needs root (debootstrap, chroot, mount)" >&2
  exit 1
fi

need=()
command -v debootstrap >/dev/null || need+=(debootstrap)
command -v rpm >/dev/null || need+=(rpm)
command -v rpmbuild >/dev/null || need+=(rpm)
command -v systemd-analyze >/dev/null || need+=(systemd)
command -v curl >/dev/null || need+=(curl)
command -v systemd-nspawn >/dev/null || need+=(systemd-container)
if [ "${#need[@]}" -gt 0 ]; then
  echo "apt-get install ${need[*]}"
  apt-get -q update >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get -q install -y "${need[@]}" >/dev/null
fi

project_version=$(sed -n 's|^  <version>\(.*\)</version>$|\1|p' "$repo/pom.xml" | head -n 1)
release=${project_version%-SNAPSHOT}
mkdir -p "$CACHE"
WORK=$(mktemp -d /var/tmp/meshbridge-pkgtest.XXXXXX)
trap cleanup_root EXIT

# The packages `mvn verify` built, and an upgrade of each built now with a newer version.
debdir="$repo/packaging/deb/target"
rpmdir="$repo/packaging/rpm/target"
mkdir -p "$WORK/v1" "$WORK/v2"
for f in "$debdir"/meshbridge-agent_ "$debdir"/meshbridge-pilot_ "$rpmdir"/meshbridge-agent-0 "$rpmdir"/meshbridge-pilot-0; do
  # The newest of each (a developer's target/ may hold older builds).
  # shellcheck disable=SC2012 # our own file names, newest first
  latest=$(ls -t "$f"*.deb "$f"*.rpm 2>/dev/null | head -n 1 || true)
  if [ -z "$latest" ]; then
    echo "no ${f##*/}* package in ${f%/*}: run mvn -B -ntp verify (or package) first" >&2
    exit 1
  fi
  cp "$latest" "$WORK/v1/"
done
suffix=".ci$(date -u +%H%M%S)"
build_id="$(date -u +%Y%m%d%H%M)99"
section "building the upgrade packages (Debian version suffix $suffix, rpm release 0.$build_id)"
# shellcheck disable=SC2086 # PACKAGING_MVN_ARGS: extra Maven flags, e.g. -o -Dmaven.repo.local=DIR
(cd "$repo" && mvn -B -ntp ${PACKAGING_MVN_ARGS:-} -pl packaging/deb,packaging/rpm package \
  -Dpackaging.version.suffix="$suffix" -Drpm.snapshotBuildId="$build_id") >"$WORK/mvn.log" 2>&1 \
  || { tail -n 40 "$WORK/mvn.log"; exit 1; }
mv "$debdir"/*"$suffix"_all.deb "$rpmdir"/*"-0.$build_id".noarch.rpm "$WORK/v2/"

section "test root"
new_root
deb_tests
rpm_tests
systemd_tests

cleanup_root
echo "package tests: $(( $(date +%s) - start )) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
