"""nginx in front of gunicorn, as production runs them (deploy/nginx/agentic-deals.conf): what
nginx refuses itself answers in the envelope with the id its log line carries, each page and the
Allow header of its 405 written by render.py from the catalogue and the URLconf; one request id
runs from the edge to the application's log, slow clients hold nginx and not gunicorn's workers,
a spoofed X-Forwarded-For is not believed, the admin works on whatever host and port the client
used, and two gunicorn instances share no control socket."""

from __future__ import annotations

import contextlib
import http.cookiejar
import itertools
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import resolve, reverse

from config.urls import api_v1
from errors.base import CATALOGUE
from tests.support.nginx import (
    Nginx,
    Variable,
    check_config,
    nginx_binary,
    nginx_json,
    nginx_quoted,
    render,
)
from tests.support.server import ROOT, Service, free_port, start_gunicorn, wait_until
from tests.support.stack import Stack, call

# Each status nginx answers itself, and the catalogue code its body is. 494 is nginx's "request
# header too large", answered as 431. 499 (the client closed the connection) is never sent.
NGINX_ANSWERS = {
    400: "VALIDATION_BAD_REQUEST",
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
# nginx's own 404 is only for /static/; every other 404 is the application's.
STATIC_ANSWERS = {404: "RESOURCE_NOT_FOUND"}
# The site as users reach it through something in front of nginx that ends TLS on port 8443
# and forwards plain HTTP with the Host the browser sent.
PUBLIC_HOST = "deals.example"
PUBLIC_URL = f"https://{PUBLIC_HOST}:8443"
ADMIN_PASSWORD = "proxy-admin-password-2026"


@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    deployment = Stack(
        "proxy",
        {
            "LOG_LEVEL": "INFO",
            "PUBLIC_URL": PUBLIC_URL,
            "ALLOWED_HOSTS": f"127.0.0.1,{PUBLIC_HOST}",
        },
        worker=False,
        web_workers=2,
    )
    try:
        yield deployment
    finally:
        deployment.close()


def exchange(port: int, raw: bytes) -> tuple[int, dict[str, str], dict]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(raw)
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
            if b"\r\n\r\n" in received and received.endswith(b"}"):
                break
    head, _, body = received.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in header_lines if ": " in line)
    return int(status_line.split()[1]), headers, json.loads(body)


def rendered(directory: Path) -> str:
    """The configuration as render.py writes it, also saved as `directory`/nginx.conf."""
    directory.mkdir(parents=True, exist_ok=True)
    configuration = render(
        listen=f"127.0.0.1:{free_port()}",
        upstream="127.0.0.1:9",
        static_root=str(directory / "static"),
        run_dir=str(directory),
    )
    (directory / "nginx.conf").write_text(configuration)
    return configuration


def unquoted(text: str) -> str:
    """What nginx reads from the inside of a quoted string."""
    controls = {"t": "\t", "r": "\r", "n": "\n"}
    return re.sub(r"\\([\"'\\trn])", lambda escape: controls.get(escape[1], escape[1]), text)


def error_pages(configuration: str) -> dict[str, tuple[int, dict[str, str], str]]:
    """Each `location = /.errors/NNN`, by URI: the status it returns, the headers it adds, and
    its body as nginx reads it."""
    pages = {}
    for uri, block in re.findall(r"location = (\S+) \{\n(.*?)\n *\}\n", configuration, re.S):
        headers = dict(re.findall(r"add_header (\S+) (\S+) always;", block))
        status, body = re.search(r"return (\d{3}) '((?:[^'\\]|\\.)*)';", block).groups()
        pages[uri] = (int(status), headers, unquoted(body))
    return pages


def allowed_by_map(configuration: str, uri: str) -> str:
    """The value nginx's map gives a request whose $request_uri is `uri`: its first regex that
    matches, or its default."""
    block = re.search(r"map \$request_uri \$allowed_methods \{\n(.*?)\n *\}", configuration, re.S)
    for pattern, methods in re.findall(r'"~([^"]*)" "([^"]*)";', block[1]):
        if re.search(unquoted(pattern), uri):
            return unquoted(methods)
    return re.search(r'default "([^"]*)";', block[1])[1]


