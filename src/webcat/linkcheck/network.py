"""Where the address policy meets the sockets: a resolver and a socket factory for aiohttp.

Names are resolved once per connection by the connector (and cached for the run); the
resolver drops refused addresses from the answer, and the socket factory refuses to make a
socket for a refused address. The factory sees the address a connection really goes to,
whatever spelled it (a name, an IP literal, a redirect), so it is the enforcement point; the
resolver's filtering lets a name with some allowed addresses still work, and gives a clear
message when it has none.

Tests replace the lower layers (``Network``) with a resolver that answers from a table and a
socket factory that records and refuses anything outside loopback, so no test can reach
another address even if the policy were wrong.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp.abc import AbstractResolver, ResolveResult

from webcat.linkcheck.addresses import NonPublicAddress, refusal

AddrInfo = tuple[int, int, int, str, tuple[Any, ...]]
SocketFactory = Callable[[AddrInfo], socket.socket]


@dataclass(frozen=True, slots=True)
class Network:
    """The lower layers under the policy; ``None`` means the system's."""

    #: Makes the resolver (called inside the running loop).
    resolver: Callable[[], AbstractResolver] | None = None
    socket_factory: SocketFactory | None = None


class PolicyResolver(AbstractResolver):
    """Resolves through ``inner`` and keeps only the addresses the policy allows."""

    def __init__(self, inner: AbstractResolver, public_only: bool) -> None:
        self.inner = inner
        self.public_only = public_only

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        answers = await self.inner.resolve(host, port, family)
        allowed = [a for a in answers if refusal(a["host"], self.public_only) is None]
        if allowed:
            return allowed
        reasons = {refusal(a["host"], self.public_only) for a in answers}
        reason = next(iter(reasons)) if len(reasons) == 1 else "no allowed address"
        raise NonPublicAddress(f"{host} resolves to {reason}")

    async def close(self) -> None:
        await self.inner.close()


def policy_socket_factory(public_only: bool, inner: SocketFactory | None) -> SocketFactory:
    """A socket factory that refuses addresses the policy does not allow."""

    def make(addr_info: AddrInfo) -> socket.socket:
        family, kind, proto, _, address = addr_info
        reason = refusal(str(address[0]), public_only)
        if reason is not None:
            raise NonPublicAddress(reason)
        if inner is not None:
            return inner(addr_info)
        return socket.socket(family, kind, proto)

    return make


def policy_layers(
    public_only: bool, network: Network | None
) -> tuple[AbstractResolver, SocketFactory]:
    """The resolver and socket factory a run's connector uses."""
    from aiohttp.resolver import DefaultResolver

    network = network or Network()
    inner = network.resolver() if network.resolver is not None else DefaultResolver()
    return (
        PolicyResolver(inner, public_only),
        policy_socket_factory(public_only, network.socket_factory),
    )
