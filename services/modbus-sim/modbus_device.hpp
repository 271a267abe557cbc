#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "device_template.hpp"
#include "meterhub/modbus/frame.hpp"
#include "physics.hpp"

/// One simulated Modbus device: its physical model, its register image and what clients wrote. It answers
/// requests as a device does: reads of the registers its profile defines (and of the gaps a poll may read across),
/// writes to its writable registers (kept and read back), and Modbus exceptions for everything else. Pure: the
/// caller passes model time.
namespace meterhub::modbus_sim {

/// Who a device is.
struct device_identity {
  std::uint8_t unit = 1;
  std::uint64_t seed = 1;
};

class modbus_device {
public:
  /// `model` gives seed, start time and local time; phases and rated current follow the profile (a profile whose
  /// quantities name no L2/L3 value is single-phase).
  modbus_device(std::shared_ptr<const device_template> t, device_identity id, const physics_options& model);

  /// The answer to `r` at model time `now_ms`: the data or the write's echo, or an exception (exception_code 1:
  /// a single write to a device that takes only function 16, 2: an address the device lacks or that is not
  /// writable, 3: a count beyond what the device sends at once, a write covering part of a value, a value outside
  /// the register's range). Broadcasts (unit 0) are carried out like any write.
  modbus::response answer(const modbus::request& r, std::int64_t now_ms);

  /// The value register `index` shows now, in its published unit (for tests and the control lines).
  double value(std::size_t index) const;

  const device_physics& physics() const noexcept { return physics_; }
  const device_template& model() const noexcept { return *template_; }
  std::uint8_t unit() const noexcept { return id_.unit; }
  /// Moves the model on to `now_ms` (answer does it too).
  void advance_to(std::int64_t now_ms) { physics_.advance_to(now_ms); }

private:
  /// A write a client made: its words, and for a register with a quantity the model's value it replaced, so
  /// that a counter written 0 keeps counting from 0.
  struct held_write {
    std::size_t index;
    std::vector<std::uint16_t> words;
    double written = 0;
    double base = 0;
  };

  modbus::response read(const modbus::request& r);
  modbus::response write(const modbus::request& r);
  std::uint8_t check_write(modbus::table t, const modbus::request& r, std::vector<held_write>& out) const;
  void refresh(modbus::table t, std::uint16_t address, std::uint16_t count);
  std::vector<std::uint16_t> words_of(std::size_t index) const;
  double base_value(std::size_t index) const;
  const held_write* held(std::size_t index) const noexcept;

  std::shared_ptr<const device_template> template_;
  device_identity id_;
  device_physics physics_;
  std::vector<std::uint16_t> image_;
  std::vector<held_write> held_; ///< few: only registers a client wrote
};

/// The physics options that suit profile `p` (its phases) with the rest from `base`.
physics_options physics_for(const profiles::profile& p, physics_options base);

} // namespace meterhub::modbus_sim
