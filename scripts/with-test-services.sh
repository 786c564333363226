#!/usr/bin/env bash
# Start a throwaway PostgreSQL and Redis on loopback, run the given command against them, stop
# both and remove their data, whatever the command's outcome. Exits with the command's status.
set -euo pipefail

log() { printf 'test-services: %s\n' "$*" >&2; }

find_pg_bin() {
  local name=$1 candidate
  if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return; fi
  for candidate in /usr/lib/postgresql/*/bin/"$name"; do
    [ -x "$candidate" ] && { echo "$candidate"; return; }
  done
  log "PostgreSQL's $name was not found"; exit 1
}

if ! command -v redis-server >/dev/null 2>&1; then
  log "installing redis-server with apt"
  if [ "$(id -u)" -ne 0 ]; then log "redis-server is missing and installing it needs root"; exit 1; fi
  DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server >/dev/null
fi

INITDB=$(find_pg_bin initdb)
PG_CTL=$(find_pg_bin pg_ctl)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

WORK=$(mktemp -d /tmp/deals-test-services.XXXXXX)
chmod 755 "$WORK"
mkdir -p "$WORK/pg" "$WORK/sock" "$WORK/redis"
PG_PORT=$(free_port)
REDIS_PORT=$(free_port)

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" -eq 0 ] && chown postgres "$WORK/pg" "$WORK/sock"

cleanup() {
  status=$?
  as_postgres "$PG_CTL" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
  if [ -f "$WORK/redis/redis.pid" ]; then kill "$(cat "$WORK/redis/redis.pid")" 2>/dev/null || true; fi
  sleep 0.2
  rm -rf "$WORK"
  exit $status
}
trap cleanup EXIT INT TERM

as_postgres "$INITDB" -D "$WORK/pg" -A trust -U postgres -E UTF8 --no-sync >"$WORK/initdb.log" 2>&1 \
  || { cat "$WORK/initdb.log" >&2; exit 1; }
# A commit is in the WAL before the client hears of it (synchronous_commit stays on), so a crash
# or an immediate restart of PostgreSQL loses nothing it acknowledged. The suite skips fsync and
# full-page writes, which guard against the machine itself losing power; `make stack` sets
# TEST_SERVICES_DURABLE=1 and keeps both, as production does (`make chaos` starts a durable
# PostgreSQL of its own).
DURABILITY="-c fsync=off -c full_page_writes=off"
[ "${TEST_SERVICES_DURABLE:-0}" = 1 ] && DURABILITY="-c fsync=on -c full_page_writes=on"
as_postgres "$PG_CTL" -D "$WORK/pg" -l "$WORK/sock/postgres.log" -w -t 30 start \
  -o "-p $PG_PORT -k $WORK/sock -c listen_addresses=127.0.0.1 $DURABILITY -c max_connections=200" \
  >/dev/null || { cat "$WORK/sock/postgres.log" >&2; exit 1; }

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
  --daemonize yes --pidfile "$WORK/redis/redis.pid" --dir "$WORK/redis" --logfile "$WORK/redis/redis.log"
for _ in $(seq 50); do
  redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
  sleep 0.1
done

psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qtAc "CREATE DATABASE deals" >/dev/null
log "PostgreSQL on 127.0.0.1:$PG_PORT, Redis on 127.0.0.1:$REDIS_PORT"
export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/deals"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
# A key of this run alone: a constant from the repository would sign tokens that every instance
# started this way accepts (and the production guard refuses any key found in the repository).
export SECRET_KEY="${SECRET_KEY:-$(python3 -c 'import secrets; print(secrets.token_urlsafe(64))')}"
export DEBUG=false
export TEST_SERVICES_DIR="$WORK"
export TEST_PG_PORT="$PG_PORT" TEST_REDIS_PORT="$REDIS_PORT"

set +e
"$@"
status=$?
set -e
exit $status
