"""The embedded default's conveniences, run as a newcomer runs them: `make run` (scripts/run.sh)
on an existing var/ with another environment, `make admin` and `make reset`, in a shell that has
none of the suite's DATABASE_URL, REDIS_URL or SECRET_KEY."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.support.server import ROOT, start_embedded
from tests.support.stack import call

PASSWORD = "make-target-password-2026"


def _shell(var: Path, **env: str) -> dict[str, str]:
    basics = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    return {**basics, "VAR_DIR": str(var), "BIN": str(Path(sys.executable).parent), **env}


def _make(target: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - a fixed command line of our own
        ["make", "-s", target, f"BIN={Path(sys.executable).parent}"],  # noqa: S607
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_make_run_starts_again_on_its_data_with_another_bonus_and_cost(tmp_path: Path) -> None:
    var = tmp_path / "var"
    first, _ = start_embedded({"VAR_DIR": str(var), "SIGNUP_BONUS_TOKENS": "100"})
    first.stop()
    again, base_url = start_embedded(
        {"VAR_DIR": str(var), "SIGNUP_BONUS_TOKENS": "250", "AI_ANALYSIS_COST": "7"}
    )
    try:
        demo = call(
            base_url,
            "POST",
            "/api/v1/auth/token",
            {"email": "demo@example.com", "password": "demo-password-2026"},
        )
        assert demo.status == 200
        token = demo.body["access"]
        balance = call(base_url, "GET", "/api/v1/tokens/balance", token=token)
        assert balance.body["balance"] == 100  # the demo user's bonus stays what it was
        deal = call(
            base_url, "POST", "/api/v1/deals", {"title": "Kettle", "price": "9.00"}, token=token
        )
        analysis = call(base_url, "POST", f"/api/v1/deals/{deal.body['id']}/analyses", token=token)
        assert (analysis.status, analysis.body["cost"]) == (202, 7)
        newcomer = call(
            base_url,
            "POST",
            "/api/v1/auth/register",
            {"email": "new@example.com", "password": PASSWORD, "name": "New"},
        )
        assert newcomer.status == 201
        output = again.output()
    finally:
        again.stop()
    assert "No hostname was supplied" not in output
    assert "Traceback" not in output


def test_make_admin_creates_a_superuser_on_the_embedded_default(tmp_path: Path) -> None:
    var = tmp_path / "var"
    made = _make(
        "admin",
        _shell(
            var,
            DJANGO_SUPERUSER_EMAIL="root@example.com",
            DJANGO_SUPERUSER_NAME="Root",
            DJANGO_SUPERUSER_PASSWORD=PASSWORD,
        ),
    )
    assert made.returncode == 0, made.stdout + made.stderr
    assert "Traceback" not in made.stderr
    with sqlite3.connect(var / "db.sqlite3") as database:
        users = database.execute(
            "SELECT email, is_superuser, is_staff FROM accounts_user"
        ).fetchall()
    assert users == [("root@example.com", 1, 1)]


def test_make_admin_without_a_terminal_names_the_variables_it_needs(tmp_path: Path) -> None:
    made = _make("admin", _shell(tmp_path / "var", DJANGO_SUPERUSER_EMAIL="root@example.com"))
    assert made.returncode != 0
    assert "DJANGO_SUPERUSER_NAME DJANGO_SUPERUSER_PASSWORD" in made.stderr
    assert "Traceback" not in made.stderr


def test_make_reset_deletes_the_data_and_the_development_key(tmp_path: Path) -> None:
    var = tmp_path / "var"
    var.mkdir()
    for name in ("db.sqlite3", "db.sqlite3-wal", "secret_key"):
        (var / name).write_text("x")
    (var / "static").mkdir()
    (var / "static" / "app.css").write_text("x")
    reset = _make("reset", _shell(var))
    assert reset.returncode == 0, reset.stderr
    assert list(var.iterdir()) == []
    assert (Path(sys.executable).parent / "python").exists()


def test_make_reset_on_a_fresh_clone_has_nothing_to_do(tmp_path: Path) -> None:
    reset = _make("reset", _shell(tmp_path / "var"))
    assert reset.returncode == 0, reset.stderr
    assert "nothing to delete" in reset.stdout


def test_after_make_reset_no_old_token_reaches_the_next_person(tmp_path: Path) -> None:
    """Ids start again at 1 on the new data: Grace's old token must not answer as Mallory."""
    var = tmp_path / "var"
    service, base_url = start_embedded({"VAR_DIR": str(var)})
    try:
        refused = _make("reset", _shell(var))
        assert refused.returncode != 0
        assert "stop it" in refused.stderr
        grace = _sign_up(base_url, "grace@example.com")
    finally:
        service.stop()
    assert _make("reset", _shell(var)).returncode == 0
    service, base_url = start_embedded({"VAR_DIR": str(var)})
    try:
        mallory = _sign_up(base_url, "mallory@example.com")
        assert mallory["id"] == grace["id"]  # the same id, another person
        me = call(base_url, "GET", "/api/v1/auth/me", token=grace["access"])
        assert me.status == 401, me.body
        assert me.body["code"] == "AUTH_TOKEN_INVALID"
        again = call(base_url, "POST", "/api/v1/auth/token/refresh", {"refresh": grace["refresh"]})
        assert again.status == 401
    finally:
        service.stop()


def _sign_up(base_url: str, email: str) -> dict:
    user = call(
        base_url,
        "POST",
        "/api/v1/auth/register",
        {"email": email, "password": PASSWORD, "name": email.split("@")[0].title()},
    )
    assert user.status == 201, user.body
    pair = call(base_url, "POST", "/api/v1/auth/token", {"email": email, "password": PASSWORD})
    return {"id": user.body["id"], **pair.body}
