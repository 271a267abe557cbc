#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "meterhub/core/reading.hpp"

/// The newest value of each exported (device, quantity), its age and its quality: the part of an export that knows
/// nothing of Modbus. The Modbus register image (image.hpp) renders these into registers; an OPC UA server beside
/// it (none is in Debian's packages today) would keep its own `latest_values` fed by the same batches and map
/// `quality` onto OPC UA status codes (good → Good, stale → Uncertain_LastUsableValue, invalid → Bad,
/// never_received → Bad_WaitingForInitialData, out_of_range → Uncertain_EngineeringUnitsExceeded).
namespace meterhub::modbus_export {

/// What is known of one (device, quantity).
struct latest_value {
  bool present = false;      ///< a reading with a value was taken
  double value = 0.0;        ///< in the bus's SI unit
  std::int64_t time_ms = 0;  ///< the reading's time (the meter's clock when it gives one)
  std::uint32_t flags = 0;   ///< meterhub::flag bits of that reading
  std::int64_t taken_ms = 0; ///< when the bridge took it (the `now_ms` of apply)
};

/// The quality code a SCADA client reads beside each value (one u16 register). When several apply, the highest
/// in this order wins: never_received, invalid, out_of_range, stale, good.
enum class quality : std::uint16_t {
  good = 0,           ///< a recent reading the meter did not flag
  stale = 1,          ///< the reading is older than the value's stale_after: the meter or its adapter is silent
  invalid = 2,        ///< the meter flagged it invalid or suspicious, or it is not a number
  never_received = 3, ///< no reading since the bridge started; the value registers hold 0
  out_of_range = 4,   ///< the value does not fit its registers and shows the type's limit (saturated)
};

/// "good", "stale", "invalid", "never_received", "out_of_range".
std::string_view to_string(quality q) noexcept;

/// The quality of `v` at `now_ms` as far as the value itself tells (never `out_of_range`, which only the encoding
/// knows): never_received, invalid (flag invalid or suspicious, or a value that is not finite), stale (older than
/// `stale_after_ms`), good.
quality assess(const latest_value& v, std::int64_t now_ms, std::int64_t stale_after_ms) noexcept;

/// Whole seconds from the reading's time to `now_ms`: 0 for a time ahead of the clock, the largest uint64 for a
/// value never received (callers saturate it into their register).
std::uint64_t age_seconds(const latest_value& v, std::int64_t now_ms) noexcept;

/// The store: a fixed set of tracked (device, quantity) pairs, each in a numbered slot, holding the newest reading.
/// Not thread-safe (shared_image in image.hpp adds the lock).
class latest_values {
public:
  /// Tracks (device, quantity) and returns its slot; the same slot when the pair is already tracked.
  std::size_t track(std::string_view device, std::string_view quantity);

  /// Takes, for each tracked quantity of the batch's device, the newest reading that has a value, unless the slot
  /// already holds a newer one: a backfilled or archive reading older than what is held never overwrites it; one
  /// of the same time does (a redelivered batch writes the same values again, a corrected one its correction).
  /// Readings without a value (text) are skipped. Returns the slots taken, each once, valid until the next call.
  std::span<const std::size_t> apply(const reading_batch& batch, std::int64_t now_ms);

  /// The slot's value.
  const latest_value& at(std::size_t slot) const noexcept { return values_[slot]; }

  /// The slot of a tracked pair.
  std::optional<std::size_t> find(std::string_view device, std::string_view quantity) const;

  /// Tracked pairs.
  std::size_t size() const noexcept { return values_.size(); }

private:
  using quantity_slots = std::unordered_map<std::string, std::size_t>;
  std::unordered_map<std::string, quantity_slots> devices_;
  std::vector<latest_value> values_;
  std::vector<std::uint64_t> marks_; ///< the apply() generation that last changed the slot
  std::uint64_t generation_ = 0;
  std::vector<std::size_t> changed_;
};

} // namespace meterhub::modbus_export
