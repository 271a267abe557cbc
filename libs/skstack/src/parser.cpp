#include "meterhub/skstack/parser.hpp"

#include <vector>

#include "erxudp.hpp"
#include "hex.hpp"
#include "meterhub/skstack/error.hpp"

namespace meterhub::skstack {

namespace {

using tokens = std::vector<std::string_view>;

caf::error bad_field(std::string_view what, std::string_view line) {
  return make_error(skstack_errc::bad_field, std::string{what} + " in: " + std::string{line});
}

caf::expected<message> parse_fail(std::string_view line, const tokens& parts) {
  if (parts.size() != 2 || parts[1].size() != 4 || !parts[1].starts_with("ER"))
    return bad_field("FAIL code", line);
  // The manual prints the codes as decimal digits (ER04 … ER10).
  const char high = parts[1][2];
  const char low = parts[1][3];
  if (high < '0' || high > '9' || low < '0' || low > '9')
    return bad_field("FAIL code", line);
  return message{fail_reply{static_cast<std::uint8_t>((high - '0') * 10 + (low - '0'))}};
}

caf::expected<message> parse_event(module_model model, std::string_view line, const tokens& parts) {
  const std::size_t side_index = model == module_model::bp35c2 ? 3 : 0;
  const std::size_t param_index = model == module_model::bp35c2 ? 4 : 3;
  if (parts.size() < 3 || parts.size() > param_index + 1)
    return bad_field("EVENT token count", line);
  const auto number = detail::parse_hex(parts[1], 2);
  auto sender = parse_ipv6(parts[2]);
  if (!number)
    return bad_field("EVENT number", line);
  if (!sender)
    return std::move(sender.error());
  event out{static_cast<std::uint8_t>(*number), *sender, std::nullopt, std::nullopt};
  if (side_index != 0 && parts.size() > side_index) {
    const auto side = detail::parse_hex(parts[side_index], 2);
    if (!side)
      return bad_field("EVENT side", line);
    out.side = static_cast<std::uint8_t>(*side);
  }
  if (parts.size() > param_index) {
    const auto param = detail::parse_hex(parts[param_index], 2);
    if (!param)
      return bad_field("EVENT param", line);
    out.param = static_cast<std::uint8_t>(*param);
  }
  return message{out};
}

caf::expected<message> parse_info(std::string_view line, const tokens& parts) {
  if (parts.size() != 6)
    return bad_field("EINFO token count", line);
  auto address = parse_ipv6(parts[1]);
  if (!address)
    return std::move(address.error());
  const auto mac = detail::parse_hex(parts[2], 16);
  const auto channel = detail::parse_hex(parts[3], 2);
  const auto pan = detail::parse_hex(parts[4], 4);
  const auto last = detail::parse_hex(parts[5], 4);
  if (!mac || !channel || !pan || !last)
    return bad_field("EINFO field", line);
  return message{info_reply{*address, *mac, static_cast<std::uint8_t>(*channel), static_cast<std::uint16_t>(*pan),
                            static_cast<std::uint16_t>(*last)}};
}

bool is_echo(std::string_view line) {
  return (line.size() > 2 && line.starts_with("SK") && line[2] >= 'A' && line[2] <= 'Z') || line == "ROPT"
         || line.starts_with("WOPT ");
}

caf::expected<message> parse_text(module_model model, std::string_view line) {
  const auto parts = detail::split_tokens(line);
  if (parts.empty())
    return make_error(skstack_errc::unknown_line, "blank line");
  const auto word = parts[0];
  if (word == "OK")
    return message{ok_reply{std::string{line.size() > 3 ? line.substr(3) : std::string_view{}}}};
  if (word == "FAIL")
    return parse_fail(line, parts);
  if (word == "EVENT")
    return parse_event(model, line, parts);
  if (word == "EINFO")
    return parse_info(line, parts);
  if ((word == "EVER" || word == "EAPPVER") && parts.size() == 2)
    return message{version_reply{word == "EAPPVER", std::string{parts[1]}}};
  if (is_echo(line))
    return message{command_echo{std::string{line}}};
  if (parts.size() == 1 && line.find(':') != std::string_view::npos) {
    if (auto address = parse_ipv6(line))
      return message{link_local_reply{*address}};
  }
  return make_error(skstack_errc::unknown_line, std::string{line});
}

} // namespace

caf::expected<message> parse_line(module_model model, const raw_line& line) {
  if (line.text.starts_with("ERXUDP ") || line.binary) {
    auto datagram = detail::parse_erxudp(model, line);
    if (!datagram)
      return std::move(datagram.error());
    return message{std::move(*datagram)};
  }
  return parse_text(model, line.text);
}

} // namespace meterhub::skstack
