#!/usr/bin/env bash
# What `make reset` runs: deletes make run's data in $VAR_DIR (the SQLite database, collected
# static files) and its development key, so that no token, cursor or sign-in session of the old
# data is valid against the new one (ids start again at 1: an old token would otherwise name
# whoever registers next). Refuses while `make run` or `make dev` serves that data.
set -euo pipefail
cd "$(dirname "$0")/.."
VAR=${VAR_DIR:-var}
if [ ! -d "$VAR" ]; then
  echo "make reset: nothing to delete, $VAR does not exist yet"
  exit 0
fi
pidfile="$VAR/server.pid"
if [ -f "$pidfile" ]; then
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null && grep -qa -e gunicorn -e runserver "/proc/$pid/cmdline"; then
    echo "make reset: the server (process $pid) is serving $VAR; stop it (Ctrl-C) first" >&2
    exit 1
  fi
fi
rm -rf "$VAR"/db.sqlite3 "$VAR"/db.sqlite3-wal "$VAR"/db.sqlite3-shm "$VAR"/static \
  "$VAR"/secret_key "$pidfile"
echo "make reset: deleted the data in $VAR and its development key (a new one is made at the next start)"
