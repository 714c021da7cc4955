# %post of @package@ ($1: 1 install, 2 upgrade): enable @unit@ without starting it on a first
# install (the admin starts it once the config is edited); an upgrade keeps the admin's choice.
# `systemctl --no-reload enable` works without a running systemd (a chroot, an image build).
if [ "$1" -eq 1 ] && command -v systemctl >/dev/null 2>&1; then
  systemctl --no-reload enable @unit@ >/dev/null 2>&1 || :
fi
if [ -d /run/systemd/system ]; then
  systemctl daemon-reload >/dev/null 2>&1 || :
fi
exit 0
