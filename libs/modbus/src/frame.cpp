// The RTU and TCP envelopes around a PDU.
#include "meterhub/modbus/frame.hpp"

#include <string>

#include "meterhub/modbus/error.hpp"
#include "pdu.hpp"

namespace meterhub::modbus {

namespace {

using detail::bytes;

/// A frame's envelope fields and its PDU.
struct envelope {
  std::uint16_t transaction_id = 0;
  std::uint8_t unit_id = 0;
  std::span<const std::uint8_t> pdu;
};

caf::error bad_frame(std::string_view why) {
  return make_error(modbus_errc::bad_frame, why);
}

bytes wrap(framing f, std::uint16_t transaction_id, std::uint8_t unit_id, const bytes& pdu) {
  bytes out;
  if (f == framing::tcp) {
    detail::put16(out, transaction_id);
    detail::put16(out, 0); // protocol id: Modbus
    detail::put16(out, static_cast<std::uint16_t>(pdu.size() + 1));
  }
  out.push_back(unit_id);
  out.insert(out.end(), pdu.begin(), pdu.end());
  if (f == framing::rtu)
    append_crc16_modbus(out);
  return out;
}

caf::expected<envelope> unwrap_rtu(std::span<const std::uint8_t> frame) {
  // Serial Line §2.5.1: address, function, data (up to 252 bytes), CRC: 4 to 256 bytes.
  if (frame.size() < 4 || frame.size() > 256)
    return bad_frame("an RTU frame of " + std::to_string(frame.size()) + " bytes");
  if (!has_valid_crc16_modbus(frame))
    return bad_frame("CRC mismatch");
  return envelope{0, frame[0], frame.subspan(1, frame.size() - 3)};
}

caf::expected<envelope> unwrap_tcp(std::span<const std::uint8_t> frame) {
  if (frame.size() < 8 || frame.size() > 7 + max_pdu_size)
    return bad_frame("a TCP frame of " + std::to_string(frame.size()) + " bytes");
  if (detail::get16(frame, 2) != 0)
    return bad_frame("MBAP protocol id " + std::to_string(detail::get16(frame, 2)) + ", not 0");
  if (detail::get16(frame, 4) != frame.size() - 6)
    return bad_frame("MBAP length " + std::to_string(detail::get16(frame, 4)) + " for "
                     + std::to_string(frame.size() - 6) + " bytes");
  return envelope{detail::get16(frame, 0), frame[6], frame.subspan(7)};
}

caf::expected<envelope> unwrap(std::span<const std::uint8_t> frame, framing f) {
  return f == framing::rtu ? unwrap_rtu(frame) : unwrap_tcp(frame);
}

/// The response in `frame`, checked against `sent` when given.
caf::expected<response> parse_response_to(std::span<const std::uint8_t> frame, const request* sent, framing f) {
  auto env = unwrap(frame, f);
  if (!env)
    return env.error();
  if (sent != nullptr
      && (env->transaction_id != (f == framing::tcp ? sent->transaction_id : 0) || env->unit_id != sent->unit_id))
    return bad_frame("a response for transaction " + std::to_string(env->transaction_id) + ", unit "
                     + std::to_string(env->unit_id));
  auto r = detail::parse_response_pdu(env->pdu, sent);
  if (!r)
    return r.error();
  r->transaction_id = env->transaction_id;
  r->unit_id = env->unit_id;
  return r;
}

} // namespace

caf::expected<std::vector<std::uint8_t>> encode_request(const request& r, framing f) {
  auto pdu = detail::request_pdu(r);
  if (!pdu)
    return pdu.error();
  return wrap(f, r.transaction_id, r.unit_id, *pdu);
}

caf::expected<std::vector<std::uint8_t>> encode_response(const response& r, framing f) {
  auto pdu = detail::response_pdu(r);
  if (!pdu)
    return pdu.error();
  return wrap(f, r.transaction_id, r.unit_id, *pdu);
}

caf::expected<request> parse_request(std::span<const std::uint8_t> frame, framing f) {
  auto env = unwrap(frame, f);
  if (!env)
    return env.error();
  auto r = detail::parse_request_pdu(env->pdu);
  if (!r)
    return r.error();
  r->transaction_id = env->transaction_id;
  r->unit_id = env->unit_id;
  return r;
}

caf::expected<response> parse_response(std::span<const std::uint8_t> frame, const request& sent, framing f) {
  return parse_response_to(frame, &sent, f);
}

caf::expected<response> parse_response(std::span<const std::uint8_t> frame, framing f) {
  return parse_response_to(frame, nullptr, f);
}

std::size_t request_size(const request& r, framing f) noexcept {
  auto pdu = detail::request_pdu_size(r);
  if (pdu == 0)
    return 0;
  return f == framing::rtu ? pdu + 3 : pdu + 7;
}

std::size_t expected_response_size(const request& r, framing f) noexcept {
  auto pdu = detail::response_pdu_size(r);
  if (pdu == 0 || (f == framing::rtu && r.unit_id == 0))
    return 0;
  return f == framing::rtu ? pdu + 3 : pdu + 7;
}

} // namespace meterhub::modbus
