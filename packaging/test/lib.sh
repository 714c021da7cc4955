# shellcheck shell=bash
# Helpers for the package tests (sourced by run.sh): checks with a count, a Debian root in a
# chroot, and the mirror this machine's apt uses.

passed=0
failed=0

# section TITLE: a heading with the seconds since the tests started.
section() { echo "== [$(( $(date +%s) - start )) s] $*"; }

# check DESCRIPTION COMMAND...: runs COMMAND; counts a pass, or a failure with its output.
check() {
  local desc=$1 out
  shift
  if out=$("$@" 2>&1); then
    passed=$((passed + 1))
    echo "ok      $desc"
  else
    failed=$((failed + 1))
    echo "FAILED  $desc"
    printf '%s\n' "$out" | sed -n '1,40s/^/        | /p'
  fi
}

# Small predicates for check.
contains() { grep -qF -- "$2" <<<"$1" || { echo "expected to contain: $2"; echo "got: $1"; return 1; }; }
equals() { [ "$1" = "$2" ] || { echo "expected: $2"; echo "got:      $1"; return 1; }; }
absent() { if [ -e "$1" ] || [ -L "$1" ]; then echo "still there: $1"; return 1; fi; }
empty_stderr() { local err; err=$("$@" 2>&1 >/dev/null) || { echo "$err"; return 1; }; [ -z "$err" ] || { echo "$err"; return 1; }; }

# stat_of PATH: "owner:group mode" of a path under $ROOT, e.g. "root:meshbridge 640", with the
# names of the root's own /etc/passwd and /etc/group.
stat_of() { in_root stat -c '%U:%G %a' "${1#"$ROOT"}"; }

# The Debian mirror this machine's apt uses (deb822 URIs: or one-line deb entries), the
# bookworm main archive, not security; MESHBRIDGE_DEBIAN_MIRROR overrides it.
debian_mirror() {
  if [ -n "${MESHBRIDGE_DEBIAN_MIRROR:-}" ]; then
    echo "$MESHBRIDGE_DEBIAN_MIRROR"
    return
  fi
  local url
  url=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
    | sed -n -e 's/^URIs:[[:space:]]*//p' -e 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?//p' \
    | awk '{print $1}' | grep -E '/debian/?$' | head -n 1)
  echo "${url:-http://deb.debian.org/debian}"
}

# in_root COMMAND...: runs COMMAND in the test root with a clean environment.
in_root() {
  chroot "$ROOT" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@" </dev/null
}

# base_root: the cached debootstrap (minbase, bookworm), made once; a failed run leaves no cache.
base_root() {
  local base="$CACHE/bookworm"
  if [ ! -x "$base/usr/bin/apt-get" ]; then
    local mirror
    mirror=$(debian_mirror)
    echo "debootstrap --variant=minbase bookworm from $mirror into $base (cached for later runs)" >&2
    rm -rf "$base.tmp"
    debootstrap --variant=minbase bookworm "$base.tmp" "$mirror" >"$CACHE/debootstrap.log" 2>&1 \
      || { tail -n 20 "$CACHE/debootstrap.log"; return 1; }
    rm -rf "$base"
    mv "$base.tmp" "$base"
  fi
  echo "$base"
}

# new_root: a fresh copy of the base root in $WORK/root, with /proc, the apt cache and DNS.
new_root() {
  ROOT="$WORK/root"
  cp -a "$(base_root | tail -n 1)" "$ROOT"
  mkdir -p "$CACHE/apt-archives/partial"
  mount -t proc proc "$ROOT/proc"
  mount --bind "$CACHE/apt-archives" "$ROOT/var/cache/apt/archives"
  cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
  # Nothing starts a service in the chroot (invoke-rc.d asks policy-rc.d).
  printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"
  chmod 755 "$ROOT/usr/sbin/policy-rc.d"
  mkdir -p "$ROOT/tmp/pkgs"
  in_root apt-get -q update >"$WORK/apt-update.log" 2>&1 || { tail -n 20 "$WORK/apt-update.log"; return 1; }
}

cleanup_root() {
  if [ -n "${ROOT:-}" ]; then
    # A process a failed test left running in the root (only ours run there).
    local proc
    for proc in /proc/[0-9]*; do
      if [ "$(readlink "$proc/root" 2>/dev/null)" = "$ROOT" ]; then
        kill "${proc#/proc/}" 2>/dev/null || true
      fi
    done
    umount "$ROOT/var/cache/apt/archives" 2>/dev/null || true
    umount "$ROOT/proc" 2>/dev/null || true
  fi
  if [ -n "${WORK:-}" ] && [ -d "$WORK" ] && [ -z "${KEEP_ROOT:-}" ]; then
    rm -rf --one-file-system "$WORK"
  fi
  ROOT=""
}
