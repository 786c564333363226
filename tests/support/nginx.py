"""nginx in front of a test server, with deploy/nginx/agentic-deals.conf as production runs it."""

from __future__ import annotations

import contextlib
import http.client
import os
import resource
import selectors
import shutil
import socket
import subprocess
import sys
import threading
import urllib.request
from collections import Counter
from pathlib import Path

from tests.support.server import ROOT, Service, free_port, wait_until

sys.path.insert(0, str(ROOT / "deploy/nginx"))
from render import Variable, nginx_json, nginx_quoted, render

__all__ = [
    "Nginx",
    "SlowBodies",
    "Variable",
    "check_config",
    "nginx_binary",
    "nginx_json",
    "nginx_quoted",
    "render",
    "request_from",
]


def nginx_binary() -> str:
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(binary):
        raise RuntimeError("nginx is missing: run scripts/ensure-nginx.sh")
    return binary


class Nginx:
    """nginx on a free loopback port, proxying to `upstream` (host:port); its configuration,
    logs and temporary files in `directory`."""

    def __init__(
        self, upstream: str, directory: Path, static_root: Path, *, body_deadline: int = 30
    ) -> None:
        binary = nginx_binary()
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        config = directory / "nginx.conf"
        self.config = render(
            listen=f"127.0.0.1:{self.port}",
            upstream=upstream,
            static_root=str(static_root),
            run_dir=str(directory),
            user="root" if os.geteuid() == 0 else None,
            body_deadline=body_deadline,
        )
        config.write_text(self.config)
        self.command = [binary, "-c", str(config), "-e", str(directory / "error.log")]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.start()

    def start(self) -> None:
        self.service = Service(
            "nginx",
            [*self.command, "-g", "daemon off;"],
            {"TZ": "UTC"},
            self.directory / "nginx.out",
        )

        def answers() -> bool:
            self.service.check_alive()
            try:
                urllib.request.urlopen(f"{self.base_url}/.nothing", timeout=2)  # noqa: S310
            except urllib.error.HTTPError:
                return True
            except OSError:
                return False
            return True

        try:
            wait_until(answers, timeout=20, what="nginx to answer")
        except BaseException:
            self.stop()
            raise

    @property
    def access_log(self) -> Path:
        return self.directory / "access.log"

    def stop(self) -> None:
        self.service.stop()

    def restart(self) -> None:
        """Stop it (a fast shutdown: open connections are closed) and start it on the same port."""
        self.stop()
        self.start()


def check_config(directory: Path) -> subprocess.CompletedProcess:
    """`nginx -t` on the rendered configuration."""
    command = [nginx_binary(), "-t", "-c", str(directory / "nginx.conf")]
    return subprocess.run(  # noqa: S603 - a fixed command line of our own
        [*command, "-e", str(directory / "error.log")],
        capture_output=True,
        text=True,
        timeout=30,
    )


def request_from(
    source: str,
    port: int,
    path: str,
    *,
    method: str = "GET",
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 10,
) -> tuple[int, bytes, dict[str, str]]:
    """One request to nginx on 127.0.0.1:`port`, the connection's source address being `source`
    (any of loopback's 127.0.0.0/8): to nginx, another client. Returns the status, body and
    headers; a connection that failed is status 0, with the error as the body."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=timeout, source_address=(source, 0)
    )
    try:
        connection.request(method, path, body=body, headers=headers or {})
        answer = connection.getresponse()
        return answer.status, answer.read(), dict(answer.getheaders())
    except (OSError, http.client.HTTPException) as error:
        return 0, repr(error).encode(), {}
    finally:
        connection.close()


def raise_file_limit(needed: int) -> None:
    """Let this process hold `needed` descriptors (root may also raise the hard limit)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < needed:
        hard = hard if hard == resource.RLIM_INFINITY else max(hard, needed)
        resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))


