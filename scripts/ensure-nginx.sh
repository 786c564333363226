#!/usr/bin/env bash
# The proxy tests and `make stack` run Debian's nginx in front of gunicorn; install it when this
# machine lacks it.
set -euo pipefail
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-nginx: nginx is missing and installing it needs root" >&2
  exit 1
fi
echo "ensure-nginx: installing nginx with apt" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends nginx >/dev/null
