#include "value_format.hpp"

#include <cstdlib>

#include <fmt/format.h>

namespace meterhub::iec61107sim {

namespace {

template <class Range, class Format>
std::string joined(const Range& items, Format format) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty())
      out += ',';
    out += format(item);
  }
  return out;
}

} // namespace

std::string format_energy(std::int64_t wh) {
  const std::int64_t tens = wh / 10;
  return fmt::format("{:06}.{:02}", tens / 100, tens % 100);
}

std::string format_energy_list(const energy_counters& counters) {
  return joined(counters, format_energy);
}

std::string format_max_power_list(const power_maxima& maxima) {
  return joined(maxima, [](int w) { return fmt::format("{:02}.{:03}0", w / 1000, w % 1000); });
}

std::string format_power(std::int64_t dw) {
  return fmt::format("{:05}.{}", dw / 10, dw % 10);
}

std::string format_voltage(std::int64_t cv) {
  return fmt::format("{:03}.{:02}", cv / 100, cv % 100);
}

std::string format_current(std::int64_t ma) {
  return fmt::format("{}.{:03}", ma / 1000, ma % 1000);
}

std::string format_power_factor(int milli) {
  return fmt::format("{}{}.{:03}", milli >= 1000 ? 2 : 1, milli / 1000, milli % 1000);
}

std::string format_frequency(int chz) {
  return fmt::format("{:06}.{:02}", chz / 100, chz % 100);
}

std::string format_temperature(int celsius) {
  return celsius >= 0 ? fmt::format("{:03}", celsius) : fmt::format("1{:02}", std::abs(celsius));
}

std::string format_angle(int ddeg) {
  return fmt::format("{}.{}", ddeg / 10, ddeg % 10);
}

std::string format_profile(std::span<const int> watts) {
  return joined(watts, [](int w) { return fmt::format("{:05}", w); });
}

} // namespace meterhub::iec61107sim
