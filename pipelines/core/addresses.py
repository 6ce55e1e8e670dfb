"""Address policy for outbound connections (the SSRF guard).

The ingestion pipeline fetches URLs that come from third-party feeds and from redirects chosen by
remote servers, so any URL may point at an internal service: a cloud metadata endpoint, an admin
interface on a private network, or a daemon on the worker's own loopback interface. This module
decides which IP addresses the HTTP client may connect to.

The policy is deliberately address based rather than host-name based: the HTTP client resolves
the host itself and checks every resolved address right before connecting (see
``pipelines.core.http``), so DNS tricks (a public name resolving to ``127.0.0.1``, rebinding
between a check and the connect, numeric forms such as ``127.1`` or ``0x7f000001``) cannot slip
past it.

Rules:

* public (globally routable) unicast addresses are allowed;
* everything else is blocked: loopback, RFC 1918 / unique-local private ranges, link-local
  (including ``169.254.169.254``, the cloud metadata address), carrier-grade NAT ``100.64/10``,
  multicast, broadcast, reserved, unspecified and the other special-purpose ranges;
* IPv6 forms that carry an IPv4 address (IPv4-mapped, IPv4-compatible, 6to4, NAT64) are judged
  by the IPv4 address they lead to, so ``::ffff:127.0.0.1`` is as blocked as ``127.0.0.1``;
* explicit allow entries (an address or network, optionally restricted to one port) override
  the block, e.g. for a test server on ``127.0.0.1:8080`` or an internal feed mirror.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# The RFC 1918 ranges and IPv6 unique-local addresses get their own label in messages because
# they are by far the most common reason for a block; ``is_private`` in the stdlib is broader
# (it also covers documentation and benchmarking ranges), which we report as "non_global".
_PRIVATE_NETWORKS: tuple[IPNetwork, ...] = (
    ipaddress.IPv4Network("10.0.0.0/8"),
    ipaddress.IPv4Network("172.16.0.0/12"),
    ipaddress.IPv4Network("192.168.0.0/16"),
    ipaddress.IPv6Network("fc00::/7"),
)
# Shared address space for carrier-grade NAT (RFC 6598): not global, not "private" either.
_CGNAT_NETWORK = ipaddress.IPv4Network("100.64.0.0/10")
_BROADCAST = ipaddress.IPv4Address("255.255.255.255")

# IPv6 prefixes whose addresses embed an IPv4 address in their low 32 bits.
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")  # deprecated (RFC 4291), never routable
_IPV4_TRANSLATED = ipaddress.IPv6Network("::ffff:0:0:0/96")  # SIIT (RFC 2765)
_NAT64_WELL_KNOWN = ipaddress.IPv6Network("64:ff9b::/96")  # RFC 6052
# Local-use NAT64 prefix (RFC 8215): operators choose how the IPv4 address is embedded, so we
# cannot tell where it leads; it is not global by definition and stays blocked.
_NAT64_LOCAL_USE = ipaddress.IPv6Network("64:ff9b:1::/48")


@dataclass(frozen=True)
class AllowEntry:
    """One parsed allow-list entry.

    Attributes:
        text: The entry as written in the configuration (used in messages).
        network: The allowed address range; a single address is a /32 or /128 network.
        port: The only port the entry allows, or ``None`` for every port.
    """

    text: str
    network: IPNetwork
    port: int | None = None

    def matches(self, address: IPAddress, port: int) -> bool:
        """Tells whether ``address``:``port`` falls under this entry.

        Args:
            address: A normalised address (IPv4-mapped IPv6 already converted to IPv4).
            port: The TCP port about to be connected to.

        Returns:
            True if the address is inside the network and the port matches (when restricted).
        """
        if self.port is not None and self.port != port:
            return False
        return address.version == self.network.version and address in self.network


def parse_allow_entry(entry: str) -> AllowEntry:
    """Parses one allow-list entry.

    Accepted forms: ``127.0.0.1``, ``127.0.0.0/8``, ``127.0.0.1:8080``, ``10.0.0.0/8:443``,
    ``::1``, ``::1/128``, ``[::1]``, ``[::1]:8080``, ``[fd00::/8]:443``. An IPv6 entry with a
    port must use brackets, since ``::1:8080`` is itself a valid IPv6 address.

    Args:
        entry: The entry text.

    Returns:
        The parsed entry.

    Raises:
        ValueError: If the entry is not an IP address or network, optionally with a port. The
            message names the entry so a configuration error can be located.
    """
    if not isinstance(entry, str):
        raise ValueError(f"invalid allow_addresses entry {entry!r}: expected a string")
    text = entry.strip()
    if not text:
        raise ValueError(f"invalid allow_addresses entry {entry!r}: empty")

    port: int | None = None
    if text.startswith("["):
        # Bracketed IPv6, optionally followed by ":port".
        closing = text.find("]")
        if closing == -1:
            raise ValueError(f"invalid allow_addresses entry {entry!r}: missing ']'")
        address_part, rest = text[1:closing], text[closing + 1 :]
        if rest:
            if not rest.startswith(":"):
                raise ValueError(
                    f"invalid allow_addresses entry {entry!r}: unexpected text after ']'"
                )
            port = _parse_port(entry, rest[1:])
        if ":" not in address_part:
            raise ValueError(
                f"invalid allow_addresses entry {entry!r}: brackets are only for IPv6 addresses"
            )
    elif text.count(":") == 1:
        # Exactly one colon can only be IPv4 (or an IPv4 network) with a port.
        address_part, port_part = text.split(":")
        port = _parse_port(entry, port_part)
    else:
        address_part = text

    try:
        network = ipaddress.ip_network(address_part, strict=True)
    except ValueError as exc:
        raise ValueError(
            f"invalid allow_addresses entry {entry!r}: expected an IP address or network "
            f"(host names are not accepted), optionally with a port: {exc}"
        ) from exc
    return AllowEntry(text=text, network=_normalise_network(network), port=port)


def _parse_port(entry: str, text: str) -> int:
    """Parses the port part of an allow entry, naming the entry on error."""
    if not text.isdigit():
        raise ValueError(f"invalid allow_addresses entry {entry!r}: bad port {text!r}")
    port = int(text)
    if not 1 <= port <= 65535:
        raise ValueError(f"invalid allow_addresses entry {entry!r}: port {port} out of range")
    return port


def _normalise_network(network: IPNetwork) -> IPNetwork:
    """Turns an IPv4-mapped IPv6 network into the IPv4 network it stands for.

    Addresses are normalised the same way before matching, so an entry written as
    ``::ffff:10.1.2.3`` matches a connection to ``10.1.2.3`` and vice versa.
    """
    if isinstance(network, ipaddress.IPv6Network) and network.prefixlen >= 96:
        mapped = network.network_address.ipv4_mapped
        if mapped is not None:
            return ipaddress.IPv4Network(f"{mapped}/{network.prefixlen - 96}")
    return network


def parse_address(ip: str) -> IPAddress | None:
    """Parses an address as returned by ``getaddrinfo`` and normalises IPv4-mapped forms.

    Args:
        ip: An IPv4 or IPv6 address, possibly with an IPv6 zone (``fe80::1%eth0``).

    Returns:
        The address (``::ffff:a.b.c.d`` becomes ``a.b.c.d``, because connecting to it reaches
        the IPv4 host), or ``None`` if ``ip`` is not an IP address.
    """
    try:
        address = ipaddress.ip_address(ip.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _embedded_ipv4(address: ipaddress.IPv6Address) -> tuple[str, ipaddress.IPv4Address] | None:
    """Finds the IPv4 address a transition-mechanism IPv6 address leads to.

    Returns:
        ``(mechanism, ipv4)`` or ``None`` if the address embeds no IPv4 address.
    """
    low32 = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address in _NAT64_WELL_KNOWN:
        return "nat64", low32
    if address in _IPV4_TRANSLATED:
        return "ipv4_translated", low32
    if address.sixtofour is not None:
        return "6to4", address.sixtofour
    # ``::`` and ``::1`` sit in ::/96 too but are the unspecified and loopback addresses.
    if address in _IPV4_COMPATIBLE and int(address) > 1:
        return "ipv4_compatible", low32
    return None


def classify_address(ip: str) -> str | None:
    """Explains why an address is blocked by default.

    Args:
        ip: An IPv4 or IPv6 address.

    Returns:
        ``None`` for a public unicast address, otherwise a short label such as ``"loopback"``,
        ``"private"``, ``"link_local"``, ``"cgnat"``, ``"multicast"``, ``"unspecified"``,
        ``"broadcast"``, ``"reserved"``, ``"site_local"``, ``"non_global"`` or ``"invalid"``.
        Embedded IPv4 forms are labelled with the mechanism, e.g. ``"nat64(loopback)"``.
    """
    address = parse_address(ip)
    if address is None:
        return "invalid"
    return _classify(address)


def _classify(address: IPAddress) -> str | None:
    """Classifies a parsed, normalised address; ``None`` means public."""
    if isinstance(address, ipaddress.IPv6Address):
        if address in _NAT64_LOCAL_USE:
            return "nat64_local_use"
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            mechanism, ipv4 = embedded
            if mechanism == "ipv4_compatible":
                # Deprecated and unroutable whatever the IPv4 part is; never connect to it.
                return f"{mechanism}({_classify(ipv4) or 'deprecated'})"
            inner = _classify(ipv4)
            if inner is not None:
                return f"{mechanism}({inner})"
            if mechanism in ("nat64", "ipv4_translated"):
                # These prefixes are flagged reserved by the stdlib, but an embedded public
                # IPv4 address is a legitimate destination (IPv6-only networks use NAT64).
                return None

    # The order matters only for the label: the most specific reason first.
    if address.is_unspecified:
        return "unspecified"
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link_local"
    if address.is_multicast:
        # Checked explicitly: older Pythons report multicast ranges as "global".
        return "multicast"
    if address == _BROADCAST:
        return "broadcast"
    if address in _CGNAT_NETWORK:
        return "cgnat"
    if any(address in network for network in _PRIVATE_NETWORKS):
        return "private"
    if isinstance(address, ipaddress.IPv6Address) and address.is_site_local:
        # Deprecated fec0::/10; the stdlib still calls it global on Python 3.11.
        return "site_local"
    if address.is_reserved:
        return "reserved"
    if not address.is_global:
        return "non_global"
    return None


def is_public_address(ip: str) -> bool:
    """Tells whether ``ip`` is a public unicast address (allowed without an allow entry)."""
    return classify_address(ip) is None


class AddressGuard:
    """Decides whether the HTTP client may open a connection to an IP address and port.

    Instances are immutable and safe to share between threads.

    Example:
        >>> guard = AddressGuard(["127.0.0.1:8080"])
        >>> guard.is_allowed("127.0.0.1", 8080), guard.is_allowed("127.0.0.1", 22)
        (True, False)
    """

    def __init__(self, allow: Iterable[str] = ()) -> None:
        """Builds the guard.

        Args:
            allow: Allow entries, each an IP address or CIDR network, optionally with a port
                (see :func:`parse_allow_entry`). Matching addresses are allowed even when they
                are loopback, private, etc.

        Raises:
            ValueError: If an entry is invalid; the message names the entry.
        """
        if isinstance(allow, str):
            # A bare string would otherwise be iterated character by character.
            allow = (allow,)
        self._entries: tuple[AllowEntry, ...] = tuple(parse_allow_entry(e) for e in allow)

    @property
    def entries(self) -> tuple[AllowEntry, ...]:
        """The parsed allow entries, in configuration order."""
        return self._entries

    def __repr__(self) -> str:
        return f"AddressGuard({[entry.text for entry in self._entries]!r})"

    def is_allowed(self, ip: str, port: int) -> bool:
        """Tells whether a connection to ``ip``:``port`` may be opened.

        Args:
            ip: The resolved IPv4 or IPv6 address (as found in a ``getaddrinfo`` result).
            port: The TCP port.

        Returns:
            True if the address is public unicast or matches an allow entry.
        """
        return self.explain(ip, port) is None

    def explain(self, ip: str, port: int) -> str | None:
        """Like :meth:`is_allowed`, but says why a connection is refused.

        Args:
            ip: The resolved IPv4 or IPv6 address.
            port: The TCP port.

        Returns:
            ``None`` if the connection is allowed, else the block label from
            :func:`classify_address` (e.g. ``"loopback"``).
        """
        address = parse_address(ip)
        if address is None:
            return "invalid"
        if any(entry.matches(address, port) for entry in self._entries):
            return None
        return _classify(address)

    def check_literal_host(self, host: str, port: int) -> str | None:
        """Checks a URL host that is an IP literal, before any connection is attempted.

        Host names are not resolved here (the connect-time check does that), so this only
        lets callers reject obviously internal URLs early, e.g. while validating a feed list.

        Args:
            host: The host part of a URL; IPv6 literals may keep their brackets.
            port: The port the URL points to.

        Returns:
            The block label if ``host`` is a blocked IP literal, else ``None`` (also for names).
        """
        literal = host.strip()
        if literal.startswith("[") and literal.endswith("]"):
            literal = literal[1:-1]
        if parse_address(literal) is None:
            return None
        return self.explain(literal, port)
