"""The address of the client behind the request: one rule for rate limits, log-in lockouts and logs.

X-Forwarded-For is believed only from the proxies named in TRUSTED_PROXIES, and only as far as they
vouch for it: walking the header from the right, each trusted proxy names the address that connected
to it, and the first address that is not a trusted proxy is the client. Everything to the left of it
was written by the client and is ignored. Without TRUSTED_PROXIES, or when the connection does not
come from a trusted proxy, the client is REMOTE_ADDR and the header is ignored: otherwise anyone
could pick a fresh address per request, or lock out someone else's account.

Header entries are parsed by python-ipware (the engine of django-ipware): ports, brackets, quotes and
IPv4-mapped IPv6 addresses are handled as it handles them.
"""

import contextvars
import functools
import ipaddress
import logging

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from python_ipware.modern.parsers import parse_ip


@functools.cache
def trusted_networks(entries: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """TRUSTED_PROXIES as networks: an address stands for itself, "10.0.0.0/8" for the network."""
    networks = []
    for entry in entries:
        try:
            network = ipaddress.ip_network(entry.strip(), strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES: {entry!r} is neither an IP address nor a network such as 10.0.0.0/8."
            ) from None
        # Hops are compared after IPv4-mapped addresses (::ffff:10.0.0.1) are unwrapped to IPv4.
        mapped = network.network_address.ipv4_mapped if network.version == 6 else None
        if mapped is not None and network.prefixlen >= 96:
            network = ipaddress.ip_network((mapped, network.prefixlen - 96))
        networks.append(network)
    return tuple(networks)


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or what trusted proxies say in X-Forwarded-For."""
    remote_addr = request.META.get("REMOTE_ADDR", "")
    networks = trusted_networks(tuple(settings.TRUSTED_PROXIES))
    if not networks or not _is_trusted(parse_ip(remote_addr), networks):
        return remote_addr
    hop = remote_addr
    for entry in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = parse_ip(entry)
        if address is None:
            # Not an address where one was expected: a proxy in between is misconfigured, or the
            # client wrote it, and a trusted proxy only relayed it. Neither names a client.
            return remote_addr
        hop = str(address)
        if not _is_trusted(address, networks):
            return hop
    # Every hop is a trusted proxy (a request from the proxies' own network): the furthest one.
    return hop


def _is_trusted(address, networks) -> bool:
    return address is not None and any(address.version == net.version and address in net for net in networks)


# The request being handled, for log records that do not carry it themselves.
current_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar("current_request", default=None)


class ClientAddressMiddleware:
    """Makes the request known to the log records emitted while it is handled (see ClientAddressFilter).

    Only the request is kept; its address is worked out when a record is written, so a request that
    logs nothing costs nothing more. Goes first, so that every other middleware's records carry it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)


class ClientAddressFilter(logging.Filter):
    """Puts the client's address on every log record as `client_address` ("-" outside a request).

    Django's request loggers (django.request, django.security) pass the request along with the record;
    any other record written during a request gets the one ClientAddressMiddleware made known.
    """

    def filter(self, record):
        request = getattr(record, "request", None)
        if not isinstance(request, HttpRequest):
            request = current_request.get()
        record.client_address = (client_address(request) or "-") if request is not None else "-"
        return True