class SlowBodies:
    """`count` connections from `source`, each sending a POST's headers announcing a body of
    `length` bytes and then one byte of it every `interval` seconds: one address holding as many
    of nginx's connections as it can, each for as long as nginx lets it.

    `outcomes()` counts the connections by the status nginx answered, "closed" when nginx
    closed or reset one without an answer, and "open" while nginx waits for its body;
    `still_connected()` those nginx has not closed yet, answered or not. With `reconnect`, each
    connection nginx closes is opened again at the next byte's time, as a persistent attacker
    does."""

    def __init__(
        self,
        port: int,
        *,
        source: str,
        count: int,
        path: str = "/api/v1/client-errors",
        length: int = 100_000,
        interval: float = 2.0,
        reconnect: bool = False,
    ) -> None:
        raise_file_limit(count + 512)
        self.port, self.source, self.reconnect = port, source, reconnect
        self.finished: Counter = Counter()
        self.selector = selectors.DefaultSelector()
        self.outcome: dict[socket.socket, str] = {}
        self.received: dict[socket.socket, bytes] = {}
        self.ended: set[socket.socket] = set()
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.head = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {length}\r\n\r\n{{"
        ).encode()
        try:
            for _ in range(count):
                self._connect()
        except BaseException:
            self.close()
            raise
        self.feeder = threading.Thread(target=self._trickle, args=(interval,), daemon=True)
        self.feeder.start()

    def _connect(self) -> None:
        connection = socket.create_connection(
            ("127.0.0.1", self.port), timeout=30, source_address=(self.source, 0)
        )
        connection.sendall(self.head)
        connection.setblocking(False)
        self.outcome[connection] = "open"
        self.received[connection] = b""
        self.selector.register(connection, selectors.EVENT_READ)

    def _replace_ended(self) -> None:
        """A persistent attacker: each connection nginx closed is opened again."""
        for connection in list(self.ended):
            self.finished[self.outcome.pop(connection)] += 1
            del self.received[connection]
            self.ended.discard(connection)
            connection.close()
            with contextlib.suppress(OSError):
                self._connect()

    def _trickle(self, interval: float) -> None:
        while not self.stopped.wait(interval):
            with self.lock:
                self._read(0)
                # Answered or not: a refused request's body is still being read and discarded.
                for connection in self.outcome.keys() - self.ended:
                    try:
                        connection.send(b" ")
                    except OSError:
                        self.selector.unregister(connection)
                        self.ended.add(connection)
                        if self.outcome[connection] == "open":
                            self.outcome[connection] = "closed"
                if self.reconnect:
                    self._replace_ended()

    def _read(self, timeout: float) -> None:
        for key, _ in self.selector.select(timeout):
            connection = key.fileobj
            try:
                chunk = connection.recv(65536)
            except BlockingIOError:
                continue
            except OSError:
                chunk = b""
            if chunk:
                self.received[connection] += chunk
                status_line = self.received[connection].split(b"\r\n", 1)[0].split()
                if len(status_line) > 1 and status_line[1].isdigit():
                    self.outcome[connection] = status_line[1].decode()
                continue
            self.selector.unregister(connection)
            self.ended.add(connection)
            if self.outcome[connection] == "open":
                self.outcome[connection] = "closed"

    def outcomes(self) -> Counter:
        """Each connection's outcome, with those of connections already replaced."""
        with self.lock:
            self._read(0.2)
            return Counter(self.outcome.values()) + self.finished

    def still_connected(self) -> int:
        with self.lock:
            self._read(0.2)
            return len(self.outcome) - len(self.ended)

    def bodies(self, status: str) -> list[bytes]:
        """The bodies of the answers with this status, as received so far."""
        with self.lock:
            return [
                self.received[connection].partition(b"\r\n\r\n")[2]
                for connection, outcome in self.outcome.items()
                if outcome == status
            ]

    def close(self) -> None:
        self.stopped.set()
        if hasattr(self, "feeder"):
            self.feeder.join()
        for connection in self.outcome:
            connection.close()
        self.selector.close()
