#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

/// The platform's own vocabulary, independent of protobuf: codecs produce these types, the wire library converts them
/// to and from the bus contract (proto/meterhub/v1/reading.proto), so no codec depends on generated code.
namespace meterhub {

/// SI units as published on the bus. The numeric values equal the protobuf enum `meterhub.v1.Unit`.
enum class unit : std::uint8_t {
  none = 0,
  wh = 1,
  varh = 2,
  vah = 3,
  w = 4,
  var = 5,
  va = 6,
  v = 7,
  a = 8,
  hz = 9,
  degree = 10,
  celsius = 11,
  m3 = 12,
  gj = 13,
  second = 14,
};

/// The unit's symbol as users read it ("Wh", "var", "°C"); "" for `unit::none`.
std::string_view to_string(unit u) noexcept;

/// Parses a symbol produced by `to_string` (exact match); nullopt when unknown.
std::optional<unit> unit_from_string(std::string_view symbol) noexcept;

/// Reading qualifiers as bits; the bit position + 1 equals the protobuf enum `meterhub.v1.Flag`.
enum class flag : std::uint32_t {
  invalid = 1u << 0,
  estimated = 1u << 1,
  summer_time = 1u << 2,
  overflow = 1u << 3,
  partial_period = 1u << 4,
  backfilled = 1u << 5,
  suspicious = 1u << 6,
  unauthenticated = 1u << 7,
  ambiguous_time = 1u << 8,
};

/// Number of defined flags (bits 0 .. flag_count-1).
inline constexpr int flag_count = 9;

/// Lower-case name of a single flag ("summer_time"); "" for a value that is not exactly one flag.
std::string_view to_string(flag f) noexcept;

/// One value of one quantity at one instant.
struct reading {
  /// OBIS "A-B:C.D.E" (F omitted when 255) or "x:{name}" for quantities without an OBIS code.
  std::string quantity;
  /// Absent for text-only readings (equipment ids, text messages).
  std::optional<double> value;
  meterhub::unit unit = unit::none;
  /// Measurement time in milliseconds since the Unix epoch, UTC.
  std::int64_t time_ms = 0;
  /// Bit set of `flag` values.
  std::uint32_t flags = 0;
  /// Text value, or the raw form of a value when that matters (a timestamp's wire text).
  std::string text;

  bool has(flag f) const noexcept { return (flags & static_cast<std::uint32_t>(f)) != 0; }
  void set(flag f) noexcept { flags |= static_cast<std::uint32_t>(f); }

  friend bool operator==(const reading&, const reading&) = default;
};

/// Everything one poll or one telegram produced for one device, as published on meterhub/v1/readings/{device}.
struct reading_batch {
  std::string device;
  /// The publishing service instance ("p1/host-1"); with `sequence` it identifies a batch across redeliveries.
  std::string source;
  /// Per-source, strictly increasing; persisted by the publisher so it survives restarts.
  std::uint64_t sequence = 0;
  std::int64_t received_ms = 0;
  std::vector<reading> readings;

  friend bool operator==(const reading_batch&, const reading_batch&) = default;
};

/// True when `id` is a valid device id: `[a-z0-9][a-z0-9_.-]*`, at most 64 characters.
bool is_valid_device_id(std::string_view id) noexcept;

} // namespace meterhub
