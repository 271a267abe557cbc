#include "meterhub/mirror/discovery.hpp"

#include "meterhub/core/obis.hpp"

namespace meterhub::mirror {

namespace {

constexpr std::string_view measurement = "measurement";
constexpr std::string_view total_increasing = "total_increasing";

/// How a quantity's value evolves.
enum class course : std::uint8_t { instant, cumulative, net, event_count, code };

course course_of(std::string_view quantity) noexcept {
  const auto code = obis_code::parse(quantity);
  if (!code) {
    const bool counter = quantity.find("count") != std::string_view::npos ||
                         quantity.find("pulse") != std::string_view::npos;
    return counter ? course::cumulative : course::instant; // x: quantities: x:di_count.3, x:pulse_count
  }
  if (code->a() == 0) {
    if (code->b() != 0 && code->c() == 24 && code->d() == 2)
      return course::cumulative; // M-Bus meter readings
    if (code->c() == 96 && code->d() == 7)
      return course::event_count; // DSMR power failures 96.7.21 / 96.7.9
    return course::code;          // ids, tariff, texts, device types, breaker and valve states
  }
  if (code->d() == 8)
    return code->c() == 16 ? course::net : course::cumulative;
  if ((code->c() == 32 || code->c() == 52 || code->c() == 72) && (code->d() == 32 || code->d() == 36))
    return course::event_count; // DSMR voltage sags and swells
  return course::instant;
}

std::string_view total_class(course c) noexcept {
  return c == course::net ? "total" : total_increasing;
}

/// Equipment ids, serial numbers, device names: diagnostic, not what a dashboard shows (a text message is).
bool is_identifier(std::string_view quantity) noexcept {
  const auto code = obis_code::parse(quantity);
  return code && code->a() == 0 && ((code->c() == 96 && code->d() == 1) || (code->c() == 42 && code->d() == 0));
}

bool is_power_factor(std::string_view quantity) noexcept {
  const auto code = obis_code::parse(quantity);
  return code && code->a() == 1 && code->d() == 7 &&
         (code->c() == 13 || code->c() == 33 || code->c() == 53 || code->c() == 73);
}

/// Energy-like units: a device class only on totals (Home Assistant refuses energy, gas and water measurements).
sensor_class total_or_plain(std::string_view device_class, std::string_view ha_unit, course c) noexcept {
  if (c == course::cumulative || c == course::net)
    return {device_class, total_class(c), ha_unit};
  return {{}, measurement, ha_unit};
}

std::string_view volume_class(mbus_medium medium, std::string_view quantity) noexcept {
  switch (medium) {
    case mbus_medium::water:
      return "water";
    case mbus_medium::gas:
      return "gas";
    case mbus_medium::heat:
    case mbus_medium::electricity:
      return "volume";
    case mbus_medium::unknown:
      break;
  }
  // A channel whose type was not seen: DSMR meters put the gas meter there almost always.
  return quantity.starts_with("0-") ? "gas" : "volume";
}

sensor_class unitless(std::string_view quantity, course c) noexcept {
  if (is_power_factor(quantity))
    return {"power_factor", measurement, {}};
  switch (c) {
    case course::event_count:
    case course::cumulative:
      return {{}, total_increasing, {}};
    case course::code:
      return {{}, {}, {}, quantity.find(":24.1.0") != std::string_view::npos};
    default:
      return {{}, measurement, {}};
  }
}

} // namespace

mbus_medium medium_of_mbus_type(int type) noexcept {
  switch (type) {
    case 0x02:
      return mbus_medium::electricity;
    case 0x03:
      return mbus_medium::gas;
    case 0x04:
    case 0x0C:
    case 0x0D:
      return mbus_medium::heat;
    case 0x06:
    case 0x07:
    case 0x15:
    case 0x16:
      return mbus_medium::water;
    default:
      return mbus_medium::unknown;
  }
}

sensor_class classify(std::string_view quantity, unit u, bool text, mbus_medium medium,
                      bool reactive_energy_class) noexcept {
  if (text)
    return {{}, {}, {}, is_identifier(quantity)};
  auto c = course_of(quantity);
  if (!obis_code::parse(quantity) && (u == unit::wh || u == unit::gj || u == unit::varh || u == unit::vah ||
                                      u == unit::m3))
    c = course::cumulative; // an x: energy or volume is a register the device counts up
  switch (u) {
    case unit::wh:
      return total_or_plain("energy", "Wh", c);
    case unit::gj:
      return total_or_plain("energy", "GJ", c);
    case unit::varh:
      return total_or_plain(reactive_energy_class ? "reactive_energy" : "", "varh", c);
    case unit::vah:
      return total_or_plain({}, "VAh", c);
    case unit::m3:
      return total_or_plain(volume_class(medium, quantity), "m³", c);
    case unit::w:
      return {"power", measurement, "W"};
    case unit::var:
      return {"reactive_power", measurement, "var"};
    case unit::va:
      return {"apparent_power", measurement, "VA"};
    case unit::v:
      return {"voltage", measurement, "V"};
    case unit::a:
      return {"current", measurement, "A"};
    case unit::hz:
      return {"frequency", measurement, "Hz"};
    case unit::celsius:
      return {"temperature", measurement, "°C"};
    case unit::second:
      return c == course::instant ? sensor_class{"duration", measurement, "s"} : sensor_class{{}, measurement, "s"};
    case unit::degree:
      return {{}, measurement, "°"};
    case unit::none:
      break;
  }
  return unitless(quantity, c);
}

} // namespace meterhub::mirror
