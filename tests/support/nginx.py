"""nginx in front of a test server, with deploy/nginx/agentic-deals.conf as production runs it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

from tests.support.server import ROOT, Service, free_port, wait_until

sys.path.insert(0, str(ROOT / "deploy/nginx"))
from render import Variable, nginx_json, nginx_quoted, render

__all__ = [
    "Nginx",
    "Variable",
    "check_config",
    "nginx_binary",
    "nginx_json",
    "nginx_quoted",
    "render",
]


def nginx_binary() -> str:
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(binary):
        raise RuntimeError("nginx is missing: run scripts/ensure-nginx.sh")
    return binary


class Nginx:
    """nginx on a free loopback port, proxying to `upstream` (host:port); its configuration,
    logs and temporary files in `directory`."""

    def __init__(self, upstream: str, directory: Path, static_root: Path) -> None:
        binary = nginx_binary()
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        config = directory / "nginx.conf"
        config.write_text(
            render(
                listen=f"127.0.0.1:{self.port}",
                upstream=upstream,
                static_root=str(static_root),
                run_dir=str(directory),
                user="root" if os.geteuid() == 0 else None,
            )
        )
        command = [binary, "-c", str(config), "-e", str(directory / "error.log")]
        self.service = Service(
            "nginx",
            [*command, "-g", "daemon off;"],
            {"TZ": "UTC"},
            directory / "nginx.out",
        )
        self.base_url = f"http://127.0.0.1:{self.port}"

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


def check_config(directory: Path) -> subprocess.CompletedProcess:
    """`nginx -t` on the rendered configuration."""
    command = [nginx_binary(), "-t", "-c", str(directory / "nginx.conf")]
    return subprocess.run(  # noqa: S603 - a fixed command line of our own
        [*command, "-e", str(directory / "error.log")],
        capture_output=True,
        text=True,
        timeout=30,
    )
