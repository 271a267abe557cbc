#include "meterhub/vscp/guid.hpp"


#include "meterhub/vscp/error.hpp"

namespace meterhub::vscp {

namespace {

constexpr char hex_digits[] = "0123456789ABCDEF";

std::string hex_join(const std::uint8_t* bytes, std::size_t n) {
  std::string out;
  out.reserve(n * 3);
  for (std::size_t i = 0; i < n; ++i) {
    if (i != 0)
      out += ':';
    out += hex_digits[bytes[i] >> 4];
    out += hex_digits[bytes[i] & 0x0F];
  }
  return out;
}

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

/// Splits `text` at `sep` into exactly `out.size()` groups of 1-2 hex digits; the failing group's 1-based number
/// and why in `why` otherwise.
bool parse_groups(std::string_view text, char sep, std::uint8_t* out, std::size_t n, std::string& why) {
  std::size_t group = 0;
  while (true) {
    const auto end = text.find(sep);
    const auto part = text.substr(0, end);
    if (group == n) {
      why = "more than " + std::to_string(n) + " groups";
      return false;
    }
    const int hi = part.size() == 2 ? hex_value(part[0]) : 0;
    const int lo = part.empty() ? -1 : hex_value(part.back());
    if (part.empty() || part.size() > 2 || hi < 0 || lo < 0) {
      why = "group " + std::to_string(group + 1) + " '" + std::string{part} + "' is not one hexadecimal byte";
      return false;
    }
    out[group++] = static_cast<std::uint8_t>(hi * 16 + lo);
    if (end == std::string_view::npos)
      break;
    text.remove_prefix(end + 1);
  }
  if (group != n) {
    why = std::to_string(group) + " groups, not " + std::to_string(n);
    return false;
  }
  return true;
}

} // namespace

std::string to_string(const mac_address& mac) {
  return hex_join(mac.bytes.data(), mac.bytes.size());
}

std::string to_string(const guid& g) {
  return hex_join(g.bytes.data(), g.bytes.size());
}

caf::expected<mac_address> parse_mac(std::string_view text) {
  const auto s = trim(text);
  const char sep = s.find('-') != std::string_view::npos ? '-' : ':';
  mac_address mac;
  std::string why;
  if (!parse_groups(s, sep, mac.bytes.data(), mac.bytes.size(), why))
    return make_error(vscp_errc::bad_mac, "'" + std::string{text} + "': " + why);
  return mac;
}

caf::expected<guid> parse_guid(std::string_view text) {
  guid g;
  std::string why;
  if (!parse_groups(trim(text), ':', g.bytes.data(), g.bytes.size(), why))
    return make_error(vscp_errc::bad_guid, "'" + std::string{text} + "': " + why);
  return g;
}

guid mac_guid(const mac_address& mac, std::uint16_t id) noexcept {
  guid g;
  for (std::size_t i = 0; i < 7; ++i)
    g.bytes[i] = 0xFF;
  g.bytes[7] = 0xFE;
  for (std::size_t i = 0; i < 6; ++i)
    g.bytes[8 + i] = mac.bytes[i];
  return with_id(g, id);
}

guid with_id(guid configured, std::uint16_t id) noexcept {
  configured.bytes[14] = static_cast<std::uint8_t>(id >> 8);
  configured.bytes[15] = static_cast<std::uint8_t>(id & 0xFF);
  return configured;
}

std::optional<guid> event_guid(const std::optional<guid>& configured, const std::optional<mac_address>& mac,
                               std::uint16_t id) noexcept {
  if (configured)
    return with_id(*configured, id);
  if (mac)
    return mac_guid(*mac, id);
  return std::nullopt;
}

std::string configured_guid_warning(const guid& configured, const std::optional<mac_address>& mac) {
  auto prefix = to_string(configured).substr(0, 41);
  std::string text = "meterhub publishes under the configured GUID " + prefix +
                     ":HI:LO (HI:LO = each value's id) as the README promises; vscp-python-p1-power-meter ignored "
                     "a configured guid and published under ";
  const auto mac_text = mac ? to_string(mac_guid(*mac, 0)).substr(0, 41) : "FF:FF:FF:FF:FF:FF:FF:FE:<MAC>";
  text += mac_text + ":HI:LO, e.g. " + (mac ? to_string(mac_guid(*mac, 1)) : mac_text + ":00:01") + " for id 1";
  if (configured.bytes[14] != 0 || configured.bytes[15] != 0)
    text += "; the configured GUID's two lowest bytes " + to_string(configured).substr(42) +
            " are replaced by the id";
  return text;
}

} // namespace meterhub::vscp
