"""Reading the environment strictly: booleans, and the secret key (the environment's in
production, checked for strength; in development a random key made once for this checkout)."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

env = environ.Env()

# Django's own `check --deploy` rule (security.W009): shorter or plainer keys are guessable.
MIN_LENGTH = 50
MIN_DISTINCT = 5


def boolean(name: str, default: bool) -> bool:
    """A boolean variable, refused at start unless it is clearly true or false."""
    value = env.str(name, default=str(default)).strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, got {value!r}")


def _development_key(path: Path) -> str:
    """Made once and kept in var/: never a constant from the repository, which anyone could use
    to sign tokens that every development instance accepts."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".{path.name}.{os.getpid()}")
        with os.fdopen(os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as out:
            out.write(secrets.token_urlsafe(64))
        # A link never replaces a key that another process made meanwhile.
        with contextlib.suppress(FileExistsError):
            os.link(draft, path)
        draft.unlink()
    return path.read_text().strip()


def secret_key(key: str, *, debug: bool, var_dir: Path) -> str:
    if not key and debug:
        return _development_key(var_dir / "secret_key")
    if not key:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production (DEBUG=false) refuses to start without it; "
            "set SECRET_KEY, or DEBUG=true for local development."
        )
    weak = len(key) < MIN_LENGTH or len(set(key)) < MIN_DISTINCT
    if (weak or key.startswith("django-insecure-")) and not debug:
        raise ImproperlyConfigured(
            f"SECRET_KEY is too weak for production (DEBUG=false): it needs at least "
            f"{MIN_LENGTH} characters, {MIN_DISTINCT} of them distinct, and no "
            "'django-insecure-' prefix. "
            "Generate one with: python3 -c 'import secrets; print(secrets.token_urlsafe(64))'"
        )
    return key
