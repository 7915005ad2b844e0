"""The address policy. Nothing here reaches an address outside loopback: the engine runs over
the stub network (names from a table, sockets only to loopback, every attempt recorded), or
inside a network namespace of the test's own where only loopback exists."""

from __future__ import annotations

import ipaddress
import json
import shutil
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkcheck.conftest import Serve, Stub
from webcat.linkcheck import CheckConfig, Outcome, check_urls, config_from_table
from webcat.linkcheck.addresses import refusal, unwrap

ALWAYS_REFUSED = [
    "169.254.169.254",  # cloud metadata
    "169.254.0.1",
    "0.0.0.0",
    "0.1.2.3",
    "224.0.0.1",
    "239.255.255.250",
    "255.255.255.255",
    "240.0.0.1",
    "::",
    "fe80::1",
    "fe80::1%eth0",
    "ff02::1",
    "::ffff:169.254.169.254",  # IPv4-mapped
    "::ffff:0.0.0.0",
    "::ffff:255.255.255.255",
    "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
    "64:ff9b:1::a9fe:a9fe",
    "2002:a9fe:a9fe::1",  # 6to4 of 169.254.169.254
    "::169.254.169.254",  # IPv4-compatible
]
PRIVATE = [
    "127.0.0.1",
    "127.0.0.2",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.254",
    "192.168.1.1",
    "100.64.0.1",
    "100.127.255.254",
    "::1",
    "fc00::1",
    "fd12:3456::1",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
    "64:ff9b::c0a8:101",  # NAT64 of 192.168.1.1
    "2002:c0a8:0101::1",  # 6to4 of 192.168.1.1
]
PUBLIC = ["8.8.8.8", "1.1.1.1", "100.128.0.1", "172.32.0.1", "2001:4860:4860::8888", "11.0.0.1"]


@pytest.mark.parametrize("address", ALWAYS_REFUSED)
def test_link_local_unspecified_and_multicast_are_always_refused(address: str) -> None:
    assert refusal(address) is not None
    assert refusal(address, public_only=True) is not None


@pytest.mark.parametrize("address", PRIVATE)
def test_loopback_and_private_are_refused_with_public_only(address: str) -> None:
    assert refusal(address) is None
    assert refusal(address, public_only=True) is not None


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_are_allowed(address: str) -> None:
    assert refusal(address, public_only=True) is None


def test_names_are_not_judged_before_resolution() -> None:
    assert refusal("example.org", public_only=True) is None


@given(st.integers(0, 2**16 - 1))
def test_every_spelling_of_a_link_local_address_is_refused(low: int) -> None:
    v4 = ipaddress.IPv4Address((169 << 24) | (254 << 16) | low)
    n = int(v4)
    spellings: list[ipaddress.IPv4Address | ipaddress.IPv6Address] = [
        v4,
        ipaddress.IPv6Address((0xFFFF << 32) | n),  # ::ffff:a.b.c.d
        ipaddress.IPv6Address((0x64FF9B << 96) | n),  # 64:ff9b::/96
        ipaddress.IPv6Address((0x2002 << 112) | (n << 80)),  # 2002:aabb:ccdd::/48
    ]
    for spelling in spellings:
        assert unwrap(spelling) == v4
        assert refusal(spelling) is not None


@given(
    st.sampled_from(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"]),
    st.integers(0, 2**32 - 1),
)
def test_every_spelling_of_a_private_address_is_refused_with_public_only(
    net: str, bits: int
) -> None:
    network = ipaddress.IPv4Network(net)
    v4 = network[bits % network.num_addresses]
    mapped = ipaddress.IPv6Address((0xFFFF << 32) | int(v4))
    nat64 = ipaddress.IPv6Address((0x64FF9B << 96) | int(v4))
    for spelling in (v4, mapped, nat64):
        assert refusal(spelling) is None
        assert refusal(spelling, public_only=True) is not None


# -- in the engine, over the stub network ------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:169.254.169.254]/latest/meta-data/",
        "http://[::ffff:a9fe:a9fe]/",
        "http://[64:ff9b::a9fe:a9fe]/",
        "http://0.0.0.0:8080/",
        "http://[::]/",
        "http://224.0.0.1/",
        "http://255.255.255.255/",
        "http://[fe80::1]/",
        "http://[ff02::1]/",
    ],
)
def test_refused_literal_is_excluded_without_a_connection(
    quick: CheckConfig, stub: Stub, url: str
) -> None:
    [result] = check_urls([url], quick, network=stub.network)
    assert (result.outcome, result.reason) == (Outcome.EXCLUDED, "non-public-address")
    assert not result.failing and result.attempts == 0
    assert stub.connects == []


def test_name_resolving_to_metadata_is_excluded_without_a_connection(
    quick: CheckConfig, stub: Stub
) -> None:
    stub.table["metadata.test"] = ["169.254.169.254"]
    stub.table["mixed.test"] = ["fe80::1", "169.254.1.1"]
    urls = ["http://metadata.test/latest/", "http://mixed.test:81/"]
    results = check_urls(urls, quick, network=stub.network)
    assert [(r.outcome, r.reason) for r in results] == [
        (Outcome.EXCLUDED, "non-public-address")
    ] * 2
    assert "169.254.169.254" in (results[0].error or "")
    assert stub.connects == []