@contextlib.contextmanager
def serving(configuration: str, directory: Path, port: int) -> Iterator[str]:
    """nginx with this whole configuration, listening on `port`; its base URL."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "nginx.conf").write_text(configuration)
    command = [nginx_binary(), "-c", str(directory / "nginx.conf")]
    command += ["-e", str(directory / "error.log"), "-g", "daemon off;"]
    service = Service("nginx", command, {}, directory / "nginx.out")

    def listening() -> bool:
        service.check_alive()
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return True
        return False

    try:
        wait_until(listening, timeout=20, what="nginx to listen")
        yield f"http://127.0.0.1:{port}"
    finally:
        service.stop()


def logged(path: Path, request_id: str) -> list[dict]:
    return [
        json.loads(line)
        for line in path.read_text().splitlines()
        if line.startswith("{") and request_id in line
    ]


@pytest.mark.parametrize(
    ("raw", "status", "code"),
    [
        (b"GET /api/v1/health?" + b"q" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414, "HTTP_414"),
        (
            b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 9000 + b"\r\n\r\n",
            431,
            "HTTP_431",
        ),
        (
            b"POST /api/v1/deals HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n",
            413,
            "HTTP_413",
        ),
        (b"NOT A REQUEST\r\n\r\n", 400, "VALIDATION_BAD_REQUEST"),
        (b"TRACE /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n", 405, "HTTP_405"),
        (
            b"POST /api/v1/deals HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
            501,
            "HTTP_501",
        ),
        (
            b"GET /static/app.css HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: foo\r\n\r\n",
            501,
            "HTTP_501",
        ),
        (b"GET /api/v1/health HTTP/2.0\r\nHost: x\r\n\r\n", 505, "HTTP_505"),
        (b"GET /static/app.css HTTP/9.9\r\nHost: x\r\n\r\n", 505, "HTTP_505"),
        (b"GET /api/v1/health HTTP/3.0\r\nHost: x\r\n\r\n", 505, "HTTP_505"),
        (b"GET /static/missing.css HTTP/1.1\r\nHost: x\r\n\r\n", 404, "RESOURCE_NOT_FOUND"),
    ],
    ids=[
        "414",
        "431",
        "413",
        "400",
        "405",
        "501",
        "501-static",
        "505-http2",
        "505-static-http9",
        "505-http3",
        "404-static",
    ],
)
def test_what_nginx_refuses_is_the_envelope_with_the_id_of_its_log_line(
    stack: Stack, raw: bytes, status: int, code: str
) -> None:
    answered, headers, body = exchange(stack.nginx.port, raw)
    assert (answered, body["status"], body["code"]) == (status, "error", code)
    assert headers["Content-Type"] == "application/json"
    assert body["message"] == CATALOGUE[code].message
    assert body["request_id"] == headers["X-Request-ID"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", body["timestamp"])
    assert set(body) == {"status", "code", "message", "details", "request_id", "timestamp"}
    wait_until(
        lambda: logged(stack.nginx.access_log, body["request_id"]),
        timeout=5,
        what="nginx's log line",
    )
    (line,) = logged(stack.nginx.access_log, body["request_id"])
    assert line["status"] == status


def test_every_status_nginx_answers_itself_has_a_page_and_no_other(tmp_path: Path) -> None:
    configuration = rendered(tmp_path)
    routed = {
        int(status): (int(answer or status), uri)
        for status, answer, uri in re.findall(
            r"^ *error_page (\d{3}) (?:=(\d{3}) )?(\S+);$", configuration, re.MULTILINE
        )
    }
    expected = {
        status: (CATALOGUE[code].status_code, f"/.errors/{CATALOGUE[code].status_code}")
        for status, code in (NGINX_ANSWERS | STATIC_ANSWERS).items()
    }
    assert routed == expected
    assert routed[494] == (431, "/.errors/431")
    assert re.search(r"location /static/ \{[^}]*\n *error_page 404 /\.errors/404;", configuration)
    assert set(error_pages(configuration)) == {uri for _, uri in routed.values()}


def test_each_page_is_the_catalogues_entry_in_the_envelope(tmp_path: Path) -> None:
    configuration = rendered(tmp_path)
    pages = error_pages(configuration)
    # The sign-in limit's 429 says when to try again (limit_req: 2 a second).
    sign_in_retry = {"RATE_LIMIT_EXCEEDED": 1}
    for code in (NGINX_ANSWERS | STATIC_ANSWERS).values():
        entry = CATALOGUE[code]
        retry_after = sign_in_retry.get(code, entry.retry_after)
        status, headers, text = pages[f"/.errors/{entry.status_code}"]
        assert set(re.findall(r"\$\w+", text)) == {"$request_id", "$utc_time"}, code
        body = json.loads(text.replace("$request_id", "the-id").replace("$utc_time", "the-time"))
        details = {
            "HTTP_413": {"max_bytes": settings.DATA_UPLOAD_MAX_MEMORY_SIZE},
            "SYSTEM_UNHANDLED_ERROR": {"error_id": "the-id"},
        }.get(code, {})
        added = {"X-Request-ID": "$request_id"}
        if code == "HTTP_405":
            added["Allow"] = "$allowed_methods"
        if retry_after is not None:
            details = {**details, "retry_after": retry_after}
            added["Retry-After"] = str(retry_after)
        assert status == entry.status_code, code
        assert headers == added, code
        assert body == {
            "status": "error",
            "code": code,
            "message": entry(retry_after=retry_after).message,
            "details": details,
            "request_id": "the-id",
            "timestamp": "the-time",
        }
    (megabytes,) = re.findall(r"client_max_body_size (\d+)m;", configuration)
    assert int(megabytes) * 1024 * 1024 == settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    # The Retry-After branch above was taken: the catalogue still has these retry later.
    assert {"HTTP_502", "SYSTEM_OVERLOADED"} <= {
        code for code in NGINX_ANSWERS.values() if CATALOGUE[code].retry_after
    }


def test_what_render_writes_reaches_the_client_as_written(tmp_path: Path) -> None:
    """Quotes, backslashes, JSON's escapes, a literal `$` and text outside ASCII pass nginx's
    reading of its configuration unchanged: a catalogue message may hold any of them."""
    awkward = 'It\'s "quoted", a back\\slash, \\n, a real\nnewline, \ttab, $1, $request_id, café \\'
    plain = "a \"double\" and 'single' quote, \\d \\? \\\\ \\t \\n, café, ending in \\"
    body = {"message": awkward, "request_id": Variable("request_id")}
    port = free_port()
    configuration = f"""
        pid {tmp_path}/nginx.pid;
        events {{}}
        http {{
            access_log off;
            client_body_temp_path {tmp_path}/client_body;
            proxy_temp_path {tmp_path}/proxy;
            fastcgi_temp_path {tmp_path}/fastcgi;
            uwsgi_temp_path {tmp_path}/uwsgi;
            scgi_temp_path {tmp_path}/scgi;
            server {{
                listen 127.0.0.1:{port};
                add_header X-Request-ID $request_id always;
                location = /json {{ return 200 {nginx_quoted(nginx_json(body), quote="'")}; }}
                location = /text {{ return 200 {nginx_quoted(plain)}; }}
            }}
        }}
    """
    with serving(configuration, tmp_path, port) as base_url:
        with urllib.request.urlopen(f"{base_url}/json", timeout=5) as answer:  # noqa: S310
            received = json.loads(answer.read())
            request_id = answer.headers["X-Request-ID"]
        with urllib.request.urlopen(f"{base_url}/text", timeout=5) as answer:  # noqa: S310
            text = answer.read().decode()
    assert received == {"message": awkward, "request_id": request_id}
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    assert text == plain


def test_the_rendered_configuration_passes_nginxs_own_check(tmp_path: Path) -> None:
    rendered(tmp_path)
    checked = check_config(tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr


def test_the_command_line_renders_the_same_without_the_applications_secret(
    tmp_path: Path,
) -> None:
    """scripts/stack.sh and a deployment run render.py as a program; it reads the catalogue and
    the URLconf through Django, which needs no SECRET_KEY just to render."""
    values = {
        "listen": "0.0.0.0:80",
        "upstream": "127.0.0.1:8000",
        "static_root": str(tmp_path / "static"),
        "run_dir": str(tmp_path / "run"),
    }
    options = [(f"--{name.replace('_', '-')}", value) for name, value in values.items()]
    arguments = [part for option in options for part in option]
    environment = {name: value for name, value in os.environ.items() if name != "SECRET_KEY"}
    printed = subprocess.run(  # noqa: S603 - a fixed command line of our own
        [sys.executable, str(ROOT / "deploy/nginx/render.py"), *arguments],
        env={**environment, "DEBUG": "false"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    expected = render(**values)
    assert printed.stdout == expected


def test_nginxs_map_gives_each_api_route_the_methods_its_view_allows(tmp_path: Path) -> None:
    configuration = rendered(tmp_path)
    listed = re.findall(r'^ *"~\^/api/v1/', configuration, re.MULTILINE)
    assert len(listed) == len(api_v1)
    for route in api_v1:
        path = reverse(route.name, kwargs=dict.fromkeys(route.pattern.regex.groupindex, "7"))
        allowed = ", ".join(resolve(path).func.view_class().allowed_methods)
        assert "OPTIONS" in allowed
        for uri in (path, f"{path}/", f"{path}?page=2", f"{path}/?page=2"):
            assert allowed_by_map(configuration, uri) == allowed, uri
    # An id's segment is any segment: a 405 under a malformed id still lists the route's methods.
    assert allowed_by_map(configuration, "/api/v1/deals/x") == "GET, PUT, PATCH, DELETE, OPTIONS"
    assert allowed_by_map(configuration, "/api/v1/deals/7/analyses/x") == "GET, OPTIONS"


def test_nginxs_own_405_lists_the_methods_the_application_allows(stack: Stack) -> None:
    status, headers, _ = exchange(
        stack.nginx.port, b"TRACE /api/v1/deals/7?x=1 HTTP/1.1\r\nHost: x\r\n\r\n"
    )
    allowed = resolve("/api/v1/deals/7").func.view_class().allowed_methods
    assert (status, headers["Allow"]) == (405, ", ".join(allowed))
    assert headers["Allow"] == "GET, PUT, PATCH, DELETE, OPTIONS"


def test_one_request_id_from_the_edge_to_the_applications_log(stack: Stack) -> None:
    reply = call(stack.base_url, "GET", "/api/v1/deals")
    request_id = reply.headers["X-Request-ID"]
    assert (reply.status, reply.body["request_id"]) == (401, request_id)
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)  # nginx's $request_id
    wait_until(lambda: logged(stack.web_log, request_id), timeout=5, what="the app's log line")
    app_lines = logged(stack.web_log, request_id)
    assert [line["status"] for line in app_lines if line["logger"] == "access"] == [401]
    # nginx writes its line once the answer is sent, so the client may read first.
    wait_until(
        lambda: logged(stack.nginx.access_log, request_id), timeout=5, what="nginx's log line"
    )
    (edge,) = logged(stack.nginx.access_log, request_id)
    assert edge["status"] == 401


def test_slow_clients_do_not_hold_the_workers(stack: Stack) -> None:
    """Six clients send their headers, six their body, a byte a second; gunicorn's two sync
    workers would each be held by one. The health check still answers at once."""
    stop = threading.Event()
    sockets = []
    for index in range(12):
        connection = socket.create_connection(("127.0.0.1", stack.nginx.port), timeout=10)
        if index % 2:
            connection.sendall(b"POST /api/v1/auth/token HTTP/1.1\r\nHost: x\r\n")
            connection.sendall(b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
        else:
            connection.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n")
        sockets.append(connection)

    def trickle() -> None:
        while not stop.wait(1):
            for connection in sockets:
                with contextlib.suppress(OSError):
                    connection.sendall(b" " if sockets.index(connection) % 2 else b"X")

    feeder = threading.Thread(target=trickle, daemon=True)
    feeder.start()
    try:
        time.sleep(2)
        for _ in range(5):
            with urllib.request.urlopen(f"{stack.base_url}/api/v1/health", timeout=1) as answer:  # noqa: S310
                assert answer.status == 200
    finally:
        stop.set()
        feeder.join()
        for connection in sockets:
            connection.close()


def test_a_spoofed_forwarded_address_is_not_believed(stack: Stack) -> None:
    reply = call(
        stack.base_url,
        "POST",
        "/api/v1/auth/token",
        {"email": "nobody@example.com", "password": "not-the-password-2026"},
        headers={"X-Forwarded-For": "6.6.6.6"},
    )
    assert reply.status == 401
    request_id = reply.headers["X-Request-ID"]
    wait_until(lambda: logged(stack.web_log, request_id), timeout=5, what="the login line")
    (failed,) = [
        line
        for line in logged(stack.web_log, request_id)
        if line["message"].endswith("login failed")
    ]
    assert failed["client_address"] == "127.0.0.1"


def test_an_unreachable_application_is_a_502_in_the_envelope(tmp_path: Path) -> None:
    proxy = Nginx(f"127.0.0.1:{free_port()}", tmp_path / "nginx", tmp_path / "static")
    try:
        reply = call(proxy.base_url, "GET", "/api/v1/health")
    finally:
        proxy.stop()
    assert (reply.status, reply.code) == (502, "HTTP_502")
    assert reply.headers["Retry-After"] == "5"
    assert reply.body["request_id"] == reply.headers["X-Request-ID"]


def test_two_gunicorns_share_no_control_socket(tmp_path: Path) -> None:
    """gunicorn's control socket defaults to one path per user ($XDG_RUNTIME_DIR/gunicorn.ctl,
    else ~/.gunicorn/gunicorn.ctl): a second instance would replace the first's and remove it
    on exit. gunicorn.conf.py, which every start reads, turns it off."""
    home, runtime = tmp_path / "home", tmp_path / "runtime"
    home.mkdir()
    runtime.mkdir(mode=0o700)
    places = {"HOME": str(home), "XDG_RUNTIME_DIR": str(runtime)}
    first, first_url = start_gunicorn(places)
    try:
        second, _ = start_gunicorn({**places, "XDG_RUNTIME_DIR": ""})
        created = sorted(path.name for path in tmp_path.rglob("*") if path.is_socket())
        second.stop()
        with urllib.request.urlopen(f"{first_url}/api/v1/health", timeout=5) as answer:  # noqa: S310
            assert answer.status == 200
    finally:
        first.stop()
    assert created == []


_admins = itertools.count()


class Visitor:
    """A browser at the admin, as the server sees one: its cookies, the Host it reached and
    the Origin of the page a form is posted from, sent to nginx at `stack`'s base URL."""

    def __init__(self, stack: Stack, origin: str) -> None:
        self.base_url, self.origin = stack.base_url, origin
        self.host = urllib.parse.urlsplit(origin).netloc
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def open(self, path: str, form: dict[str, str] | None = None) -> tuple[int, str, str]:
        """GET `path`, or POST `form` to it from a page of the site; the status, the path and
        query it ended on after redirects (with the port the client used), and the page."""
        headers = {"Host": self.host}
        data = None
        if form is not None:
            headers |= {"Origin": self.origin, "Referer": f"{self.origin}{path}"}
            data = urllib.parse.urlencode(form, doseq=True).encode()
        request = urllib.request.Request(  # noqa: S310 - loopback URL of a test server
            f"{self.base_url}{path}", data=data, headers=headers
        )
        try:
            with self.opener.open(request, timeout=30) as answer:
                status, url, page = answer.status, answer.url, answer.read().decode()
        except urllib.error.HTTPError as error:
            status, url, page = error.code, error.url, error.read().decode()
        assert url.startswith(f"{self.base_url}/"), url
        return status, url.removeprefix(self.base_url), page

    def csrf_token(self, page: str) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]


