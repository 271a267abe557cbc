#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <caf/expected.hpp>

#include "meterhub/transport/transport.hpp"

namespace meterhub::iec61107_service {

/// Where the meters of a line are reached. Users reach NEVA meters three ways: a serial port (RS-485 adapter or
/// optical head), a TCP converter they connect to, or a converter (GPRS modem, ESP bridge) that connects to them.
struct line_endpoint {
  enum class kind : std::uint8_t { serial, tcp_client, tcp_server };
  kind what = kind::serial;
  std::string path;       ///< serial device
  std::string host;       ///< tcp_client: the converter; tcp_server: the address to listen on
  std::uint16_t port = 0;
  std::string text;       ///< as configured, for logs and metrics labels
};

/// "/dev/ttyUSB0" → serial; "host:port" or "tcp://host:port" → client; ":port" (all interfaces) or
/// "listen://host:port" → server, where converters dial in. Nullopt when malformed.
std::optional<line_endpoint> parse_line_endpoint(std::string_view text);

/// Opens a line: a serial port, a connection to a converter, or for a server line the first converter that dials
/// in within `timeout` (the listener closes after it; the daemon keeps its own listener instead).
caf::expected<std::unique_ptr<transport::byte_stream>> open_line(const line_endpoint& line,
                                                                 const transport::serial_settings& serial,
                                                                 std::chrono::milliseconds timeout);

} // namespace meterhub::iec61107_service
