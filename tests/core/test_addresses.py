"""Tests for the SSRF address guard (pure functions: no network traffic at all)."""

from __future__ import annotations

import pytest

from pipelines.core.addresses import (
    AddressGuard,
    classify_address,
    is_public_address,
    parse_allow_entry,
)

BLOCKED = [
    ("127.0.0.1", "loopback"),
    ("127.255.255.254", "loopback"),
    ("::1", "loopback"),
    ("10.0.0.1", "private"),
    ("172.16.0.1", "private"),
    ("172.31.255.255", "private"),
    ("192.168.1.1", "private"),
    ("fd12:3456::1", "private"),
    ("169.254.169.254", "link_local"),  # cloud metadata endpoint
    ("fe80::1", "link_local"),
    ("fe80::1%lo", "link_local"),  # getaddrinfo may report a zone
    ("100.64.0.1", "cgnat"),
    ("100.127.255.254", "cgnat"),
    ("0.0.0.0", "unspecified"),
    ("::", "unspecified"),
    ("224.0.0.1", "multicast"),
    ("239.255.255.250", "multicast"),
    ("ff02::1", "multicast"),
    ("255.255.255.255", "broadcast"),
    ("240.0.0.1", "reserved"),
    ("192.0.2.10", "non_global"),  # documentation range
    ("2001:db8::1", "non_global"),
    ("fec0::1", "site_local"),
    # IPv6 spellings of blocked IPv4 addresses.
    ("::ffff:127.0.0.1", "loopback"),
    ("::ffff:10.0.0.1", "private"),
    ("::ffff:169.254.169.254", "link_local"),
    ("::127.0.0.1", "ipv4_compatible(loopback)"),
    ("::8.8.8.8", "ipv4_compatible(deprecated)"),
    ("2002:7f00:1::1", "6to4(loopback)"),
    ("2002:a00:1::1", "6to4(private)"),
    ("64:ff9b::7f00:1", "nat64(loopback)"),
    ("64:ff9b::a9fe:a9fe", "nat64(link_local)"),
    ("64:ff9b:1::8.8.8.8", "nat64_local_use"),
    ("::ffff:0:7f00:1", "ipv4_translated(loopback)"),
]

PUBLIC = ["8.8.8.8", "1.1.1.1", "93.184.216.34", "2001:4860::1", "2606:4700::1111"]
PUBLIC_EMBEDDED = ["::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"]


@pytest.mark.parametrize(("ip", "label"), BLOCKED)
def test_special_addresses_are_blocked_with_a_label(ip: str, label: str) -> None:
    assert classify_address(ip) == label
    assert not is_public_address(ip)
    assert not AddressGuard().is_allowed(ip, 80)


@pytest.mark.parametrize("ip", PUBLIC + PUBLIC_EMBEDDED)
def test_public_addresses_are_allowed(ip: str) -> None:
    assert classify_address(ip) is None
    assert AddressGuard().is_allowed(ip, 443)


@pytest.mark.parametrize("ip", ["", "localhost", "999.1.1.1", "1.2.3", "::g"])
def test_non_addresses_are_never_allowed(ip: str) -> None:
    assert classify_address(ip) == "invalid"
    assert not AddressGuard(["0.0.0.0/0", "::/0"]).is_allowed(ip, 80)


def test_allow_entry_with_port_allows_only_that_port() -> None:
    guard = AddressGuard(["127.0.0.1:8080"])
    assert guard.is_allowed("127.0.0.1", 8080)
    assert not guard.is_allowed("127.0.0.1", 8081)
    assert not guard.is_allowed("127.0.0.2", 8080)
    # The mapped spelling reaches the same socket, so it is treated the same way.
    assert guard.is_allowed("::ffff:127.0.0.1", 8080)
    assert not guard.is_allowed("::ffff:127.0.0.1", 22)


def test_allow_entry_without_port_allows_every_port() -> None:
    guard = AddressGuard(["10.1.2.3"])
    assert guard.is_allowed("10.1.2.3", 80)
    assert guard.is_allowed("10.1.2.3", 65535)
    assert not guard.is_allowed("10.1.2.4", 80)


def test_allow_cidr_entries() -> None:
    guard = AddressGuard(["127.0.0.0/8", "10.0.0.0/8:443", "::1/128", "[fd00::/8]:8443"])
    assert guard.is_allowed("127.9.9.9", 1234)
    assert guard.is_allowed("10.200.0.1", 443)
    assert not guard.is_allowed("10.200.0.1", 80)
    assert guard.is_allowed("::1", 80)
    assert guard.is_allowed("fd12::1", 8443)
    assert not guard.is_allowed("fd12::1", 443)
    # Entries widen the policy; they do not narrow it for public addresses.
    assert guard.is_allowed("8.8.8.8", 80)
    assert not guard.is_allowed("169.254.169.254", 80)


def test_bracketed_ipv6_entries() -> None:
    guard = AddressGuard(["[::1]:8080"])
    assert guard.is_allowed("::1", 8080)
    assert not guard.is_allowed("::1", 8081)
    assert AddressGuard(["[::1]"]).is_allowed("::1", 1)


def test_mapped_entry_matches_ipv4_address() -> None:
    assert AddressGuard(["::ffff:10.0.0.5"]).is_allowed("10.0.0.5", 80)


def test_explain_gives_the_block_reason() -> None:
    guard = AddressGuard(["127.0.0.1:80"])
    assert guard.explain("127.0.0.1", 80) is None
    assert guard.explain("127.0.0.1", 81) == "loopback"
    assert guard.explain("169.254.169.254", 80) == "link_local"


def test_check_literal_host() -> None:
    guard = AddressGuard()
    assert guard.check_literal_host("127.0.0.1", 80) == "loopback"
    assert guard.check_literal_host("[::1]", 80) == "loopback"
    assert guard.check_literal_host("8.8.8.8", 80) is None
    assert guard.check_literal_host("example.org", 80) is None  # names: decided at connect


def test_a_single_string_is_one_entry() -> None:
    assert AddressGuard("127.0.0.1").is_allowed("127.0.0.1", 80)


@pytest.mark.parametrize(
    "entry",
    [
        "",
        "   ",
        "localhost",
        "example.org:80",
        "127.0.0.1:",
        "127.0.0.1:0",
        "127.0.0.1:65536",
        "127.0.0.1:http",
        "127.0.0.1/33",
        "10.0.0.5/8",  # host bits set: most likely a typo for 10.0.0.0/8
        "[::1",
        "[::1]8080",
        "[127.0.0.1]:80",
        "::1:8080:zz",
        "1.2.3.4.5",
    ],
)
def test_invalid_entries_raise_value_error_naming_the_entry(entry: str) -> None:
    with pytest.raises(ValueError, match="allow_addresses entry") as info:
        AddressGuard([entry])
    assert repr(entry) in str(info.value)


def test_non_string_entry_raises_value_error() -> None:
    with pytest.raises(ValueError, match="expected a string"):
        AddressGuard([8080])  # type: ignore[list-item]


def test_parse_allow_entry_fields() -> None:
    entry = parse_allow_entry(" 127.0.0.1:8080 ")
    assert (str(entry.network), entry.port, entry.text) == ("127.0.0.1/32", 8080, "127.0.0.1:8080")
    entry = parse_allow_entry("::1")
    assert (str(entry.network), entry.port) == ("::1/128", None)
