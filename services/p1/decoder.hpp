#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "meterhub/core/reading.hpp"
#include "meterhub/dsmr/framer.hpp"
#include "meterhub/dsmr/readings.hpp"
#include "meterhub/dsmr/smarty.hpp"

namespace meterhub::p1 {

/// How one meter's bytes are read and which values are published.
struct decoder_options {
  dsmr::time_zone zone = dsmr::time_zone::eu_central();
  std::optional<dsmr::smarty_keys> keys; ///< set: the port carries encrypted Smarty envelopes
  std::array<bool, dsmr::value_group_count> publish{true, true, true, true, true, true, true, true};
  bool publish_invalid_crc = false;
  bool clear_bit7 = true;
};

/// The outcome of one frame.
struct decoded_telegram {
  bool accepted = false;
  std::string problem;          ///< why it was rejected ("CRC mismatch: expected 1A2B, received 1A2C", ...)
  std::string counter;          ///< the metric label of the problem: crc, missing_crc, malformed, decrypt
  dsmr::dialect kind = dsmr::dialect::dsmr2;
  std::string ident;            ///< header ident, reported as the device model
  std::string equipment_id;
  std::vector<reading> readings; ///< already filtered by the publish switches
};

/// Bytes in, telegrams out, for one meter: framing (plain or encrypted), CRC policy, conversion, filtering.
/// Pure: the caller passes the receive time and reads the clock itself.
class telegram_decoder {
public:
  explicit telegram_decoder(decoder_options opts);

  void feed(std::string_view bytes);
  /// After an idle gap: closes a frame without an end line.
  void flush_idle();
  /// The next telegram; `received_ms` is the time for telegrams without their own clock (DSMR 2.2/3.0).
  std::optional<decoded_telegram> next(std::int64_t received_ms);

  std::uint64_t dropped_bytes() const noexcept;

private:
  decoded_telegram decode(const std::string& text, bool has_end, std::int64_t received_ms);

  decoder_options opts_;
  dsmr::telegram_framer framer_;
  dsmr::smarty_framer envelopes_;
};

/// "p1-" + the equipment id reduced to device-id characters; "p1-" + `fallback` when there is none.
std::string device_id_for(const std::string& equipment_id, const std::string& fallback);

} // namespace meterhub::p1
