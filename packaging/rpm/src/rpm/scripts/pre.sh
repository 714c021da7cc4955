# %pre of @package@ ($1: 1 install, 2 upgrade): the system user and group exist before rpm
# installs the files they own. Idempotent: creates only what is missing.
if ! getent group meshbridge >/dev/null; then
  groupadd --system meshbridge || exit 1
fi
if ! getent passwd meshbridge >/dev/null; then
  useradd --system --gid meshbridge --home-dir /var/lib/meshbridge --no-create-home \
    --shell /sbin/nologin --comment "Meshbridge" meshbridge || exit 1
fi
exit 0
