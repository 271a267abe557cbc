#include "meterhub/mercury/reply.hpp"

#include <algorithm>
#include <string>

#include "meterhub/modbus/crc.hpp"
#include "meterhub/mercury/error.hpp"

namespace meterhub::mercury {

namespace {

constexpr std::size_t frame_overhead = 3; // address + CRC

reply_shape data(std::uint16_t a, std::uint16_t b = 0, std::uint16_t c = 0) noexcept {
  return reply_shape{false, {a, b, c}};
}

reply_shape info_shape(info_kind kind) noexcept {
  switch (kind) {
    case info_kind::serial:
      return data(7);
    case info_kind::passport:
      return data(16, 24);
    case info_kind::ratios:
      return data(4, 10);
    case info_kind::version:
      return data(3);
    case info_kind::network_address:
      return data(2);
    case info_kind::variant:
      return data(3, 6, 12);
    case info_kind::profile_pointer:
      return data(9);
  }
  return data(0);
}

struct shape_visitor {
  reply_shape operator()(const read_time&) const { return data(8); }
  reply_shape operator()(const read_energy& r) const { return data(r.array == energy_array::phases ? 12 : 16); }
  reply_shape operator()(const read_memory& r) const { return data(r.count); }
  reply_shape operator()(const read_info& r) const { return info_shape(r.kind); }
  reply_shape operator()(const read_aux& r) const {
    const auto layout = aux_layout_of(r);
    return data(static_cast<std::uint16_t>(layout.values * layout.width));
  }
  template <class Status>
  reply_shape operator()(const Status&) const {
    return reply_shape{true, {}};
  }
};

bool checks(std::span<const std::uint8_t> buffer, std::size_t n) noexcept {
  return n >= 4 && buffer.size() >= n && modbus::crc16_modbus(buffer.first(n)) == 0;
}

caf::error status_in_place_of_data(std::uint8_t status) {
  if (auto code = status_error(status))
    return make_error(*code, "status " + std::to_string(status));
  return make_error(mercury_errc::bad_length, "status 0 in place of data");
}

} // namespace

bool reply_shape::allows(std::size_t n) const noexcept {
  return !status && n > 0 && std::find(data_lengths.begin(), data_lengths.end(), n) != data_lengths.end();
}

std::size_t reply_shape::max_frame() const noexcept {
  if (status)
    return min_frame_size;
  return std::max<std::size_t>(*std::max_element(data_lengths.begin(), data_lengths.end()) + frame_overhead,
                               min_frame_size);
}

reply_shape reply_shape_of(const request& r) noexcept {
  return std::visit(shape_visitor{}, r);
}

aux_layout aux_layout_of(const read_aux& r) noexcept {
  const int parameter = r.bwri >> 4;
  const std::size_t width = parameter == 6 || parameter == 7 ? 2 : 3;
  if (r.format == aux_format::single || parameter == 4 || parameter == 7)
    return {1, width};
  if (parameter == 6)
    return {3, width};
  return {(r.bwri & 0x03) == 0 ? std::size_t{4} : std::size_t{3}, width};
}

std::size_t reply_frame_length(std::span<const std::uint8_t> buffer, const request& r) noexcept {
  const auto shape = reply_shape_of(r);
  for (auto it = shape.data_lengths.rbegin(); it != shape.data_lengths.rend(); ++it)
    if (*it > 0 && checks(buffer, *it + frame_overhead))
      return *it + frame_overhead;
  return checks(buffer, min_frame_size) ? min_frame_size : 0;
}

caf::expected<std::span<const std::uint8_t>> check_reply(std::span<const std::uint8_t> frame, std::uint8_t address,
                                                         const request& r) {
  auto parts = open_frame(frame);
  if (!parts)
    return parts.error();
  if (address != 0 && parts->address != address)
    return make_error(mercury_errc::wrong_address, "reply from " + std::to_string(parts->address) +
                                                       " to a request for " + std::to_string(address));
  const auto shape = reply_shape_of(r);
  const auto body = parts->body;
  if (shape.status) {
    if (body.size() != 1)
      return make_error(mercury_errc::bad_length, "a status reply has 1 byte, got " + std::to_string(body.size()));
    if (auto code = status_error(body[0]))
      return make_error(*code, "status " + std::to_string(body[0]));
    return body.first(0);
  }
  if (body.size() == 1 && !shape.allows(1))
    return status_in_place_of_data(body[0]);
  if (!shape.allows(body.size()))
    return make_error(mercury_errc::bad_length, std::to_string(body.size()) + " data bytes where the request "
                                                                              "allows " +
                                                    std::to_string(shape.data_lengths[0]));
  return body;
}

bytes data_reply(std::uint8_t address, std::span<const std::uint8_t> data) {
  return seal(address, data);
}

} // namespace meterhub::mercury
