#include "meterhub/modbus/splitter.hpp"

#include <string>

#include "meterhub/modbus/error.hpp"
#include "pdu.hpp"
#include "shapes.hpp"

namespace meterhub::modbus {

std::string_view to_string(direction d) noexcept {
  switch (d) {
    case direction::request:
      return "request";
    case direction::response:
      return "response";
    case direction::unknown:
      return "unknown";
  }
  return "unknown";
}

void frame_splitter::feed(std::span<const std::uint8_t> bytes) {
  buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
}

std::optional<stream_item> frame_splitter::next() {
  for (;;) {
    if (skipped_ >= max_skipped_run)
      return take_skipped();
    auto at = start_ + skipped_;
    if (at >= buffer_.size())
      return finished_ && skipped_ > 0 ? std::optional{take_skipped()} : std::nullopt;
    auto rest = std::span{buffer_}.subspan(at);
    auto scan = framing_ == framing::rtu ? detail::scan_rtu(rest, finished_) : detail::scan_tcp(rest, finished_);
    if (scan.kind == detail::scan_result::none) {
      if (skipped_ == 0)
        skip_reason_ = scan.why;
      ++skipped_;
      continue;
    }
    // Skipped bytes wait for the frame that ends them, so that runs do not depend on how the bytes were fed.
    if (scan.kind == detail::scan_result::need_more)
      return std::nullopt;
    if (skipped_ > 0)
      return take_skipped();
    return take_frame(scan.length, scan.direction);
  }
}

stream_item frame_splitter::take_skipped() {
  stream_item item;
  item.bytes.assign(buffer_.begin() + static_cast<std::ptrdiff_t>(start_),
                    buffer_.begin() + static_cast<std::ptrdiff_t>(start_ + skipped_));
  item.error = make_error(modbus_errc::bad_frame,
                          std::to_string(skipped_) + " bytes skipped: " + std::string{skip_reason_});
  start_ += skipped_;
  skipped_ = 0;
  compact();
  return item;
}

/// After a request of this unit and function (and TCP transaction) its response is due; otherwise a request.
direction frame_splitter::preferred() const noexcept {
  bool rtu = framing_ == framing::rtu;
  if (last_.direction != direction::request || buffer_.size() < start_ + (rtu ? 2 : 8))
    return direction::request;
  auto rest = std::span{buffer_}.subspan(start_);
  std::uint8_t unit = rtu ? rest[0] : rest[6];
  std::uint8_t function = (rtu ? rest[1] : rest[7]) & 0x7F;
  bool same_transaction = rtu || detail::get16(rest, 0) == last_.transaction_id;
  return unit == last_.unit_id && function == last_.function && same_transaction ? direction::response
                                                                                 : direction::request;
}

stream_item frame_splitter::take_frame(std::size_t length, direction d) {
  bool known = framing_ == framing::rtu || is_supported(static_cast<function_code>(buffer_[start_ + 7] & 0x7F));
  if (d == direction::unknown && known)
    d = preferred();
  stream_item item{{buffer_.begin() + static_cast<std::ptrdiff_t>(start_),
                    buffer_.begin() + static_cast<std::ptrdiff_t>(start_ + length)},
                   d,
                   {}};
  bool rtu = framing_ == framing::rtu;
  last_ = {d, item.bytes[rtu ? 0 : 6], static_cast<std::uint8_t>(item.bytes[rtu ? 1 : 7] & 0x7F),
           rtu ? std::uint16_t{0} : detail::get16(item.bytes, 0)};
  start_ += length;
  compact();
  return item;
}

void frame_splitter::compact() {
  // Drop returned bytes once they are most of the buffer: amortised O(1) per byte.
  if (start_ > 0 && start_ >= buffer_.size() / 2) {
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(start_));
    start_ = 0;
  }
}

} // namespace meterhub::modbus
