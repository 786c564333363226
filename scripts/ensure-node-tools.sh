#!/usr/bin/env bash
# The Node.js tools the suite and `make client` use, each pinned by its package-lock.json:
# Redocly's CLI (tools/openapi-lint) lints the OpenAPI document; openapi-typescript, openapi-fetch
# and TypeScript (clients/typescript) check the document's TypeScript types. Installs Node.js and
# npm with apt when this machine lacks them.
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
missing=()
[ -x "$HERE/tools/openapi-lint/node_modules/.bin/redocly" ] || missing+=("$HERE/tools/openapi-lint")
[ -x "$HERE/clients/typescript/node_modules/.bin/tsc" ] || missing+=("$HERE/clients/typescript")
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "ensure-node-tools: npm is missing and installing it needs root" >&2
    exit 1
  fi
  echo "ensure-node-tools: installing nodejs and npm with apt" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends nodejs npm >/dev/null
fi
for tool in "${missing[@]}"; do
  echo "ensure-node-tools: installing ${tool#"$HERE"/} from its package-lock.json" >&2
  npm ci --prefix "$tool" --no-audit --no-fund --silent
done
