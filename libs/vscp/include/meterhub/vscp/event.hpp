#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "meterhub/core/reading.hpp"
#include "meterhub/vscp/guid.hpp"
#include "meterhub/vscp/settings.hpp"

/// From meterhub readings to the MQTT messages vscp-python-p1-power-meter publishes (shared/specs/vscp.md §4-§7,
/// with the decisions of §10). Pure: the caller passes the clock reading, nothing is logged or sent.
///
/// What is sent, reading by reading in batch order:
/// - one message per reading of the 26 values (by OBIS quantity, in the bus unit) whose switch is on, and per reading
///   of a custom mapping's quantity; other quantities are not VSCP values and are passed over;
/// - not sent, and reported in `translation::skipped`: readings without a value (text readings), flagged invalid,
///   flagged backfilled (the script only ever sent live values, and a VSCP event says "now": its time is the time
///   of publishing, so an archived value would be stamped wrongly), a value whose unit is not the bus unit of its
///   quantity, a value that is not finite after scaling, no GUID (no MAC and no configured GUID), a topic that is
///   empty (the template's way to suppress) or that MQTT forbids (a note with `+`, `#` or NUL in no_vscp mode);
/// - the value is the meter's number in the script's unit (kWh, kW, kvarh, kvar, V, A) or the spec profile's,
///   written as Python's repr(float): no zero padding, never a lost digit or sign (spec §10); the reading's own
///   time is not used, as the script stamped events with the time of publishing.
namespace meterhub::vscp {

/// One MQTT publish.
struct message {
  std::string topic;
  std::string payload;
  std::uint8_t qos = 0;  ///< `settings::qos`; the script used paho's default, 0
  bool retained = false; ///< never retained, as in the script

  friend bool operator==(const message&, const message&) = default;
};

/// One VSCP measurement event, before serialisation.
struct measurement_event {
  vscp::guid guid;
  std::uint16_t vscp_class = class_measurement_str;
  std::uint16_t type = 0;
  std::uint8_t sensor_index = 0;
  std::uint8_t zone = 0;
  std::uint8_t subzone = 0;
  /// Data byte 3.
  std::uint8_t unit = 0;
  /// `measurement.unit` in the JSON: always 1 in the script profile, the real unit byte otherwise.
  std::uint8_t measurement_unit = 0;
  /// The published number (already in the event's unit).
  double value = 0;
  std::string note;
};

/// The event's data bytes: sensor index, zone, subzone, unit, then for class 1040 the ASCII of
/// `python_float_repr(value)` and a terminating 0 (as the script adds), for class 1060 the double big-endian.
std::vector<std::uint8_t> event_data(const measurement_event& e);

/// The payload as the script's `json.dumps(j)` writes it: vscpHead 32864, vscpObId 0, vscpDateTime (UTC of
/// `now_ms`), vscpTimeStamp (`now_ms` mod 2^32), vscpClass, vscpType, vscpGuid, vscpData, vscpNote and the
/// measurement object {value, unit, sensorindex, zone, subzone}, with ", " and ": " separators.
std::string event_json(const measurement_event& e, std::int64_t now_ms);

/// Why a reading that maps onto a VSCP value was not sent.
enum class skip_reason : std::uint8_t {
  no_value,    ///< a text reading
  invalid,     ///< flag::invalid
  backfilled,  ///< flag::backfilled: archived, while a VSCP event means "now"
  wrong_unit,  ///< not in the bus unit of its quantity (Wh, varh, W, var, V, A)
  not_finite,  ///< NaN or infinite, or overflowing when scaled
  no_guid,     ///< VSCP mode without MAC and without configured GUID
  empty_topic, ///< the template (or, in no_vscp mode, the note) gives an empty topic: not published, as in the script
  bad_topic,   ///< a topic MQTT forbids, or a template `check_topic_template` refuses
};

/// "no_value", "invalid", ...
const char* to_string(skip_reason reason) noexcept;

/// A reading of the batch that was not sent.
struct skipped_reading {
  std::size_t index = 0; ///< into `reading_batch::readings`
  skip_reason reason = skip_reason::no_value;

  friend bool operator==(const skipped_reading&, const skipped_reading&) = default;
};

/// The messages of one batch and what was left out, for the bridge's counters.
struct translation {
  std::vector<message> messages;
  std::vector<skipped_reading> skipped;
};

/// Translates a batch (see the namespace comment for what is sent and what is skipped). `now_ms` is the wall clock
/// in milliseconds since the epoch at the time of publishing.
translation translate_batch(const reading_batch& batch, const settings& s, std::int64_t now_ms);

/// The messages of `translate_batch`, for callers that do not count skipped readings.
std::vector<message> translate(const reading_batch& batch, const settings& s, std::int64_t now_ms);

} // namespace meterhub::vscp
