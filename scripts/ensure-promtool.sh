#!/usr/bin/env bash
# The suite checks and unit-tests deploy/prometheus/alerts.yml with promtool, checks
# deploy/alertmanager/alertmanager.yml with amtool, and runs both servers end to end (Debian's
# prometheus and prometheus-alertmanager packages); install them when this machine lacks one.
set -euo pipefail
has() { command -v "$1" >/dev/null 2>&1; }
# Debian names the server prometheus-alertmanager; an upstream build names it alertmanager.
has promtool && has prometheus && has amtool \
  && { has prometheus-alertmanager || has alertmanager; } && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-promtool: a Prometheus tool is missing and installing it needs root" >&2
  exit 1
fi
# The packages' postinst start their services (invoke-rc.d; systemd where it runs): the suite
# starts servers of its own and wants no daemon, and a start that fails would fail the install.
# A policy-rc.d answering 101 ("action forbidden") prevents both; put one in place for the install
# unless the machine has its own.
POLICY=/usr/sbin/policy-rc.d
if [ ! -e "$POLICY" ]; then
  trap 'rm -f "$POLICY"' EXIT
  printf '#!/bin/sh\nexit 101\n' >"$POLICY"
  chmod 755 "$POLICY"
fi
echo "ensure-promtool: installing prometheus and prometheus-alertmanager with apt" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends prometheus prometheus-alertmanager >/dev/null
