#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "meterhub/modbus/value.hpp"
#include "meterhub/profiles/profile.hpp"
#include "quantity.hpp"
#include "register_layout.hpp"

/// What every simulated device of one profile shares: the profile, where its registers sit in the image, and for
/// each register where its value comes from (a model quantity, or a fixed value for identification and settings).
/// Built once per profile, so 1,000 devices of a model share one copy.
namespace meterhub::modbus_sim {

/// Where one register's value comes from.
struct register_source {
  std::optional<quantity_ref> quantity; ///< nullopt: a fixed value (no quantity, or one the model lacks)
  std::optional<quantity_ref> negative; ///< the profile's negative_quantity: the value is quantity − negative
  bool counter = false;                 ///< an energy or pulse count: wraps at the register's width
  int exponent = 0;                     ///< 10^sf from its scale register (0 without one)
  std::optional<int> scale_factor;      ///< a scale register's own value
};

class device_template {
public:
  explicit device_template(std::shared_ptr<const profiles::profile> p);

  const profiles::profile& profile() const noexcept { return *profile_; }
  const std::shared_ptr<const profiles::profile>& profile_ptr() const noexcept { return profile_; }
  const register_layout& layout() const noexcept { return layout_; }
  const register_source& source(std::size_t index) const noexcept { return sources_[index]; }

  /// "voltage_l1_l2 (x:voltage_l12)" for every register whose quantity the model has no value for: it answers 0
  /// (or its fixed value) there, and the program says so at start.
  const std::vector<std::string>& unknown_quantities() const noexcept { return unknown_; }

  /// The value of a register without a quantity on the device at `unit` with `seed`: the profile's identify
  /// rule's value (so that a scan recognises the model), a scale register's factor, a serial number from the
  /// seed, the unit id for an address register, a firmware version, the model name for text, else the register's
  /// `min` or 0.
  modbus::raw_value fixed_value(std::size_t index, std::uint8_t unit, std::uint64_t seed) const;

private:
  void resolve(std::size_t index);
  void choose_scale_factors();

  std::shared_ptr<const profiles::profile> profile_;
  register_layout layout_;
  std::vector<register_source> sources_;
  std::vector<std::string> unknown_;
};

} // namespace meterhub::modbus_sim
