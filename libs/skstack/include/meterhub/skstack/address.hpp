#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include <caf/expected.hpp>

namespace meterhub::skstack {

/// An IPv6 address as 16 bytes. Kept as bytes rather than text so that "FE80:0000:…" and "fe80::…" compare equal;
/// the module itself always prints the full 8-group upper-case form, which `to_string` reproduces.
struct ipv6_address {
  std::array<std::uint8_t, 16> bytes{};

  friend bool operator==(const ipv6_address&, const ipv6_address&) = default;
};

/// "FE80:0000:0000:0000:021D:1290:1234:5678": 8 groups of 4 upper-case hex digits, the form SKSENDTO and SKJOIN
/// need (spec §3).
std::string to_string(const ipv6_address& address);

/// Parses the full form or a "::"-compressed one ("FF02::1"); hex in either case. `bad_address` otherwise.
caf::expected<ipv6_address> parse_ipv6(std::string_view text);

/// The link-local address of a 64-bit MAC: FE80::/64 + the MAC with bit 0x02 of its first byte inverted (spec §2,
/// what SKLL64 answers), so the session can check the module's answer or skip the command.
ipv6_address link_local_from_mac(std::uint64_t mac);

/// True for multicast destinations (FF00::/8), as the meter's notifications to FF02::1 are.
bool is_multicast(const ipv6_address& address);

} // namespace meterhub::skstack
