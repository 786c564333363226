"""Where a webhook may go: https (http only with WEBHOOKS_ALLOW_HTTP) and public addresses only
(private ones only with WEBHOOKS_ALLOW_PRIVATE).

The address is checked where the connection is made: the host is resolved once, every address it
resolves to must be public, and the socket connects to the address that was checked. A name that
resolves to a public address when the endpoint is saved and to 127.0.0.1 when it is called (DNS
rebinding) is refused at the call. TLS still verifies the certificate against the host name.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any
from urllib.parse import urlsplit

import httpcore
from django.conf import settings


class AddressRefused(httpcore.ConnectError):
    """The host resolves to an address webhooks may not reach."""


def is_public(address: str) -> bool:
    """Loopback, private, link-local (the cloud metadata service), shared, reserved, multicast and
    unspecified addresses are not public; an IPv4 address inside IPv6 is judged as itself."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def resolve_checked(host: str, port: int) -> str:
    """The address to connect to for `host`; AddressRefused when any address it resolves to is
    not public (and private ones are not allowed)."""
    host = host.strip("[]")
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise httpcore.ConnectError(f"{host} does not resolve: {error.strerror}") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
    if not settings.WEBHOOKS_ALLOW_PRIVATE:
        refused = [address for address in addresses if not is_public(address)]
        if refused:
            raise AddressRefused(f"{host} resolves to {refused[0]}, which is not a public address")
    return addresses[0]


class CheckedBackend(httpcore.SyncBackend):
    """httpcore's own sockets, connected only to an address resolve_checked allowed."""

    def connect_tcp(self, host: str, port: int, *args: Any, **kwargs: Any) -> Any:
        return super().connect_tcp(resolve_checked(host, port), port, *args, **kwargs)


def url_problem(url: str) -> str | None:
    """Why `url` cannot be an endpoint, or None: the scheme, credentials in it, or a literal
    address that is not public. Names are checked again at every delivery."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # a bracketed host that is no IPv6 address, say
        return "Must be a URL with a valid host."
    allowed = ("https", "http") if settings.WEBHOOKS_ALLOW_HTTP else ("https",)
    if parts.scheme not in allowed:
        return "Must be an https URL." if len(allowed) == 1 else "Must be an http or https URL."
    if parts.username or parts.password:
        return "Must not carry a user name or password."
    if not host:
        return "Must name a host."
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        return None
    if not settings.WEBHOOKS_ALLOW_PRIVATE and not is_public(str(literal)):
        return "Must not point at a loopback, private or link-local address."
    return None
