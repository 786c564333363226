#!/usr/bin/env bash
# What `make run` runs: the embedded default (SQLite in $VAR_DIR, in-process cache, tasks run
# after their transaction commits) behind gunicorn's threaded worker, one process so that the
# in-process cache (rate limits, breaker state) is one. `--dev` serves with Django's reloading
# development server instead. Whatever the environment says applies, on a new or existing var/.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
PORT=${PORT:-8000}
export DEBUG=${DEBUG:-true}
# Webhook receivers on this machine (http://127.0.0.1:…), as development has them.
export WEBHOOKS_ALLOW_PRIVATE=${WEBHOOKS_ALLOW_PRIVATE:-true}
mkdir -p "${VAR_DIR:-var}"
"$BIN/python" manage.py migrate --noinput
"$BIN/python" manage.py create_demo_user
echo "Serving http://127.0.0.1:$PORT/ (Ctrl-C stops it)"
# exec keeps this process's id: `make reset` refuses while it serves this data.
echo $$ > "${VAR_DIR:-var}/server.pid"
if [ "${1:-}" = "--dev" ]; then
  exec "$BIN/python" manage.py runserver "127.0.0.1:$PORT"
fi
# 8 threads: requests mostly wait on SQLite's lock or the LLM, not on the CPU. A backlog of 2048
# (the kernel caps it at net.core.somaxconn) holds a burst while the threads are busy.
export GUNICORN_THREADS=${GUNICORN_THREADS:-8}
exec "$BIN/gunicorn" config.wsgi:application --bind "127.0.0.1:$PORT" --workers 1 \
  --backlog 2048 --graceful-timeout 10
