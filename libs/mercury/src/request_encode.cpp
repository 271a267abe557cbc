#include "meterhub/mercury/request.hpp"

#include <string>

#include "meterhub/mercury/error.hpp"
#include "meterhub/mercury/values.hpp"
#include "request_rules.hpp"

namespace meterhub::mercury {

namespace {

using result = caf::expected<bytes>;

result bad(std::string detail) {
  return make_error(mercury_errc::bad_argument, detail);
}

std::uint8_t byte(command c) noexcept {
  return static_cast<std::uint8_t>(c);
}

result body_of(const test_link&) {
  return bytes{byte(command::test_link)};
}

result body_of(const close_channel&) {
  return bytes{byte(command::close_channel)};
}

result body_of(const read_time&) {
  return bytes{byte(command::read_time), 0x00};
}

result body_of(const open_channel& r) {
  if (!detail::known_level(static_cast<std::uint8_t>(r.level)))
    return bad("access level must be 1 or 2");
  bytes out{byte(command::open_channel), static_cast<std::uint8_t>(r.level)};
  out.insert(out.end(), r.password.begin(), r.password.end());
  return out;
}

result body_of(const set_time& r) {
  const auto fields = encode_meter_time(r.time);
  // The fields must survive the meter's reading of them: decode what would be sent.
  auto back = decode_meter_time(fields);
  if (!back || *back != r.time)
    return bad("not a valid meter time");
  bytes out{byte(command::write), detail::write_set_time};
  out.insert(out.end(), fields.begin(), fields.end());
  return out;
}

result body_of(const correct_time& r) {
  const auto& t = r.time;
  if (t.hour >= 24 || t.minute >= 60 || t.second >= 60)
    return bad("not a time of day");
  return bytes{byte(command::write), detail::write_correct_time, to_bcd(t.second), to_bcd(t.minute),
               to_bcd(t.hour)};
}

result body_of(const read_energy& r) {
  if (auto problem = detail::energy_problem(r))
    return bad(*problem);
  const auto code = static_cast<std::uint8_t>((static_cast<std::uint8_t>(r.array) << 4) | r.month);
  return bytes{byte(command::read_array), code, r.tariff};
}

result body_of(const read_memory& r) {
  if (r.count == 0)
    return bad("a memory read needs a count of at least 1");
  return bytes{byte(command::read_memory), r.memory, static_cast<std::uint8_t>(r.address >> 8),
               static_cast<std::uint8_t>(r.address & 0xFF), r.count};
}

result body_of(const read_info& r) {
  if (!detail::known_info(static_cast<std::uint8_t>(r.kind)))
    return bad("unknown 08 parameter");
  return bytes{byte(command::read_param), static_cast<std::uint8_t>(r.kind)};
}

result body_of(const read_aux& r) {
  if (!detail::known_aux(static_cast<std::uint8_t>(r.format)))
    return bad("unknown auxiliary-parameter format");
  return bytes{byte(command::read_param), static_cast<std::uint8_t>(r.format), r.bwri};
}

} // namespace

caf::expected<bytes> encode_body(const request& r) {
  return std::visit([](const auto& x) { return body_of(x); }, r);
}

caf::expected<bytes> encode_request(std::uint8_t address, const request& r) {
  auto body = encode_body(r);
  if (!body)
    return body.error();
  return seal(address, *body);
}

mercury::command command_of(const request& r) noexcept {
  struct visitor {
    command operator()(const test_link&) const { return command::test_link; }
    command operator()(const open_channel&) const { return command::open_channel; }
    command operator()(const close_channel&) const { return command::close_channel; }
    command operator()(const set_time&) const { return command::write; }
    command operator()(const correct_time&) const { return command::write; }
    command operator()(const read_time&) const { return command::read_time; }
    command operator()(const read_energy&) const { return command::read_array; }
    command operator()(const read_memory&) const { return command::read_memory; }
    command operator()(const read_info&) const { return command::read_param; }
    command operator()(const read_aux&) const { return command::read_param; }
  };
  return std::visit(visitor{}, r);
}

caf::expected<mercury::password> password_from_digits(std::string_view digits) {
  mercury::password out{};
  if (digits.size() != out.size())
    return make_error(mercury_errc::bad_argument, "a password has 6 digits, got " + std::to_string(digits.size()));
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (digits[i] < '0' || digits[i] > '9')
      return make_error(mercury_errc::bad_argument, "password character " + std::to_string(i + 1) +
                                                        " is not a digit");
    out[i] = static_cast<std::uint8_t>(digits[i] - '0');
  }
  return out;
}

} // namespace meterhub::mercury
