#include <charconv>

#include "meterhub/modbus_link/link.hpp"

namespace meterhub::modbus_link {

namespace {

/// "host:port" or "[v6]:port" → host and port; false when malformed.
bool split_host_port(std::string_view text, std::string& host, std::uint16_t& port) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size())
    return false;
  auto h = text.substr(0, colon);
  if (h.front() == '[' && h.back() == ']')
    h = h.substr(1, h.size() - 2);
  const auto p = text.substr(colon + 1);
  unsigned value = 0;
  auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), value);
  if (ec != std::errc{} || end != p.data() + p.size() || value == 0 || value > 65535 || h.empty())
    return false;
  host = std::string{h};
  port = static_cast<std::uint16_t>(value);
  return true;
}

} // namespace

std::optional<link_settings> link_settings::parse_port(std::string_view text) {
  link_settings s;
  if (text.starts_with("/")) {
    s.what = kind::rtu_serial;
    s.path = std::string{text};
    return s;
  }
  constexpr std::string_view rtu_tcp = "rtu+tcp://", tcp = "tcp://";
  if (text.starts_with(rtu_tcp)) {
    s.what = kind::rtu_tcp;
    text.remove_prefix(rtu_tcp.size());
  } else if (text.starts_with(tcp)) {
    text.remove_prefix(tcp.size());
  }
  if (!split_host_port(text, s.host, s.port))
    return std::nullopt;
  return s;
}

std::string link_settings::port_text() const {
  switch (what) {
    case kind::rtu_serial:
      return path;
    case kind::rtu_tcp:
      return "rtu+tcp://" + host + ":" + std::to_string(port);
    case kind::tcp:
      break;
  }
  return "tcp://" + host + ":" + std::to_string(port);
}

} // namespace meterhub::modbus_link