def signed_in_admin(stack: Stack, origin: str) -> tuple[Visitor, str]:
    """A superuser signed in through the admin's login form as a browser at `origin` does;
    the browser, and the user's email."""
    email = f"admin-{next(_admins)}@proxy.example"
    created = stack.manage(
        "createsuperuser",
        "--noinput",
        "--email",
        email,
        "--name",
        "Support",
        DJANGO_SUPERUSER_PASSWORD=ADMIN_PASSWORD,
    )
    assert created.returncode == 0, created.stderr
    browser = Visitor(stack, origin)
    status, _, login_page = browser.open("/admin/login/?next=/admin/")
    assert status == 200
    form = {
        "csrfmiddlewaretoken": browser.csrf_token(login_page),
        "username": email,
        "password": ADMIN_PASSWORD,
        "next": "/admin/",
    }
    status, landed, page = browser.open("/admin/login/?next=/admin/", form)
    assert (status, landed) == (200, "/admin/"), page[:500]
    assert "<title>Support desk | " in page
    return browser, email


def revoke_sessions_from_the_change_list(browser: Visitor, email: str) -> tuple[int, str, str]:
    """The users' change list searched for `email`, then its action on that user, as the
    admin's page posts it."""
    path = f"/admin/accounts/user/?{urllib.parse.urlencode({'q': email})}"
    status, _, change_list = browser.open(path)
    (user_id,) = re.findall(r'name="_selected_action" value="(\d+)"', change_list)
    assert status == 200
    form = {
        "csrfmiddlewaretoken": browser.csrf_token(change_list),
        "action": "revoke_sessions",
        "_selected_action": user_id,
        "index": "0",
    }
    return browser.open(path, form)


