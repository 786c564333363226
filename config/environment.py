"""Reading the environment strictly: booleans, numbers within their ranges, choices, and the
secret key (the environment's in production, checked for strength; in development a random key
made once for this checkout)."""

from __future__ import annotations

import contextlib
import math
import os
import secrets
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

env = environ.Env()

# Django's own `check --deploy` rule (security.W009): shorter or plainer keys are guessable.
MIN_LENGTH = 50
MIN_DISTINCT = 5


TRUE = frozenset({"1", "true", "yes", "on"})
FALSE = frozenset({"0", "false", "no", "off"})
# Where a copy of the repository keeps what is not source: never scanned for keys.
NOT_SOURCE = frozenset({"var", "node_modules", "__pycache__", "test-artifacts"})
SOURCE_FILE_MAX_BYTES = 2_000_000


def boolean(name: str, default: bool) -> bool:
    """Every boolean switch: true/false, 1/0, yes/no, on/off in any case; unset or empty is the
    default. Anything else (`ture`) stops the process at start, naming the variable."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of true/false, 1/0, yes/no, on/off; got {value!r}"
    )


def _read(name: str, default: float, kind: type, minimum: float, maximum: float | None) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        value = None
    outside = value is None or not math.isfinite(value) or value < minimum
    if outside or (maximum is not None and value > maximum):
        what = "a whole number" if kind is int else "a number"
        bounds = f"from {minimum} to {maximum}" if maximum is not None else f"at least {minimum}"
        raise ImproperlyConfigured(f"{name} must be {what} {bounds}; got {raw!r}")
    return value


def integer(name: str, default: int, minimum: int, maximum: int | None = None) -> int:
    """A whole-number setting; unset or empty is the default. A value that is not a whole number,
    or lies outside [minimum, maximum], stops the process at start, naming the variable."""
    return int(_read(name, default, int, minimum, maximum))


def number(name: str, default: float, minimum: float, maximum: float | None = None) -> float:
    """A decimal setting (seconds, say), read like `integer`."""
    return float(_read(name, default, float, minimum, maximum))


def choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    """One of `choices` (any case; unset or empty is the default), or the process stops."""
    value = os.environ.get(name, "").strip() or default
    for option in choices:
        if value.lower() == option.lower():
            return option
    raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}; got {value!r}")


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
    if not debug:
        found = _file_holding(key, Path(__file__).resolve().parent.parent)
        if found is not None:
            raise ImproperlyConfigured(
                f"SECRET_KEY appears in {found}: a key from the repository is known to everyone "
                "who can read it. Generate one with: "
                "python3 -c 'import secrets; print(secrets.token_urlsafe(64))'"
            )
    return key


def _file_holding(key: str, root: Path) -> Path | None:
    """The first source file under `root` that contains `key` (about 20 ms for the whole tree,
    once per process start in production): examples, test constants and old defaults are all
    public, whatever their strength."""
    needle = key.encode()
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = [
            name for name in subdirectories if not name.startswith(".") and name not in NOT_SOURCE
        ]
        for name in files:
            path = Path(directory, name)
            with contextlib.suppress(OSError):
                if path.stat().st_size <= SOURCE_FILE_MAX_BYTES and needle in path.read_bytes():
                    return path.relative_to(root)
    return None
