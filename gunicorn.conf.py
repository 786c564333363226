"""Gunicorn reads this file from the directory it starts in (the repository root).

In production nginx stands in front (deploy/nginx/agentic-deals.conf): it reads whole requests
before they reach a worker and answers what it refuses in the envelope. Gunicorn's own limits are
set at least as wide as nginx's, so that nothing nginx passes is refused here with gunicorn's
HTML page: a request line and header lines of up to 8190 bytes (nginx's 8 KiB buffers), and as
many header lines as fit in nginx's 32 KiB.
"""

import os

threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# GUNICORN_THREADS above 1 picks the threaded worker.
worker_class = "gthread" if threads > 1 else "sync"
limit_request_line = 8190
limit_request_field_size = 8190
limit_request_fields = 1000
# No control socket (gunicornc): its default path is one per user ($XDG_RUNTIME_DIR/gunicorn.ctl
# or ~/.gunicorn/gunicorn.ctl), so a second instance (make run beside make stack, a test's
# server) would take over the first's and remove it on exit. Nothing here uses it; stop and
# reload with signals (TERM, HUP) to the pid.
control_socket_disable = True
