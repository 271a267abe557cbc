#include "erxudp.hpp"

#include <string>
#include <vector>

#include "hex.hpp"
#include "meterhub/skstack/error.hpp"

namespace meterhub::skstack::detail {

namespace {

caf::error bad_field(std::string_view what, std::string_view line) {
  return make_error(skstack_errc::bad_field, "ERXUDP " + std::string{what} + " in: " + std::string{line});
}

/// LQI, SECURED, SIDE; their token positions differ by model (spec §9.3).
caf::error parse_radio_fields(module_model model, const std::vector<std::string_view>& parts, udp_datagram& out,
                              std::string_view line) {
  const bool c2 = model == module_model::bp35c2;
  const auto secured = parts[c2 ? 7 : 6];
  if (secured != "0" && secured != "1")
    return bad_field("SECURED", line);
  out.secured = secured == "1";
  if (!c2)
    return {};
  const auto lqi = parse_hex(parts[6], 2);
  const auto side = parse_hex(parts[8], 2);
  if (!lqi || !side)
    return bad_field("LQI or SIDE", line);
  out.lqi = static_cast<std::uint8_t>(*lqi);
  out.side = static_cast<std::uint8_t>(*side);
  return {};
}

caf::error parse_payload(const std::vector<std::string_view>& parts, std::size_t length_index, const raw_line& line,
                         udp_datagram& out) {
  const auto length = parse_hex(parts[length_index], 4);
  if (!length)
    return bad_field("DATALEN", line.text);
  if (line.binary) {
    if (line.payload.size() != *length)
      return make_error(skstack_errc::bad_length, "binary ERXUDP payload size differs from DATALEN");
    out.payload = line.payload;
    out.format = data_format::binary;
    return {};
  }
  const auto data = parts.size() > length_index + 1 ? parts[length_index + 1] : std::string_view{};
  if (data.size() != 2 * *length)
    return make_error(skstack_errc::bad_length, "ERXUDP DATALEN " + std::to_string(*length) + " but "
                                                  + std::to_string(data.size()) + " hex digits");
  auto bytes = parse_hex_bytes(data);
  if (!bytes)
    return bad_field("hex data", line.text);
  out.payload = std::move(*bytes);
  out.format = data_format::hex;
  return {};
}

} // namespace

caf::expected<udp_datagram> parse_erxudp(module_model model, const raw_line& line) {
  const auto parts = split_tokens(line.text);
  const std::size_t length_index = model == module_model::bp35c2 ? 9 : 7;
  const std::size_t expected_tokens = length_index + (line.binary ? 1 : 2);
  // A zero-length hex datagram has no data token.
  if (parts.size() != expected_tokens && !(parts.size() == length_index + 1 && !line.binary))
    return bad_field("token count " + std::to_string(parts.size()), line.text);
  udp_datagram out;
  auto sender = parse_ipv6(parts[1]);
  auto destination = parse_ipv6(parts[2]);
  if (!sender)
    return std::move(sender.error());
  if (!destination)
    return std::move(destination.error());
  out.sender = *sender;
  out.destination = *destination;
  const auto rport = parse_hex(parts[3], 4);
  const auto lport = parse_hex(parts[4], 4);
  const auto mac = parse_hex(parts[5], 16);
  if (!rport || !lport || !mac)
    return bad_field("port or SENDERLLA", line.text);
  out.remote_port = static_cast<std::uint16_t>(*rport);
  out.local_port = static_cast<std::uint16_t>(*lport);
  out.sender_mac = *mac;
  if (auto err = parse_radio_fields(model, parts, out, line.text))
    return err;
  if (auto err = parse_payload(parts, length_index, line, out))
    return err;
  return out;
}

} // namespace meterhub::skstack::detail
