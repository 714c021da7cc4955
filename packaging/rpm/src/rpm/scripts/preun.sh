# %preun of @package@ ($1: 0 erase, 1 upgrade): on erase, stop and disable @unit@.
if [ "$1" -eq 0 ] && command -v systemctl >/dev/null 2>&1; then
  if [ -d /run/systemd/system ]; then
    systemctl stop @unit@ >/dev/null 2>&1 || :
  fi
  systemctl --no-reload disable @unit@ >/dev/null 2>&1 || :
fi
exit 0
