"""Render deploy/nginx/agentic-deals.conf: fill its placeholders, and write the error pages nginx
answers itself (from the error catalogue) and the Allow header of its own 405 (from the URLconf).

    python deploy/nginx/render.py --listen 127.0.0.1:8080 --upstream 127.0.0.1:8001 \\
        --static-root var/static --run-dir /tmp/nginx > /tmp/nginx/nginx.conf

(--body-deadline, seconds for a request's whole body, defaults to 30.)

It imports the application: run it with the virtualenv's python and the application's
environment (DATA_UPLOAD_MAX_MEMORY_SIZE is the 413's details.max_bytes).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TEMPLATE = Path(__file__).with_name("agentic-deals.conf")
ROOT = Path(__file__).resolve().parents[2]

# Each status nginx answers itself, and the catalogue code of its body. Every one but 404 gets a
# server-wide error_page line; 404 is nginx's own only under /static/ (location / passes the
# application's 404 through), so the template's static location sends it to its page.
# 494 is nginx's "request header too large": it answers as HTTP's 431, the class's status.
# 499 has no page: nginx logs it when the client closed the connection before the answer, and it
# finalizes such a request without sending anything, so no client could ever read one.
# 408 keeps its page, although nginx 1.22 only logs 408 and closes a timed-out connection without
# answering: unlike 499's, that client may still be listening, and any answer it gets is the
# envelope.
NGINX_ERRORS: dict[int, str] = {
    400: "VALIDATION_BAD_REQUEST",
    404: "RESOURCE_NOT_FOUND",
    405: "HTTP_405",
    408: "HTTP_408",
    413: "HTTP_413",
    414: "HTTP_414",
    429: "RATE_LIMIT_EXCEEDED",
    494: "HTTP_431",
    500: "SYSTEM_UNHANDLED_ERROR",
    501: "HTTP_501",
    502: "HTTP_502",
    503: "SYSTEM_OVERLOADED",
    504: "HTTP_504",
    505: "HTTP_505",
}
STATIC_ONLY = {404}
# The sign-in limit's 429 (limit_req, 2 per second): its Retry-After, in seconds.
RETRY_SIGN_IN_AFTER = 1
BODY_DEADLINE = 30
API_PREFIX = "/api/v1/"
# What a path segment captured by a route becomes in the map: anything up to the next slash.
SEGMENT = "[^/]+"


@dataclass(frozen=True)
class Variable:
    """An nginx variable inside a generated body: written `$name`, filled in per request."""

    name: str


REQUEST_ID = Variable("request_id")
UTC_TIME = Variable("utc_time")  # the template's map of $time_iso8601


def setup_django() -> None:
    """Make the application importable; a no-op where Django is set up already (the tests)."""
    from django.apps import apps

    if apps.ready:
        return
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Settings refuse to start without a key when DEBUG is false. Rendering signs nothing and the
    # output does not depend on the key, so a box that renders the file without the application's
    # secrets (a build step, a configuration manager) gets a random key for this process alone,
    # never a constant from the repository, instead of a refusal that protects nothing here.
    if not os.environ.get("SECRET_KEY"):
        os.environ["SECRET_KEY"] = secrets.token_urlsafe(64)
    import django

    django.setup()


def nginx_json(value: Any) -> str:
    """`value` as JSON text for an nginx string: its Variables as nginx variables, and any
    literal `$` as JSON's \\u0024, since nginx has no escape for `$` and would read a variable."""
    if isinstance(value, Variable):
        return f'"${value.name}"'
    if isinstance(value, dict):
        members = (f"{nginx_json(str(key))}:{nginx_json(item)}" for key, item in value.items())
        return "{" + ",".join(members) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(nginx_json(item) for item in value) + "]"
    return json.dumps(value).replace("$", "\\u0024")


def nginx_quoted(text: str, quote: str = '"') -> str:
    """`text` as an nginx quoted string that nginx reads back as exactly `text`; a `$` in it
    still names a variable where the directive takes them.

    nginx turns \\" \\' \\\\ into the character and \\t \\r \\n into a tab, return and newline,
    and keeps any other backslash; so a backslash before one of those (or last) is doubled.
    """
    quoted = []
    for index, char in enumerate(text):
        if char == "\\" and text[index + 1 : index + 2] in ("", '"', "'", "\\", "t", "r", "n"):
            quoted.append("\\\\")
        elif char == quote:
            quoted.append("\\" + quote)
        else:
            quoted.append(char)
    return quote + "".join(quoted) + quote


