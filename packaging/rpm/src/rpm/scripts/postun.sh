# %postun of @package@ ($1: 0 erase, 1 upgrade): reload units; on upgrade restart @unit@ if it
# runs (try-restart). rpm has no purge: state in /var/lib/meshbridge and edited config files
# (saved as *.rpmsave) stay after an erase.
if [ -d /run/systemd/system ]; then
  systemctl daemon-reload >/dev/null 2>&1 || :
  if [ "$1" -ge 1 ]; then
    systemctl try-restart @unit@ >/dev/null 2>&1 || :
  fi
fi
exit 0