def test_the_admin_signs_in_and_acts_through_nginx_on_a_port_of_its_own(stack: Stack) -> None:
    """nginx listens on a free port, not 80: the browser's Origin carries that port, and so
    must the Host Django compares it with (proxy_set_header Host $http_host)."""
    assert stack.nginx.port not in (80, 443)
    browser, email = signed_in_admin(stack, stack.base_url)
    assert browser.host == f"127.0.0.1:{stack.nginx.port}"
    status, landed, page = revoke_sessions_from_the_change_list(browser, email)
    assert (status, landed) == (
        200,
        f"/admin/accounts/user/?{urllib.parse.urlencode({'q': email})}",
    )
    assert "Revoked 0 sign-in session(s)." in page
    assert "Origin checking failed" not in page


def test_the_admin_works_at_the_public_url_in_front_of_nginx(stack: Stack) -> None:
    """Behind something that ends TLS in front of nginx, Django sees plain HTTP while the
    browser's Origin is https://: PUBLIC_URL is the origin Django trusts for that."""
    browser, email = signed_in_admin(stack, PUBLIC_URL)
    status, landed, page = revoke_sessions_from_the_change_list(browser, email)
    assert (status, landed) == (
        200,
        f"/admin/accounts/user/?{urllib.parse.urlencode({'q': email})}",
    )
    assert "Revoked 0 sign-in session(s)." in page