def error_pages() -> str:
    """The error_page lines and the `location = /.errors/NNN` blocks, one per NGINX_ERRORS."""
    from django.conf import settings

    import errors.exceptions  # noqa: F401 - defining the error classes fills the catalogue
    from errors.base import CATALOGUE

    details = {
        "HTTP_413": {"max_bytes": settings.DATA_UPLOAD_MAX_MEMORY_SIZE},
        # The envelope promises an unhandled error an id to quote; nginx's is its request id.
        "SYSTEM_UNHANDLED_ERROR": {"error_id": REQUEST_ID},
    }
    retry_after = {"RATE_LIMIT_EXCEEDED": RETRY_SIGN_IN_AFTER}
    headers = {"HTTP_405": {"Allow": "$allowed_methods"}}
    lines, locations = [], []
    for nginx_status, code in sorted(NGINX_ERRORS.items()):
        error = CATALOGUE[code](details=details.get(code), retry_after=retry_after.get(code))
        status = error.status_code
        uri = f"/.errors/{status}"
        if nginx_status not in STATIC_ONLY:
            answer = "" if status == nginx_status else f"={status} "
            lines.append(f"error_page {nginx_status} {answer}{uri};")
        body = {
            "status": "error",
            "code": error.code,
            "message": error.message,
            "details": error.details,
            "request_id": REQUEST_ID,
            "timestamp": UTC_TIME,
        }
        added = {**headers.get(code, {}), **error.headers}
        body_text = nginx_quoted(nginx_json(body), quote="'")
        block = [
            "internal;",
            "default_type application/json;",
            "add_header X-Request-ID $request_id always;",
            *(f"add_header {name} {value} always;" for name, value in added.items()),
            f"return {status} {body_text};",
        ]
        inside = textwrap.indent("\n".join(block), "    ")
        locations.append(f"location = {uri} {{\n{inside}\n}}")
    return "\n".join([*lines, "", *locations])


def allowed_methods() -> str:
    """The map's lines: each API route's path as nginx sees it in $request_uri (an optional
    trailing slash and query string), and the methods its view allows."""
    from config import urls

    entries = {}
    for pattern in urls.api_v1:
        route = pattern.pattern.regex.pattern
        route = re.sub(r"\(\?P<\w+>[^()]*\)", SEGMENT, route.removeprefix("^"))
        route = route.removesuffix("$").removesuffix(r"\Z").removesuffix("/?")
        if "(" in route:
            raise ValueError(f"{pattern.pattern}: only routes whose groups are named and flat map")
        view = pattern.callback
        methods = view.view_class(**view.view_initkwargs).allowed_methods
        entries[f"~^{API_PREFIX}{route}/?(\\?.*)?$"] = ", ".join(methods)
    return "\n".join(
        f"{nginx_quoted(path)} {nginx_quoted(methods)};"
        for path, methods in sorted(entries.items())
    )


def _fill(text: str, placeholder: str, block: str) -> str:
    """Put `block` where `placeholder` stands alone on its line, at the line's indentation."""
    line = re.compile(rf"^([ \t]*){re.escape(placeholder)}\n", re.MULTILINE)
    if len(line.findall(text)) != 1:
        raise ValueError(f"{TEMPLATE.name} must have {placeholder} once, alone on its line")
    return line.sub(lambda match: textwrap.indent(block, match[1]) + "\n", text)


def render(
    *,
    listen: str,
    upstream: str,
    static_root: str,
    run_dir: str,
    user: str | None = None,
    body_deadline: int = BODY_DEADLINE,
) -> str:
    setup_django()
    values = {
        "@LISTEN@": listen,
        "@UPSTREAM@": upstream,
        "@STATIC_ROOT@": str(Path(static_root).resolve()),
        "@RUN_DIR@": str(Path(run_dir).resolve()),
        "@BODY_DEADLINE@": str(int(body_deadline)),
    }
    text = TEMPLATE.read_text()
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    text = _fill(text, "@ERROR_PAGES@", error_pages())
    text = _fill(text, "@ALLOWED_METHODS@", allowed_methods())
    # The user nginx's workers run as (nginx's own default, nobody, when not given).
    return f"user {user};\n{text}" if user else text


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    for name in ("--listen", "--upstream", "--static-root", "--run-dir"):
        parser.add_argument(name, required=True)
    parser.add_argument("--user", help="the user nginx's workers run as")
    parser.add_argument("--body-deadline", type=int, default=BODY_DEADLINE, help="seconds")
    args = parser.parse_args()
    print(
        render(
            listen=args.listen,
            upstream=args.upstream,
            static_root=args.static_root,
            run_dir=args.run_dir,
            user=args.user,
            body_deadline=args.body_deadline,
        ),
        end="",
    )


if __name__ == "__main__":
    main()
