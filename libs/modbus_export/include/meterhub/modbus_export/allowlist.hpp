#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <caf/expected.hpp>

/// Which client addresses may connect. Modbus TCP has no authentication of its own (and libmodbus no TLS), so the
/// network and this list are all that keep a stranger from reading the meters or writing a mapped command.
namespace meterhub::modbus_export {

/// One CIDR block: "10.0.0.0/8", "192.168.1.20" (a single host), "fd00::/8", "::1".
struct address_block {
  bool v6 = false;
  std::array<std::uint8_t, 16> bytes{}; ///< the network address (v4 in the first 4 bytes)
  unsigned prefix = 0;                  ///< leading bits that must match: 0..32 (v4) or 0..128 (v6)

  bool operator==(const address_block&) const = default;
};

/// Why `text` is not one block ("expected an IPv4 or IPv6 address ...", "bits are set past the /8 prefix"), or ""
/// when it is one (for configuration readers that report the reason under their own key).
std::string address_block_problem(std::string_view text);

/// Parses one block. Errors (`bad_settings`, the text and the reason): not an address, a prefix past the address's
/// length, host bits set beyond the prefix ("10.1.2.3/8" is a mistake for "10.0.0.0/8", or the list would admit
/// more than the operator read).
caf::expected<address_block> parse_address_block(std::string_view text);

/// An allowlist: empty admits everyone.
class allowlist {
public:
  allowlist() = default;
  /// Parses every entry; the first bad one is the error, with its index ("allow[2]: ...").
  static caf::expected<allowlist> parse(const std::vector<std::string>& entries);

  /// True when the list is empty or a block contains the address: 4 bytes (IPv4) or 16 (IPv6; an IPv4-mapped
  /// ::ffff:a.b.c.d matches IPv4 blocks, as a dual-stack listener reports IPv4 clients).
  bool admits(std::span<const std::uint8_t> address) const noexcept;

  /// The blocks.
  const std::vector<address_block>& blocks() const noexcept { return blocks_; }

private:
  std::vector<address_block> blocks_;
};

} // namespace meterhub::modbus_export
