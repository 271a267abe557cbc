#include <string>

#include "meterhub/mercury/error.hpp"
#include "meterhub/mercury/request.hpp"
#include "meterhub/mercury/values.hpp"
#include "request_rules.hpp"

namespace meterhub::mercury {

namespace {

using body_view = std::span<const std::uint8_t>;
using result = caf::expected<request>;

caf::error wrong_size(body_view body, std::size_t expected) {
  return make_error(mercury_errc::bad_length, "command " + std::to_string(body[0]) + " takes " +
                                                  std::to_string(expected - 1) + " parameter bytes, got " +
                                                  std::to_string(body.size() - 1));
}

caf::error unknown(body_view body) {
  std::string what = "command " + std::to_string(body[0]);
  if (body.size() > 1)
    what += " parameter " + std::to_string(body[1]);
  return make_error(mercury_errc::invalid_command, what);
}

result decode_open(body_view body) {
  if (body.size() != 8)
    return wrong_size(body, 8);
  if (!detail::known_level(body[1]))
    return make_error(mercury_errc::bad_value, "access level " + std::to_string(body[1]));
  open_channel r{static_cast<access_level>(body[1]), {}};
  std::copy(body.begin() + 2, body.end(), r.password.begin());
  return r;
}

result decode_correct_time(body_view body) {
  if (body.size() != 5)
    return wrong_size(body, 5);
  auto s = from_bcd(body[2]), m = from_bcd(body[3]), h = from_bcd(body[4]);
  if (!s || !m || !h || *s >= 60 || *m >= 60 || *h >= 24)
    return make_error(mercury_errc::bad_value, "correction time is not a BCD time of day");
  return correct_time{{*h, *m, *s}};
}

result decode_write(body_view body) {
  if (body.size() < 2)
    return unknown(body);
  if (body[1] == detail::write_correct_time)
    return decode_correct_time(body);
  if (body[1] != detail::write_set_time)
    return unknown(body);
  if (body.size() != 10)
    return wrong_size(body, 10);
  auto t = decode_meter_time(body.subspan(2));
  if (!t)
    return make_error(mercury_errc::bad_value, "set-time fields are not a valid meter time");
  return set_time{*t};
}

result decode_read_time(body_view body) {
  if (body.size() < 2 || body[1] != 0x00)
    return unknown(body);
  if (body.size() != 2)
    return wrong_size(body, 2);
  return read_time{};
}

result decode_energy(body_view body) {
  if (body.size() != 3)
    return wrong_size(body, 3);
  read_energy r{static_cast<energy_array>(body[1] >> 4), static_cast<std::uint8_t>(body[1] & 0x0F), body[2]};
  if (auto problem = detail::energy_problem(r))
    return make_error(mercury_errc::bad_value, *problem);
  return r;
}

result decode_memory(body_view body) {
  if (body.size() != 5)
    return wrong_size(body, 5);
  if (body[4] == 0)
    return make_error(mercury_errc::bad_value, "memory read of 0 bytes");
  return read_memory{body[1], static_cast<std::uint16_t>((body[2] << 8) | body[3]), body[4]};
}

result decode_param(body_view body) {
  if (body.size() < 2)
    return unknown(body);
  if (detail::known_aux(body[1])) {
    if (body.size() != 3)
      return wrong_size(body, 3);
    return read_aux{static_cast<aux_format>(body[1]), body[2]};
  }
  if (!detail::known_info(body[1]))
    return unknown(body);
  if (body.size() != 2)
    return wrong_size(body, 2);
  return read_info{static_cast<info_kind>(body[1])};
}

result decode_plain(body_view body, request r) {
  if (body.size() != 1)
    return wrong_size(body, 1);
  return r;
}

result decode_body(body_view body) {
  switch (static_cast<command>(body[0])) {
    case command::test_link:
      return decode_plain(body, test_link{});
    case command::open_channel:
      return decode_open(body);
    case command::close_channel:
      return decode_plain(body, close_channel{});
    case command::write:
      return decode_write(body);
    case command::read_time:
      return decode_read_time(body);
    case command::read_array:
      return decode_energy(body);
    case command::read_memory:
      return decode_memory(body);
    case command::read_param:
      return decode_param(body);
  }
  return unknown(body);
}

} // namespace

caf::expected<addressed_request> decode_request(std::span<const std::uint8_t> frame) {
  auto parts = open_frame(frame);
  if (!parts)
    return parts.error();
  auto r = decode_body(parts->body);
  if (!r)
    return r.error();
  return addressed_request{parts->address, std::move(*r)};
}

} // namespace meterhub::mercury
