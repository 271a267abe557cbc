#include "meterhub/skstack/command.hpp"

#include <string>

#include "hex.hpp"
#include "meterhub/skstack/error.hpp"

namespace meterhub::skstack {

namespace {

bytes line(std::string_view text, std::string_view terminator = "\r\n") {
  bytes out(text.begin(), text.end());
  out.insert(out.end(), terminator.begin(), terminator.end());
  return out;
}

std::string hex(std::uint64_t value, std::size_t width = 0) {
  return detail::to_hex(value, width);
}

} // namespace

bytes encode_reset() {
  return line("SKRESET");
}

bytes encode_info() {
  return line("SKINFO");
}

bytes encode_version(bool application) {
  return line(application ? "SKAPPVER" : "SKVER");
}

caf::expected<bytes> encode_set_password(std::string_view password) {
  if (password.empty() || password.size() > 32)
    return make_error(skstack_errc::bad_argument,
                      "a password has 1 to 32 characters, got " + std::to_string(password.size()));
  return line("SKSETPWD " + hex(password.size()) + " " + std::string{password});
}

caf::expected<bytes> encode_set_route_b_id(std::string_view id) {
  if (id.size() != 32)
    return make_error(skstack_errc::bad_argument,
                      "a Route-B ID has exactly 32 characters, got " + std::to_string(id.size()));
  return line("SKSETRBID " + std::string{id});
}

caf::expected<bytes> encode_scan(module_model model, std::uint8_t duration, std::uint32_t channel_mask,
                                 std::uint8_t mode, std::uint8_t side) {
  if (duration > 14)
    return make_error(skstack_errc::bad_argument, "scan duration is 0 to 14, got " + std::to_string(duration));
  auto text = "SKSCAN " + hex(mode) + " " + hex(channel_mask, 8) + " " + hex(duration);
  if (model == module_model::bp35c2)
    text += " " + hex(side);
  return line(text);
}

bytes encode_set_register(std::string_view name, std::string_view value) {
  return line("SKSREG " + std::string{name} + " " + std::string{value});
}

bytes encode_set_channel(std::uint8_t channel) {
  return encode_set_register("S2", hex(channel));
}

bytes encode_set_pan_id(std::uint16_t pan_id) {
  return encode_set_register("S3", hex(pan_id, 4));
}

bytes encode_ll64(std::uint64_t mac) {
  return line("SKLL64 " + hex(mac, 16));
}

bytes encode_join(const ipv6_address& address) {
  return line("SKJOIN " + to_string(address));
}

caf::expected<bytes> encode_send_to(module_model model, const ipv6_address& address, std::uint16_t port,
                                    std::uint8_t security, std::span<const std::uint8_t> payload,
                                    std::uint8_t handle, std::uint8_t side) {
  if (payload.empty() || payload.size() > 0xFFFF)
    return make_error(skstack_errc::bad_argument,
                      "a SKSENDTO payload has 1 to 65535 bytes, got " + std::to_string(payload.size()));
  if (security > 2)
    return make_error(skstack_errc::bad_argument, "SEC is 0, 1 or 2, got " + std::to_string(security));
  auto text = "SKSENDTO " + hex(handle) + " " + to_string(address) + " " + hex(port, 4) + " " + hex(security);
  if (model == module_model::bp35c2)
    text += " " + hex(side);
  text += " " + hex(payload.size(), 4) + " ";
  bytes out(text.begin(), text.end());
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

bytes encode_terminate() {
  return line("SKTERM");
}

bytes encode_read_option() {
  return line("ROPT", "\r");
}

bytes encode_write_option(data_format format) {
  return line(format == data_format::hex ? "WOPT 01" : "WOPT 00", "\r");
}

} // namespace meterhub::skstack
