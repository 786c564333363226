"""A whole deployment on loopback: its own PostgreSQL and Redis, the web under gunicorn behind
nginx, a Celery worker; a JSON client for it, and the invariants that must hold whatever happened
to it."""

from __future__ import annotations

import http.cookiejar
import json
import re
import secrets
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support.nginx import Nginx
from tests.support.server import Service, manage, start_celery_worker, start_gunicorn
from tests.support.services import PostgresServer, RedisServer, ServicesDirectory

SECRET_KEY = secrets.token_urlsafe(48)  # a key of this run: none from the repository signs
PASSWORD = "stack-password-2026-x"

INVARIANTS_SCRIPT = """
import json
from django.db.models import F, Q
from ai.models import ACTIVE_STATUSES, Analysis
from tokens.models import HoldStatus, TokenAccount, TokenHold
print(json.dumps({
    "active_analyses": Analysis.objects.filter(status__in=ACTIVE_STATUSES).count(),
    "open_holds": TokenHold.objects.filter(status=HoldStatus.OPEN).count(),
    "overdrawn_accounts": TokenAccount.objects.filter(
        Q(balance__lt=0) | Q(held__gt=F("balance")) | Q(held__lt=0)
    ).count(),
}))
"""


@dataclass(frozen=True)
class Invariants:
    reconcile_exit_code: int
    reconcile_output: str
    active_analyses: int
    open_holds: int
    overdrawn_accounts: int

    @property
    def hold(self) -> bool:
        return (
            self.reconcile_exit_code,
            self.active_analyses,
            self.open_holds,
            self.overdrawn_accounts,
        ) == (0, 0, 0, 0)


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    body: Any

    @property
    def code(self) -> str | None:
        return self.body.get("code") if isinstance(self.body, dict) else None


def call(
    base_url: str,
    method: str,
    path: str,
    body: Any = None,
    *,
    token: str | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30,
) -> Reply:
    """One JSON request; any HTTP status is an answer, only a dead connection raises."""
    sent = {"Content-Type": "application/json", **(headers or {})}
    if token:
        sent["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(  # noqa: S310 - loopback URL of a test server
        f"{base_url}{path}", data=data, headers=sent, method=method
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            status, received, raw = response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        status, received, raw = error.code, dict(error.headers), error.read()
    try:
        parsed = json.loads(raw) if raw else None
    except ValueError:
        parsed = raw.decode(errors="replace")
    return Reply(status, received, parsed)


class Stack:
    """PostgreSQL, Redis, `web_workers` gunicorn workers and (unless `worker=False`) a Celery
    worker, all configured by `env` on top of the stack's own database and Redis."""

    def __init__(
        self,
        name: str,
        env: dict[str, str] | None = None,
        *,
        web_workers: int = 2,
        worker: bool = True,
        worker_concurrency: int | None = None,
        durable: bool = False,
    ) -> None:
        self.directory = ServicesDirectory(f"deals-{name}-")
        self.path = self.directory.path
        self.postgres: PostgresServer | None = None
        self.redis: RedisServer | None = None
        self.web: Service | None = None
        self.nginx: Nginx | None = None
        self.worker: Service | None = None
        self.web_workers = web_workers
        self.worker_concurrency = worker_concurrency
        try:
            self.postgres = PostgresServer(self.path, durable=durable)
            self.redis = RedisServer(self.path)
            self.env = {
                "DATABASE_URL": self.postgres.url(),
                "REDIS_URL": self.redis.url,
                "CELERY_BROKER_URL": self.redis.url,
                "SECRET_KEY": SECRET_KEY,
                "DEBUG": "false",
                "SENTRY_DSN": "",
                "VAR_DIR": str(self.path / "var"),
                "TRUSTED_PROXY_COUNT": "1",  # nginx in front
                **(env or {}),
            }
            migrated = manage(self.env, "migrate", "--noinput")
            if migrated.returncode != 0:
                raise RuntimeError(f"migrate failed:\n{migrated.stdout}\n{migrated.stderr}")
            self.start_web()
            if worker:
                self.start_worker()
        except BaseException:
            self.close()
            raise

    @property
    def web_log(self) -> Path:
        return self.path / "web.log"

    @property
    def worker_log(self) -> Path:
        return self.path / "worker.log"

    def start_web(self) -> None:
        """gunicorn, and nginx in front of it as production runs them: `base_url` is nginx's,
        `app_url` gunicorn's own."""
        self.web, self.app_url = start_gunicorn(
            self.env, workers=self.web_workers, log=self.web_log
        )
        self.nginx = Nginx(
            self.app_url.removeprefix("http://"), self.path / "nginx", self.path / "var" / "static"
        )
        self.base_url = self.nginx.base_url

    def start_worker(self) -> None:
        self.worker = start_celery_worker(
            self.env, concurrency=self.worker_concurrency, log=self.worker_log
        )

    def call(self, method: str, path: str, body: Any = None, **kwargs: Any) -> Reply:
        return call(self.base_url, method, path, body, **kwargs)

    def register(self, email: str, password: str = PASSWORD) -> str:
        """A new user with the signup bonus; returns an access token."""
        created = self.call(
            "POST", "/api/v1/auth/register", {"email": email, "password": password, "name": "Load"}
        )
        if created.status != 201:
            raise RuntimeError(f"registration failed: {created}")
        token = self.call("POST", "/api/v1/auth/token", {"email": email, "password": password})
        return token.body["access"]

    def manage(self, *args: str, **env: str) -> Any:
        return manage({**self.env, **env}, *args)

    def admin_session(self, email: str, password: str = PASSWORD) -> urllib.request.OpenerDirector:
        """A superuser logged in to the admin through its login form, as a browser would."""
        created = self.manage(
            "createsuperuser",
            "--noinput",
            "--email",
            email,
            "--name",
            "Support",
            DJANGO_SUPERUSER_PASSWORD=password,
        )
        if created.returncode != 0:
            raise RuntimeError(f"createsuperuser failed:\n{created.stdout}\n{created.stderr}")
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        login = f"{self.base_url}/admin/login/"
        with opener.open(login, timeout=30) as page:
            csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode())
        form = {
            "csrfmiddlewaretoken": csrf.group(1),
            "username": email,
            "password": password,
            "next": "/admin/",
        }
        posted = urllib.request.Request(  # noqa: S310 - loopback URL of a test server
            login, data=urllib.parse.urlencode(form).encode(), headers={"Referer": login}
        )
        with opener.open(posted, timeout=30) as answer:
            if not answer.url.endswith("/admin/"):
                raise RuntimeError("the admin login did not succeed")
        return opener

    def admin_page(self, opener: urllib.request.OpenerDirector, path: str) -> str:
        with opener.open(f"{self.base_url}{path}", timeout=30) as page:
            return page.read().decode()

    def invariants(self) -> Invariants:
        reconciled = manage(self.env, "reconcile_tokens")
        counted = manage(self.env, "shell", "-c", INVARIANTS_SCRIPT)
        if counted.returncode != 0:
            raise RuntimeError(f"counting failed:\n{counted.stdout}\n{counted.stderr}")
        counts = json.loads(counted.stdout.strip().splitlines()[-1])
        return Invariants(
            reconcile_exit_code=reconciled.returncode,
            reconcile_output=(reconciled.stdout + reconciled.stderr)[-2000:],
            **counts,
        )

    def close(self) -> None:
        for service in (self.worker, self.nginx, self.web):
            if service is not None:
                service.stop()
        for server in (self.redis, self.postgres):
            if server is not None:
                server.close()
        self.directory.remove()
