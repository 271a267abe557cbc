#include "rtu_reader.hpp"

#include "meterhub/mercury/request.hpp"
#include "meterhub/modbus/splitter.hpp"

namespace meterhub::modbus_sim {

namespace {

/// The longest Mercury request: 03 0C with the 8 clock bytes, 13 bytes with address and CRC.
constexpr std::size_t max_mercury_request = 13;

} // namespace

void rtu_reader::feed(std::span<const std::uint8_t> bytes) {
  buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
  if (buffer_.size() > max_buffer) {
    const auto excess = buffer_.size() - max_buffer;
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(excess));
    dropped_ += excess;
  }
}

long rtu_reader::modbus_frame_length() const {
  // A fresh splitter over the buffer: its first item says whether a frame starts at byte 0.
  modbus::frame_splitter splitter{modbus::framing::rtu};
  splitter.feed(buffer_);
  const auto item = splitter.next();
  if (!item)
    return 0;
  if (!item->is_frame())
    return -1;
  return static_cast<long>(item->bytes.size());
}

long rtu_reader::mercury_frame_length() const {
  for (std::size_t n = mercury::min_frame_size; n <= std::min(buffer_.size(), max_mercury_request); ++n) {
    const auto frame = std::span{buffer_}.first(n);
    if (!mercury::open_frame(frame))
      continue;
    // A frame whose CRC checks is the request, whether or not the codec knows its command: a meter answers an
    // unknown one with status 1.
    return static_cast<long>(n);
  }
  return buffer_.size() >= max_mercury_request ? -1 : 0;
}

std::optional<rtu_frame> rtu_reader::next() {
  while (!buffer_.empty()) {
    const bool mercury = mercury_.test(buffer_.front());
    const long length = mercury ? mercury_frame_length() : modbus_frame_length();
    if (length == 0)
      return std::nullopt;
    if (length < 0) {
      buffer_.erase(buffer_.begin());
      ++dropped_;
      continue;
    }
    rtu_frame out{{buffer_.begin(), buffer_.begin() + length}, mercury};
    buffer_.erase(buffer_.begin(), buffer_.begin() + length);
    return out;
  }
  return std::nullopt;
}

std::size_t rtu_reader::silence() noexcept {
  const auto n = buffer_.size();
  dropped_ += n;
  buffer_.clear();
  return n;
}

} // namespace meterhub::modbus_sim
