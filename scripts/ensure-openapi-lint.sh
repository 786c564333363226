#!/usr/bin/env bash
# The suite lints the OpenAPI document with Redocly's CLI (pinned in tools/openapi-lint); install
# it, and Node.js with apt when this machine lacks it.
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
TOOL="$HERE/tools/openapi-lint"
[ -x "$TOOL/node_modules/.bin/redocly" ] && exit 0
if ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "ensure-openapi-lint: npm is missing and installing it needs root" >&2
    exit 1
  fi
  echo "ensure-openapi-lint: installing nodejs and npm with apt" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends nodejs npm >/dev/null
fi
echo "ensure-openapi-lint: installing Redocly's CLI from tools/openapi-lint/package-lock.json" >&2
npm ci --prefix "$TOOL" --no-audit --no-fund --silent
