#include "line_endpoint.hpp"

#include <charconv>

namespace meterhub::iec61107_service {

namespace {

std::optional<std::uint16_t> port_of(std::string_view text) {
  unsigned value = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || p != text.data() + text.size() || value > 65535)
    return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

std::optional<line_endpoint> server_of(std::string_view host_port, std::string_view text) {
  const auto colon = host_port.rfind(':');
  if (colon == std::string_view::npos)
    return std::nullopt;
  auto port = port_of(host_port.substr(colon + 1));
  if (!port)
    return std::nullopt;
  line_endpoint out{line_endpoint::kind::tcp_server, {}, std::string{host_port.substr(0, colon)}, *port,
                    std::string{text}};
  if (out.host.empty())
    out.host = "0.0.0.0";
  return out;
}

} // namespace

std::optional<line_endpoint> parse_line_endpoint(std::string_view text) {
  constexpr std::string_view listen = "listen://";
  if (text.rfind(listen, 0) == 0)
    return server_of(text.substr(listen.size()), text);
  if (!text.empty() && text[0] == ':')
    return server_of(text, text);
  auto ep = transport::parse_endpoint(text);
  if (!ep)
    return std::nullopt;
  line_endpoint out;
  out.text = std::string{text};
  if (ep->tcp) {
    out.what = line_endpoint::kind::tcp_client;
    out.host = ep->host;
    out.port = ep->port;
  } else {
    out.path = ep->path;
  }
  return out;
}

caf::expected<std::unique_ptr<transport::byte_stream>> open_line(const line_endpoint& line,
                                                                 const transport::serial_settings& serial,
                                                                 std::chrono::milliseconds timeout) {
  if (line.what == line_endpoint::kind::serial)
    return transport::open_serial(line.path, serial);
  if (line.what == line_endpoint::kind::tcp_client)
    return transport::connect_tcp(line.host, line.port, timeout);
  auto listener = transport::tcp_listener::bind(line.host, line.port);
  if (!listener)
    return std::move(listener.error());
  auto stream = (*listener)->accept(timeout);
  if (stream && !*stream)
    return make_error(transport::transport_errc::timeout, "no converter dialled in to " + line.text);
  return stream;
}

} // namespace meterhub::iec61107_service
