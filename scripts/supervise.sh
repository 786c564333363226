#!/usr/bin/env bash
# supervise.sh NAME COMMAND...: run COMMAND and start it again a second after it exits, as
# systemd's Restart=always does in production (deploy/systemd/). TERM or INT is passed on to the
# command and ends the loop. `make stack` and `make chaos` run the Celery worker and the beat
# under it: a worker whose broker connection breaks with messages unacknowledged can exit
# ("Unrecoverable error" in kombu's Redis transport), and the analyses it held are delivered
# again only to a worker that is running.
set -u
NAME=$1
shift
child=0
stopping=0
stop() {
  stopping=1
  [ "$child" -ne 0 ] && kill -TERM "$child" 2>/dev/null
}
trap stop TERM INT
while :; do
  "$@" &
  child=$!
  # A TERM that came before $child was known is passed on now.
  [ "$stopping" -eq 1 ] && kill -TERM "$child" 2>/dev/null
  wait "$child"
  status=$?
  # A trapped signal interrupts wait (status above 128); wait again until the command has ended.
  while kill -0 "$child" 2>/dev/null; do
    wait "$child"
    status=$?
  done
  [ "$stopping" -eq 1 ] && exit 0
  echo "supervise: $NAME exited with status $status; starting it again in 1 s" >&2
  sleep 1 &
  wait $! || true
  [ "$stopping" -eq 1 ] && exit 0
done
