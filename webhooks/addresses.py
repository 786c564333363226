"""Where a webhook may go: https (http only with WEBHOOKS_ALLOW_HTTP) and public addresses only
(private ones only with WEBHOOKS_ALLOW_PRIVATE).

The address is checked where the connection is made: the host is resolved once, every address it
resolves to must be public, and the socket connects to an address that was checked. A name that
resolves to a public address when the endpoint is saved and to 127.0.0.1 when it is called (DNS
rebinding) is refused at the call. TLS still verifies the certificate against the host name.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from typing import Any
from urllib.parse import urlsplit

import httpcore
from django.conf import settings

# IPv6 ranges that carry an IPv4 address or are deprecated; judged by what they carry, or refused.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # the last 32 bits are the IPv4 address
_REFUSED_V6 = tuple(
    ipaddress.ip_network(net) for net in ("::/96", "64:ff9b:1::/48", "fec0::/10", "2001::/32")
)


class AddressRefused(httpcore.ConnectError):
    """The host resolves to an address webhooks may not reach."""


def is_public(address: str) -> bool:
    """Loopback, private, link-local (the cloud metadata service), shared, reserved, multicast and
    unspecified addresses are not public; an IPv6 address that carries an IPv4 one (mapped, NAT64,
    6to4) is judged by the IPv4 address, and the deprecated or tunnelled forms are refused."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip.sixtofour is not None:
            ip = ip.sixtofour
        elif ip in _NAT64:
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        elif any(ip in net for net in _REFUSED_V6):
            return False
    return ip.is_global and not ip.is_multicast


def resolve_checked(host: str, port: int) -> list[str]:
    """The addresses to try for `host`; AddressRefused when any address it resolves to is not
    public (and private ones are not allowed)."""
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
    return addresses


class CheckedBackend(httpcore.SyncBackend):
    """httpcore's own sockets, connected only to addresses resolve_checked allowed, each in turn.

    `cut()` (from another thread, at the call's deadline) shuts every socket it opened, whatever
    it is waiting on, TLS included, and refuses to open more."""

    def __init__(self) -> None:
        self.cut_off = False
        self._sockets: list[socket.socket] = []

    def connect_tcp(self, host: str, port: int, *args: Any, **kwargs: Any) -> Any:
        error: Exception | None = None
        for address in resolve_checked(host, port):
            if self.cut_off:
                break
            try:
                stream = super().connect_tcp(address, port, *args, **kwargs)
            except httpcore.ConnectError as failed:
                error = failed
                continue
            # A second handle on the same connection: shutting it down ends a TLS socket too.
            self._sockets.append(stream.get_extra_info("socket").dup())
            return stream
        raise error or httpcore.ConnectTimeout("no time left to connect")

    def cut(self) -> None:
        self.cut_off = True
        for sock in self._sockets:
            with contextlib.suppress(OSError):  # closed already
                sock.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        for sock in self._sockets:
            sock.close()


def url_problem(url: str) -> str | None:
    """Why `url` cannot be an endpoint, or None: the scheme, credentials in it, characters beyond
    ASCII, or a literal address that is not public. Names are checked again at every delivery."""
    if not url.isascii():
        return "Must be ASCII: percent-encode other characters, and write hosts as xn--."
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
