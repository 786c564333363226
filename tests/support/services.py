"""A PostgreSQL and a Redis of a test's own, on fixed loopback ports, that it may stop and start
again without disturbing the ones the rest of the suite shares (scripts/with-test-services.sh)."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from tests.support.server import free_port, wait_until


def _pg_binary(name: str) -> str:
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None
    )
    if found is None:
        raise RuntimeError(f"PostgreSQL's {name} was not found")
    return found


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.getuid() == 0 else command


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")


class PostgresServer:
    """initdb'd in a temporary directory; `stop()` and `start()` keep its port and its data.

    Every commit reaches the WAL before it is acknowledged, so a crash of PostgreSQL loses none;
    `durable` also keeps fsync and full-page writes, which only a crash of the machine needs."""

    def __init__(self, directory: Path, *, durable: bool = False) -> None:
        self.durable = durable
        self.port = free_port()
        self.data = directory / "pg"
        self.sockets = directory / "pg-sockets"
        for path in (self.data, self.sockets):
            path.mkdir(parents=True)
            if os.getuid() == 0:
                shutil.chown(path, "postgres")
        os.chmod(directory, 0o755)  # noqa: S103 - the postgres user must reach its data
        _run(
            _as_postgres(
                [
                    *(_pg_binary("initdb"), "-D", str(self.data), "-A", "trust"),
                    *("-U", "postgres", "-E", "UTF8", "--no-sync"),
                ]
            )
        )
        self.start()
        try:
            self.psql("CREATE DATABASE deals")
        except BaseException:
            self.close()
            raise

    def url(self, database: str = "deals") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        durability = "on" if self.durable else "off"
        options = (
            f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1 "
            f"-c fsync={durability} -c full_page_writes={durability} -c max_connections=200"
        )
        log = self.sockets / "postgres.log"
        _run(
            _as_postgres(
                [
                    *(_pg_binary("pg_ctl"), "-D", str(self.data), "-l", str(log)),
                    *("-w", "-t", "30", "-o", options, "start"),
                ]
            )
        )

    def stop(self, mode: str = "fast") -> None:
        """`fast` disconnects every client, as a crash or a failover would, then shuts down."""
        _run(_as_postgres([_pg_binary("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"]))

    def psql(self, sql: str, database: str = "postgres") -> str:
        result = subprocess.run(  # noqa: S603 - a fixed command line of our own
            [
                *("psql", "-h", "127.0.0.1", "-p", str(self.port)),
                *("-U", "postgres", "-d", database, "-qtAc", sql),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout.strip()

    def close(self) -> None:
        subprocess.run(  # noqa: S603 - a fixed command line of our own
            _as_postgres([_pg_binary("pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]),
            capture_output=True,
            check=False,
        )


class RedisServer:
    """No persistence: a restart comes back empty, as a Redis used for cache and broker may."""

    def __init__(self, directory: Path) -> None:
        if shutil.which("redis-server") is None:
            raise RuntimeError("redis-server is missing: make test installs it")
        self.port = free_port()
        self.directory = directory / "redis"
        self.directory.mkdir(parents=True)
        self.pidfile = self.directory / "redis.pid"
        try:
            self.start()
        except BaseException:
            self._kill()  # daemonized already: nothing else would stop it
            raise

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def ping(self) -> bool:
        result = subprocess.run(  # noqa: S603 - a fixed command line of our own
            ["redis-cli", "-p", str(self.port), "ping"],  # noqa: S607 - on PATH, as for make test
            capture_output=True,
            text=True,
            check=False,
        )
        return result.stdout.strip() == "PONG"

    def start(self) -> None:
        _run(
            [
                *("redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""),
                *("--appendonly", "no", "--daemonize", "yes", "--pidfile", str(self.pidfile)),
                *("--dir", str(self.directory), "--logfile", str(self.directory / "redis.log")),
            ]
        )
        wait_until(self.ping, timeout=10, what="Redis to answer")

    def stop(self) -> None:
        subprocess.run(  # noqa: S603 - a fixed command line of our own
            ["redis-cli", "-p", str(self.port), "shutdown", "nosave"],  # noqa: S607
            capture_output=True,
            check=False,
        )
        wait_until(lambda: not self.ping(), timeout=10, what="Redis to stop")

    def kill(self) -> None:
        """SIGKILL, as a crash or an OOM kill: no goodbye to any client. `start()` brings it back,
        empty, on the same port."""
        os.kill(int(self.pidfile.read_text()), signal.SIGKILL)
        wait_until(lambda: not self.ping(), timeout=10, what="Redis to die")
        self.pidfile.unlink(missing_ok=True)

    def _kill(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            os.kill(int(self.pidfile.read_text()), signal.SIGTERM)

    def close(self) -> None:
        if self.ping():
            self.stop()


class ServicesDirectory:
    """A temporary directory that PostgreSQL (run as `postgres`) may enter."""

    def __init__(self, prefix: str) -> None:
        self.path = Path(tempfile.mkdtemp(prefix=prefix))
        os.chmod(self.path, 0o755)  # noqa: S103 - the postgres user must reach its data

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
