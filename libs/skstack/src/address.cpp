#include "meterhub/skstack/address.hpp"

#include <vector>

#include "hex.hpp"
#include "meterhub/skstack/error.hpp"

namespace meterhub::skstack {

namespace {

/// The groups of one side of "::" ("" → none); false when a group is not 1…4 hex digits.
bool parse_groups(std::string_view text, std::vector<std::uint16_t>& out) {
  if (text.empty())
    return true;
  std::size_t pos = 0;
  while (true) {
    const auto end = text.find(':', pos);
    const auto group = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    const auto value = detail::parse_hex(group, 4);
    if (!value)
      return false;
    out.push_back(static_cast<std::uint16_t>(*value));
    if (end == std::string_view::npos)
      return true;
    pos = end + 1;
  }
}

caf::error bad(std::string_view text) {
  return make_error(skstack_errc::bad_address, "not an IPv6 address: " + std::string{text});
}

} // namespace

std::string to_string(const ipv6_address& address) {
  std::string out;
  for (std::size_t i = 0; i < 16; i += 2) {
    if (i != 0)
      out += ':';
    out += detail::to_hex(static_cast<std::uint64_t>(address.bytes[i]) << 8 | address.bytes[i + 1], 4);
  }
  return out;
}

caf::expected<ipv6_address> parse_ipv6(std::string_view text) {
  std::vector<std::uint16_t> head;
  std::vector<std::uint16_t> tail;
  const auto gap = text.find("::");
  if (gap == std::string_view::npos) {
    if (!parse_groups(text, head) || head.size() != 8)
      return bad(text);
  } else if (!parse_groups(text.substr(0, gap), head) || !parse_groups(text.substr(gap + 2), tail)
             || head.size() + tail.size() > 7) {
    return bad(text);
  }
  head.resize(8 - tail.size(), 0);
  head.insert(head.end(), tail.begin(), tail.end());
  ipv6_address out;
  for (std::size_t i = 0; i < 8; ++i) {
    out.bytes[2 * i] = static_cast<std::uint8_t>(head[i] >> 8);
    out.bytes[2 * i + 1] = static_cast<std::uint8_t>(head[i] & 0xFF);
  }
  return out;
}

ipv6_address link_local_from_mac(std::uint64_t mac) {
  ipv6_address out;
  out.bytes[0] = 0xFE;
  out.bytes[1] = 0x80;
  for (std::size_t i = 0; i < 8; ++i)
    out.bytes[8 + i] = static_cast<std::uint8_t>(mac >> (8 * (7 - i)));
  out.bytes[8] ^= 0x02; // universal/local bit, spec §2
  return out;
}

bool is_multicast(const ipv6_address& address) {
  return address.bytes[0] == 0xFF;
}

} // namespace meterhub::skstack
