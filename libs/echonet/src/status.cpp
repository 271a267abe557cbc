#include <string>

#include "bytes.hpp"
#include "checks.hpp"
#include "meterhub/echonet/meter.hpp"

namespace meterhub::echonet {

namespace {

/// A one-byte flag property whose two codes mean true and false (0x80, 0x88).
caf::expected<bool> two_state(std::span<const std::uint8_t> edt, std::uint8_t yes, std::uint8_t no,
                              const char* what) {
  if (auto err = detail::expect_size(edt, 1, what))
    return err;
  if (edt[0] == yes)
    return true;
  if (edt[0] == no)
    return false;
  return detail::bad_value(what, edt[0]);
}

} // namespace

caf::expected<bool> decode_operation_status(std::span<const std::uint8_t> edt) {
  return two_state(edt, 0x30, 0x31, "operation status");
}

caf::expected<bool> decode_fault_status(std::span<const std::uint8_t> edt) {
  return two_state(edt, 0x41, 0x42, "fault status");
}

caf::expected<std::uint8_t> decode_installation_location(std::span<const std::uint8_t> edt) {
  if (auto err = detail::expect_size(edt, 1, "installation location"))
    return err;
  return edt[0];
}

caf::expected<std::string> decode_standard_version(std::span<const std::uint8_t> edt) {
  if (auto err = detail::expect_size(edt, 4, "standard version"))
    return err;
  if (edt[2] < 'A' || edt[2] > 'Z')
    return detail::bad_value("release letter", edt[2]);
  return std::string(1, static_cast<char>(edt[2])) + "." + std::to_string(edt[3]);
}

caf::expected<std::uint32_t> decode_manufacturer_code(std::span<const std::uint8_t> edt) {
  if (auto err = detail::expect_size(edt, 3, "manufacturer code"))
    return err;
  return (std::uint32_t{edt[0]} << 16) | (std::uint32_t{edt[1]} << 8) | edt[2];
}

caf::expected<std::string> decode_serial_number(std::span<const std::uint8_t> edt) {
  if (edt.empty() || edt.size() > 12)
    return make_error(echonet_errc::bad_size, "serial number takes 1…12 bytes, got " + std::to_string(edt.size()));
  std::string text;
  for (auto b : edt) {
    if (b != 0 && (b < 0x20 || b > 0x7E))
      return detail::bad_value("serial number byte", b);
    text += static_cast<char>(b);
  }
  while (!text.empty() && (text.back() == '\0' || text.back() == ' '))
    text.pop_back();
  if (text.find('\0') != std::string::npos)
    return make_error(echonet_errc::bad_value, "NUL inside the serial number");
  return text;
}

caf::expected<meter_date_time> decode_current_time(std::span<const std::uint8_t> edt) {
  if (auto err = detail::expect_size(edt, 2, "current time"))
    return err;
  if (edt[0] > 23)
    return detail::bad_value("hour", edt[0]);
  if (edt[1] > 59)
    return detail::bad_value("minute", edt[1]);
  meter_date_time t;
  t.hour = edt[0];
  t.minute = edt[1];
  return t;
}

caf::expected<meter_date_time> decode_current_date(std::span<const std::uint8_t> edt) {
  if (auto err = detail::expect_size(edt, 4, "current date"))
    return err;
  const std::uint8_t padded[] = {edt[0], edt[1], edt[2], edt[3], 0, 0};
  return read_date_time(padded, false);
}

caf::expected<std::vector<eoj>> decode_instance_list(std::span<const std::uint8_t> edt) {
  if (edt.empty() || edt.size() != 1 + std::size_t{edt[0]} * 3)
    return make_error(echonet_errc::bad_size, "instance list of " + std::to_string(edt.size()) + " bytes");
  std::vector<eoj> out;
  for (std::size_t i = 1; i < edt.size(); i += 3)
    out.push_back({edt[i], edt[i + 1], edt[i + 2]});
  return out;
}

} // namespace meterhub::echonet
