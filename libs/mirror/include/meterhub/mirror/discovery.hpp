#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "meterhub/core/reading.hpp"
#include "meterhub/mirror/message.hpp"
#include "meterhub/mirror/settings.hpp"
#include "meterhub/mirror/topics.hpp"

/// Home Assistant MQTT discovery: one `sensor` config per device and value, its state topic the value's plain topic.
///
/// Classes follow Home Assistant's sensor rules: a device class only with a unit it accepts, and energy, gas and
/// water classes only on totals. Cumulative registers (OBIS D = 8, the M-Bus meter readings 0-n:24.2.x, x:
/// quantities in Wh/varh/GJ/m³) are `total_increasing` (a smaller value is a new meter, not negative energy), the
/// net register 16.8.0 is `total`, instantaneous values are `measurement`, text has no state class. So the energy
/// counters (device class energy, total_increasing, Wh) can be picked in the Energy dashboard as they are, and the
/// gas or water channel (M-Bus device type 3, or 6/7/21/22, seen on 0-n:24.1.0) as gas or water consumption.
namespace meterhub::mirror {

/// What an M-Bus channel meters, from its device type (EN 13757-3: 3 gas, 4/12/13 heat, 6/7/21/22 water, 2
/// electricity).
enum class mbus_medium : std::uint8_t { unknown, gas, water, heat, electricity };

/// The medium of an M-Bus device type number.
mbus_medium medium_of_mbus_type(int type) noexcept;

/// Home Assistant's view of one value; empty strings are left out of the config.
struct sensor_class {
  std::string_view device_class;
  std::string_view state_class;
  std::string_view unit;     ///< Home Assistant's unit text ("m³", not "m3")
  bool diagnostic = false;   ///< equipment ids, serial numbers, M-Bus device types: entity_category diagnostic
};

/// The class of a value of `quantity` in `u`; `text` for text readings. `medium` is the M-Bus channel's, for
/// 0-n:24.2.x; `reactive_energy_class` as in discovery_settings.
sensor_class classify(std::string_view quantity, unit u, bool text, mbus_medium medium,
                      bool reactive_energy_class) noexcept;

/// What the adapter told about the device (its DeviceState), for the config's device block.
struct device_identity {
  std::string protocol;
  std::string model;
  std::string firmware;
  bool state_known = false; ///< a DeviceState was seen: the availability topic has a value

  friend bool operator==(const device_identity&, const device_identity&) = default;
};

/// One value as the configs describe it.
struct value_facts {
  std::string name;     ///< readable name (libs/core quantity_names.hpp)
  std::string quantity;
  unit u = unit::none;
  bool text = false;
  mbus_medium medium = mbus_medium::unknown;
};

/// The config payload: name (the quantity's label), unique_id `{id_prefix}_{device}_{name}` (stable across
/// restarts), object_id and default_entity_id, state_topic, unit_of_measurement, device_class, state_class,
/// entity_category, availability (the device's availability topic once its state is known, and the bridge's own
/// topic when set, both required), a value_template that keeps text within Home Assistant's 255 characters, qos,
/// the device block (identifiers, name, model, manufacturer = the protocol the meter speaks, sw_version = its
/// firmware) and the origin block.
nlohmann::ordered_json discovery_payload(const settings& s, const topic_builder& topics, std::string_view device,
                                         const device_identity& id, const value_facts& value);

/// The retained config message of `value`.
message discovery_message(const settings& s, const topic_builder& topics, std::string_view device,
                          const device_identity& id, const value_facts& value);

} // namespace meterhub::mirror
