#!/usr/bin/env bash
# The suite checks and unit-tests deploy/prometheus/alerts.yml with promtool (Debian's
# prometheus package); install it when this machine lacks it.
set -euo pipefail
command -v promtool >/dev/null 2>&1 && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-promtool: promtool is missing and installing it needs root" >&2
  exit 1
fi
echo "ensure-promtool: installing prometheus (for promtool) with apt" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends prometheus >/dev/null
