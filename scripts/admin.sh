#!/usr/bin/env bash
# What `make admin` runs: a superuser for /admin/ on make run's data. At a terminal it asks;
# without one it reads DJANGO_SUPERUSER_EMAIL, DJANGO_SUPERUSER_NAME and
# DJANGO_SUPERUSER_PASSWORD, and says which are missing before trying.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
export DEBUG=${DEBUG:-true}
mkdir -p "${VAR_DIR:-var}"
if [ -t 0 ]; then
  "$BIN/python" manage.py migrate --noinput >/dev/null
  exec "$BIN/python" manage.py createsuperuser
fi
missing=()
for name in DJANGO_SUPERUSER_EMAIL DJANGO_SUPERUSER_NAME DJANGO_SUPERUSER_PASSWORD; do
  [ -n "${!name:-}" ] || missing+=("$name")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "make admin: without a terminal, set ${missing[*]}" >&2
  echo "  e.g. DJANGO_SUPERUSER_EMAIL=admin@example.com DJANGO_SUPERUSER_NAME=Admin \\" >&2
  echo "       DJANGO_SUPERUSER_PASSWORD='a-long-passphrase' make admin </dev/null" >&2
  exit 2
fi
"$BIN/python" manage.py migrate --noinput >/dev/null
exec "$BIN/python" manage.py createsuperuser --noinput