def test_a_name_with_an_allowed_address_connects_only_there(
    serve: Serve, quick: CheckConfig, stub: Stub
) -> None:
    srv = serve("127.0.0.2")
    stub.table["two.test"] = ["169.254.169.254", "127.0.0.2"]
    [result] = check_urls([f"http://two.test:{srv.port}/ok"], quick, network=stub.network)
    assert result.outcome is Outcome.OK
    assert stub.connects == ["127.0.0.2"]


def test_redirect_to_a_refused_address_is_excluded_at_that_hop(
    serve: Serve, quick: CheckConfig, stub: Stub
) -> None:
    srv = serve("127.0.0.2")
    stub.table["metadata.test"] = ["169.254.169.254"]
    urls = [
        srv.url("/redirect/302?to=http://169.254.169.254/latest/meta-data/"),
        srv.url("/redirect/301?to=http://metadata.test/x"),
        srv.url("/redirect/302?to=http://[::ffff:169.254.169.254]/"),
    ]
    results = check_urls(urls, quick, network=stub.network)
    assert [(r.outcome, r.reason) for r in results] == [
        (Outcome.EXCLUDED, "non-public-address")
    ] * 3
    assert results[0].final_url == "http://169.254.169.254/latest/meta-data/"
    assert set(stub.connects) == {"127.0.0.2"}


def test_public_only_refuses_loopback_and_private(
    serve: Serve, quick: CheckConfig, stub: Stub
) -> None:
    srv = serve("127.0.0.2")
    stub.table["intranet.test"] = ["10.0.0.5"]
    stub.table["localhost.test"] = ["127.0.0.2"]
    config = config_from_table({"public_only": True}, quick)
    urls = [srv.url("/ok"), "http://intranet.test/", f"http://localhost.test:{srv.port}/ok"]
    results = check_urls(urls, config, network=stub.network)
    assert [(r.outcome, r.reason) for r in results] == [
        (Outcome.EXCLUDED, "non-public-address")
    ] * 3
    assert stub.connects == [] and srv.record.requests == []
    # without it, loopback is a host like any other
    assert check_urls(urls[:1], replace(config, public_only=False))[0].outcome is Outcome.OK


# -- in a network namespace: the system resolver and real sockets ------------------------

NAMESPACE_SCRIPT = textwrap.dedent(
    """
    import json, sys, threading
    sys.path.insert(0, sys.argv[1])
    from conftest import TestServer
    from webcat.linkcheck import CheckConfig, check_urls

    public = TestServer("11.0.0.1")      # stands in for a public host (on lo, in here)
    private = TestServer("10.1.2.3")     # an intranet host: reachable, and must be refused
    port_pub, port_priv = public.port, private.port
    urls = [
        f"http://public.test:{port_pub}/ok",
        f"http://sneaky.test:{port_priv}/ok",
        f"http://public.test:{port_pub}/redirect/302?to=http://sneaky.test:{port_priv}/ok",
        f"http://public.test:{port_pub}/redirect/302?to=http://10.1.2.3:{port_priv}/ok",
        f"http://meta.test:{port_pub}/latest",
    ]
    config = CheckConfig(public_only=True, retries=0, timeout=3, host_interval=0)
    out = [[r.outcome.value, r.reason] for r in check_urls(urls, config)]
    print(json.dumps({"results": out, "private_requests": len(private.record.requests),
                      "public_requests": len(public.record.requests)}))
    """
)


def test_policy_with_the_system_resolver_in_a_network_namespace(tmp_path: Path) -> None:
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        pytest.skip("unshare or ip not available")
    hosts = tmp_path / "hosts"
    hosts.write_text(
        "127.0.0.1 localhost\n11.0.0.1 public.test\n10.1.2.3 sneaky.test\n"
        "169.254.169.254 meta.test\n"
    )
    script = tmp_path / "inside.py"
    script.write_text(NAMESPACE_SCRIPT)
    conftest_dir = Path(__file__).parent
    shell = (
        "set -e; ip link set lo up; ip addr add 11.0.0.1/32 dev lo; "
        "ip addr add 10.1.2.3/32 dev lo; ip addr add 169.254.169.254/32 dev lo; "
        f"mount --bind {hosts} /etc/hosts; "
        f'exec "{sys.executable}" {script} {conftest_dir}'
    )
    probe = subprocess.run(["unshare", "-n", "-m", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("cannot create network namespaces here (needs root)")
    done = subprocess.run(
        ["unshare", "-n", "-m", "sh", "-c", shell], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout.strip().splitlines()[-1])
    assert data["results"] == [
        ["ok", "ok"],
        ["excluded", "non-public-address"],
        ["excluded", "non-public-address"],
        ["excluded", "non-public-address"],
        ["excluded", "non-public-address"],
    ]
    assert data["private_requests"] == 0
    assert data["public_requests"] == 3
