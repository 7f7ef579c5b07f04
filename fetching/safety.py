"""Which addresses Salvo's fetcher may connect to. A link an editor pastes is fetched by the
server, so it must never reach the server's own network: loopback, private ranges, link-local
(cloud metadata at 169.254.169.254), multicast, reserved and unspecified addresses are refused,
in IPv4, IPv6 and the IPv6 forms that wrap an IPv4 address."""

import ipaddress

from django.conf import settings
from django.utils.translation import gettext as _


class FetchError(Exception):
    """A fetch that cannot or may not be done, with a message for the editor."""

    def __init__(self, message, *, status=None):
        super().__init__(message)
        self.message = message
        self.status = status


def _unwrap(ip):
    """The IPv4 address an IPv6 address stands for, if it is one of the wrapping forms."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            return ip.ipv4_mapped
        if ip.sixtofour:
            return ip.sixtofour
        if ip.teredo:
            return ip.teredo[1]
        if ip in ipaddress.ip_network("64:ff9b::/96"):  # NAT64
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip


def allowed_for_tests(ip: str, port: int) -> bool:
    """Only the test suite's own local server: an explicit (address, port) list in settings."""
    return (ip, port) in {(a, int(p)) for a, p in getattr(settings, "SALVO_FETCH_ALLOW", ())}


def address_problem(address: str, port: int):
    """Why the fetcher may not connect to `address`, or None when it is a public address."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return _("The address %(a)s is not an IP address.") % {"a": address}
    if allowed_for_tests(str(ip), port):
        return None
    for candidate in {ip, _unwrap(ip)}:
        if (
            candidate.is_loopback
            or candidate.is_private
            or candidate.is_link_local
            or candidate.is_multicast
            or candidate.is_reserved
            or candidate.is_unspecified
            or not candidate.is_global
        ):
            return _(
                "Salvo does not fetch from %(a)s: it is a local, private or reserved address, "
                "not a public web site."
            ) % {"a": address}
    return None