def test_an_origin_that_is_not_the_sites_is_refused(stack: Stack) -> None:
    browser, email = signed_in_admin(stack, stack.base_url)
    browser.origin = "https://elsewhere.example"
    status, _, page = revoke_sessions_from_the_change_list(browser, email)
    assert status == 403
    assert "Revoked" not in page


def test_nginxs_own_redirects_keep_the_port_the_client_used(tmp_path: Path) -> None:
    """A directory under /static/ without its slash: nginx's redirect is relative, so a port
    in front of nginx (8443 here) is not replaced by the one nginx listens on."""
    (tmp_path / "static" / "admin").mkdir(parents=True)
    proxy = Nginx(f"127.0.0.1:{free_port()}", tmp_path / "nginx", tmp_path / "static")
    try:
        raw = f"GET /static/admin HTTP/1.1\r\nHost: {PUBLIC_HOST}:8443\r\n\r\n".encode()
        with socket.create_connection(("127.0.0.1", proxy.port), timeout=10) as connection:
            connection.sendall(raw)
            head = connection.recv(65536).split(b"\r\n\r\n")[0].decode()
    finally:
        proxy.stop()
    status_line, *lines = head.split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines)
    assert status_line.split()[1] == "301"
    assert headers["Location"] == "/static/admin/"
