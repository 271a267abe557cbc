#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <caf/expected.hpp>

#include "meterhub/core/reading.hpp"
#include "meterhub/modbus_link/link.hpp"
#include "meterhub/profiles/profile.hpp"
#include "settings.hpp"

/// What the line actor asks of a device, whatever protocol its profile names: Modbus registers planned from the
/// profile, or Mercury 23x requests. The line actor owns the loop, schedules and publishing; a driver only talks.
namespace meterhub::modbus_service {

/// One value a poll could not deliver, and why.
struct value_failure {
  std::string what; ///< the register's name or the Mercury item
  caf::error why;
};

/// What polling one group gave: the readings, and the values that failed while the device did answer.
struct group_result {
  std::vector<reading> readings;
  std::vector<value_failure> failures;
};

/// What a device says about itself.
struct device_identity {
  std::string model, serial, firmware;
};

class device_driver {
public:
  virtual ~device_driver();

  /// Polls one group. An error means the device gave nothing useful (no answer, the line failed, every request
  /// refused); values that failed alone are in the result's failures.
  virtual caf::expected<group_result> poll(modbus_link::link& line, const profiles::poll_group& group,
                                           std::int64_t now_ms) = 0;

  /// Model, serial and firmware, as far as the device told them.
  virtual device_identity identity() const = 0;

  /// After an outage from `from_ms` to `to_ms`: the readings the device kept meanwhile, flagged backfilled, on its
  /// own timestamps. Devices without archives refuse (the adapter only asks when the profile says they keep one).
  virtual caf::expected<std::vector<reading>> backfill(modbus_link::link& line, std::int64_t from_ms,
                                                       std::int64_t to_ms, std::int64_t now_ms);

  /// Reads one named value (a profile register, or a Mercury item) or a raw address ("holding:100", "input:0x10",
  /// with an optional "/f32/CDAB" type), for the READ command and the CLI.
  virtual caf::expected<std::vector<reading>> read_value(modbus_link::link& line, std::string_view what,
                                                         std::int64_t now_ms) = 0;

  /// Writes a profile's writable register (its range checked) or a raw address, for the WRITE command and the CLI.
  virtual caf::error write_value(modbus_link::link& line, std::string_view what, std::string_view value) = 0;

  /// Sets the device's clock (Mercury); others refuse.
  virtual caf::error set_clock(modbus_link::link& line, std::int64_t unix_ms);
};

/// The driver for a device's protocol.
std::unique_ptr<device_driver> make_driver(const device_settings& device);

} // namespace meterhub::modbus_service
