#!/usr/bin/env bash
# The proxy tests and `make stack` run Debian's nginx in front of gunicorn, with its Lua module
# (the whole-body deadline in deploy/nginx/agentic-deals.conf); install them when this machine
# lacks them.
set -euo pipefail
LUA_MODULE=/usr/lib/nginx/modules/ngx_http_lua_module.so
if { command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; } && [ -f "$LUA_MODULE" ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-nginx: nginx or its Lua module ($LUA_MODULE) is missing and installing needs root" >&2
  exit 1
fi
echo "ensure-nginx: installing nginx and its Lua module with apt" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends nginx libnginx-mod-http-ndk libnginx-mod-http-lua >/dev/null
