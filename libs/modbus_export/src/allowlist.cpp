#include "meterhub/modbus_export/allowlist.hpp"

#include <algorithm>
#include <charconv>

#include <arpa/inet.h>

#include "meterhub/modbus_export/error.hpp"

namespace meterhub::modbus_export {

namespace {

/// True when the first `prefix` bits of a and b agree.
bool same_prefix(const std::uint8_t* a, const std::uint8_t* b, unsigned prefix) noexcept {
  const unsigned whole = prefix / 8;
  if (!std::equal(a, a + whole, b))
    return false;
  const unsigned rest = prefix % 8;
  if (rest == 0)
    return true;
  const auto mask = static_cast<std::uint8_t>(0xFF << (8 - rest));
  return (a[whole] & mask) == (b[whole] & mask);
}

bool host_bits_clear(const address_block& b) noexcept {
  const unsigned bits = b.v6 ? 128 : 32;
  for (unsigned i = b.prefix; i < bits; ++i)
    if ((b.bytes[i / 8] >> (7 - i % 8)) & 1)
      return false;
  return true;
}

/// Parses `text` into `b`; the reason it cannot be one, or "" when it is.
std::string parse_into(std::string_view text, address_block& b) {
  const auto slash = text.find('/');
  const std::string host{text.substr(0, slash)};
  if (::inet_pton(AF_INET, host.c_str(), b.bytes.data()) == 1) {
    b.prefix = 32;
  } else if (::inet_pton(AF_INET6, host.c_str(), b.bytes.data()) == 1) {
    b.v6 = true;
    b.prefix = 128;
  } else {
    return "expected an IPv4 or IPv6 address with an optional /prefix";
  }
  if (slash != std::string_view::npos) {
    const auto digits = text.substr(slash + 1);
    unsigned prefix = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size() || prefix > b.prefix)
      return "the prefix must be a number from 0 to " + std::to_string(b.prefix);
    b.prefix = prefix;
  }
  if (!host_bits_clear(b))
    return "bits are set past the /" + std::to_string(b.prefix) + " prefix";
  return {};
}

} // namespace

std::string address_block_problem(std::string_view text) {
  address_block ignored;
  return parse_into(text, ignored);
}

caf::expected<address_block> parse_address_block(std::string_view text) {
  address_block b;
  if (auto why = parse_into(text, b); !why.empty())
    return make_error(export_errc::bad_settings, "\"" + std::string{text} + "\": " + why);
  return b;
}

caf::expected<allowlist> allowlist::parse(const std::vector<std::string>& entries) {
  allowlist out;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    address_block b;
    if (auto why = parse_into(entries[i], b); !why.empty())
      return make_error(export_errc::bad_settings,
                        "allow[" + std::to_string(i) + "]: \"" + entries[i] + "\": " + why);
    out.blocks_.push_back(b);
  }
  return out;
}

bool allowlist::admits(std::span<const std::uint8_t> address) const noexcept {
  if (blocks_.empty())
    return true;
  static constexpr std::uint8_t mapped_prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
  auto v4 = address;
  if (address.size() == 16 && std::equal(mapped_prefix, mapped_prefix + 12, address.begin()))
    v4 = address.subspan(12);
  return std::any_of(blocks_.begin(), blocks_.end(), [&](const address_block& b) {
    if (b.v6)
      return address.size() == 16 && same_prefix(b.bytes.data(), address.data(), b.prefix);
    return v4.size() == 4 && same_prefix(b.bytes.data(), v4.data(), b.prefix);
  });
}

} // namespace meterhub::modbus_export
