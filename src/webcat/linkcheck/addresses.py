"""Which IP addresses the checker may connect to.

A catalogue, or a pull request against it, can name any address: the cloud metadata service
at 169.254.169.254, a router's admin page, a service on the CI runner's loopback. The policy
is decided on the address a connection actually goes to (the engine applies it where sockets
are made, after name resolution), so a name cannot resolve to a public address for a check
and a private one for the connection.

Addresses are unwrapped before they are judged: an IPv4 address inside IPv6 (IPv4-mapped
``::ffff:a.b.c.d``, IPv4-compatible ``::a.b.c.d``, NAT64 ``64:ff9b::/96`` and
``64:ff9b:1::/48``, 6to4 ``2002::/16``) counts as that IPv4 address, so no spelling gets
round the rules.

Pure standard library: importing it costs nothing and it is tested without any network.
"""

from __future__ import annotations

import functools
import ipaddress
from typing import Final

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_NAT64: Final = (
    ipaddress.IPv6Network("64:ff9b::/96"),
    ipaddress.IPv6Network("64:ff9b:1::/48"),
)
_SIX_TO_FOUR: Final = ipaddress.IPv6Network("2002::/16")
_IPV4_COMPATIBLE: Final = ipaddress.IPv6Network("::/96")

#: Never connected to, whatever the configuration: no web page lives there, and link-local
#: holds the cloud metadata services that hand out credentials.
_ALWAYS_REFUSED_V4: Final = (
    ipaddress.IPv4Network("0.0.0.0/8"),  # "this network", 0.0.0.0 reaches the local host
    ipaddress.IPv4Network("169.254.0.0/16"),  # link-local, cloud metadata
    ipaddress.IPv4Network("224.0.0.0/4"),  # multicast
    ipaddress.IPv4Network("240.0.0.0/4"),  # reserved, 255.255.255.255 broadcast
)
_ALWAYS_REFUSED_V6: Final = (
    ipaddress.IPv6Network("::/128"),  # unspecified
    ipaddress.IPv6Network("fe80::/10"),  # link-local
    ipaddress.IPv6Network("fec0::/10"),  # site-local (deprecated, still routed by some)
    ipaddress.IPv6Network("ff00::/8"),  # multicast
)
#: Refused too with ``public_only``: the machine itself and networks that are not the
#: public internet.
_PRIVATE_V4: Final = (
    ipaddress.IPv4Network("127.0.0.0/8"),  # loopback
    ipaddress.IPv4Network("10.0.0.0/8"),
    ipaddress.IPv4Network("172.16.0.0/12"),
    ipaddress.IPv4Network("192.168.0.0/16"),
    ipaddress.IPv4Network("100.64.0.0/10"),  # carrier-grade NAT
    ipaddress.IPv4Network("192.0.0.0/24"),  # IETF protocol assignments
    ipaddress.IPv4Network("192.0.2.0/24"),  # documentation
    ipaddress.IPv4Network("198.18.0.0/15"),  # benchmarking
    ipaddress.IPv4Network("198.51.100.0/24"),  # documentation
    ipaddress.IPv4Network("203.0.113.0/24"),  # documentation
)
_PRIVATE_V6: Final = (
    ipaddress.IPv6Network("::1/128"),  # loopback
    ipaddress.IPv6Network("fc00::/7"),  # unique local
    ipaddress.IPv6Network("2001:db8::/32"),  # documentation
    ipaddress.IPv6Network("100::/64"),  # discard-only
)


def parse_ip(text: str) -> IPAddress | None:
    """The address ``text`` spells (brackets and an IPv6 zone allowed), or None for a name."""
    text = text.strip("[]")
    zone = text.find("%")
    if zone >= 0:
        text = text[:zone]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def unwrap(address: IPAddress) -> IPAddress:
    """The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), if any."""
    if isinstance(address, ipaddress.IPv4Address):
        return address
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    packed = address.packed
    if any(address in net for net in _NAT64):
        return ipaddress.IPv4Address(packed[-4:])
    if address in _SIX_TO_FOUR:
        return ipaddress.IPv4Address(packed[2:6])
    if address in _IPV4_COMPATIBLE and int(address) > 1:  # not :: or ::1
        return ipaddress.IPv4Address(packed[-4:])
    return address


def refusal(address: IPAddress | str, public_only: bool = False) -> str | None:
    """Why the policy refuses ``address`` (a short phrase for the result's text), or None."""
    if isinstance(address, str):
        parsed = parse_ip(address)
        if parsed is None:
            return None
        address = parsed
    inner = unwrap(address)
    if isinstance(inner, ipaddress.IPv4Address):
        always = any(inner in net for net in _ALWAYS_REFUSED_V4)
        private = any(inner in net for net in _PRIVATE_V4)
    else:
        always = any(inner in net for net in _ALWAYS_REFUSED_V6)
        private = any(inner in net for net in _PRIVATE_V6)
    if always:
        return f"{address} is a link-local, unspecified, multicast or reserved address"
    if public_only and private:
        return f"{address} is a loopback or private address (public_only)"
    return None


@functools.lru_cache(maxsize=4096)
def host_refusal(host: str, public_only: bool) -> str | None:
    """:func:`refusal` for a URL's host (an IP literal or a name), remembered: it is asked
    for every URL and every request."""
    return refusal(host, public_only)


class NonPublicAddress(OSError):
    """The policy refused every address a host name resolved to (or the address itself)."""
