#include "meterhub/mercury/frame.hpp"

#include <string>

#include "meterhub/modbus/crc.hpp"
#include "meterhub/mercury/error.hpp"

namespace meterhub::mercury {

bytes seal(std::uint8_t address, std::span<const std::uint8_t> body) {
  bytes out;
  out.reserve(body.size() + 3);
  out.push_back(address);
  out.insert(out.end(), body.begin(), body.end());
  const auto crc = modbus::crc16_modbus(out);
  out.push_back(static_cast<std::uint8_t>(crc & 0xFF));
  out.push_back(static_cast<std::uint8_t>(crc >> 8));
  return out;
}

caf::expected<frame_parts> open_frame(std::span<const std::uint8_t> frame) {
  if (frame.size() < min_frame_size)
    return make_error(mercury_errc::bad_length, "a frame has at least 4 bytes, got " + std::to_string(frame.size()));
  // Spec §2: the CRC over a whole frame, its own two bytes included, is 0.
  if (modbus::crc16_modbus(frame) != 0)
    return make_error(mercury_errc::bad_crc, "CRC-16/MODBUS does not check over " + std::to_string(frame.size()) +
                                                 " bytes");
  return frame_parts{frame[0], frame.subspan(1, frame.size() - 3)};
}

bytes status_reply(std::uint8_t address, std::uint8_t status) {
  const std::uint8_t body[] = {status};
  return seal(address, body);
}

} // namespace meterhub::mercury
