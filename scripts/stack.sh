#!/usr/bin/env bash
# `make stack`: the production shape on this machine, from the repository. Throwaway PostgreSQL
# and Redis (scripts/with-test-services.sh), gunicorn behind nginx (deploy/nginx), a Celery
# worker with the threaded pool and the beat. Ctrl-C stops everything and removes the data.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-nginx.sh
if [ "${1:-}" != "--inside" ]; then
  TEST_SERVICES_DURABLE=1 exec scripts/with-test-services.sh "$0" --inside
fi

BIN=${BIN:-.venv/bin}
PORT=${PORT:-8080}
RUN=$(mktemp -d /tmp/deals-stack.XXXXXX)
APP_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export VAR_DIR="$RUN/var" TRUSTED_PROXY_COUNT=1 PROMETHEUS_MULTIPROC_DIR="$RUN/metrics"
# The origin the admin's forms are posted from (CSRF_TRUSTED_ORIGINS).
export PUBLIC_URL=${PUBLIC_URL:-http://127.0.0.1:$PORT}
mkdir -p "$VAR_DIR" "$PROMETHEUS_MULTIPROC_DIR" "$RUN/nginx"

PIDS=()
stop_all() {
  trap - INT TERM EXIT
  echo "stack: stopping" >&2
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait "${PIDS[@]}" 2>/dev/null || true
  rm -rf "$RUN"
}
trap stop_all INT TERM EXIT

"$BIN/python" manage.py migrate --noinput >/dev/null
"$BIN/python" manage.py collectstatic --noinput >/dev/null
"$BIN/python" manage.py create_demo_user
"$BIN/gunicorn" config.wsgi:application --bind "127.0.0.1:$APP_PORT" --workers 2 \
  --graceful-timeout 20 >"$RUN/web.log" 2>&1 &
PIDS+=($!)
# The worker and the beat are started again whenever they exit, as systemd does in production
# (deploy/systemd/): a worker can exit when its broker connection breaks under load. Its 500
# analyses in flight need more open files than a 1,024 soft limit (LimitNOFILE in its unit).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
scripts/supervise.sh "celery worker" "$BIN/celery" -A config worker --loglevel INFO \
  >"$RUN/worker.log" 2>&1 &
PIDS+=($!)
scripts/supervise.sh "celery beat" "$BIN/celery" -A config beat --loglevel INFO \
  --schedule "$RUN/beat-schedule" >"$RUN/beat.log" 2>&1 &
PIDS+=($!)
USER_ARG=()
[ "$(id -u)" -eq 0 ] && USER_ARG=(--user root)
"$BIN/python" deploy/nginx/render.py --listen "127.0.0.1:$PORT" --upstream "127.0.0.1:$APP_PORT" \
  --static-root "$VAR_DIR/static" --run-dir "$RUN/nginx" "${USER_ARG[@]}" >"$RUN/nginx/nginx.conf"
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
TZ=UTC "$NGINX" -c "$RUN/nginx/nginx.conf" -e "$RUN/nginx/error.log" -g "daemon off;" &
PIDS+=($!)

for _ in $(seq 100); do
  curl -fsS "http://127.0.0.1:$PORT/api/v1/health/ready" >/dev/null 2>&1 && break
  sleep 0.3
done
echo "stack: open http://127.0.0.1:$PORT/ (nginx; gunicorn on 127.0.0.1:$APP_PORT, a Celery worker and beat; logs in $RUN). Ctrl-C stops everything."
# gunicorn or nginx ending ends the stack (the worker and the beat are started again instead).
wait -n "${PIDS[@]}"
