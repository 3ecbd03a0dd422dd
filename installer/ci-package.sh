#!/usr/bin/env bash
# CI, after the tests pass: freeze the app, build the .deb, install it, smoke-run it headless.
# Called by .ci/run; runs as root on a fresh machine that scripts/bootstrap has prepared.
set -euo pipefail
cd "$(dirname "$0")/.."
t0=$(date +%s)
installer/build-linux.sh
t1=$(date +%s)

deb=$(ls -t build/zhongxin-desktop_*.deb | head -1)
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO dpkg -i "$deb"; then
  # dependencies missing on this machine: let apt bring them and finish configuring the package
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -q -f --no-install-recommends
fi
dpkg -s zhongxin-desktop | grep -q '^Status: install ok installed' || { echo "the .deb did not install" >&2; exit 1; }
t2=$(date +%s)

# the installed package: /usr/bin/zhongxin, /opt/zhongxin-desktop; PDF and window pictures kept
SMOKE_OUT=build/smoke installer/smoke.sh
t3=$(date +%s)
echo "packaging: build $((t1 - t0)) s, install $((t2 - t1)) s, smoke $((t3 - t2)) s"
