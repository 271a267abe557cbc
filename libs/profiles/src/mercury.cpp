// Mercury 23x profiles: the model options and the items each group reads (spec mercury-23x.md §4-§6).
#include <algorithm>
#include <array>
#include <string>
#include <cmath>

#include "loader.hpp"
#include "meterhub/mercury/items.hpp"

namespace meterhub::profiles::detail {

using namespace std::chrono_literals;

namespace {

/// Items that only a three-phase meter answers (the angles between phase voltages; a single-phase meter's
/// energy_phases is its L1).
constexpr std::array<std::string_view, 1> three_phase_items{"angles"};

constexpr std::array<std::int64_t, 10> baud_rates{300, 600, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200};

void read_period(const config::reader& r, mercury_options& m) {
  auto period = read_duration(r, "profile_period", 30min);
  auto minutes = std::chrono::duration_cast<std::chrono::minutes>(period);
  // The meter keeps its load profile in whole minutes that tile the hour (1, 2, 3, 5, ... 30, 60).
  if (minutes != period || minutes < 1min || minutes > 60min || 60 % minutes.count() != 0)
    r.fail("profile_period", "expected whole minutes that divide an hour (1m to 60m, such as 30m)");
  else
    m.profile_period = minutes;
}

} // namespace

bool is_mercury_item(std::string_view name) noexcept {
  return mercury::item_from_string(name).has_value();
}

std::string mercury_item_list() {
  std::string list;
  for (auto i : mercury::all_items)
    list += (list.empty() ? "" : ", ") + std::string{mercury::to_string(i)};
  return list;
}

void read_mercury(const config::reader& r, mercury_options& m) {
  r.allow_only({"phases", "tariffs", "energy_wh_per_count", "meter_constant", "power_profile", "profile_period",
                "profile_addressing", "baud"});
  m.phases = static_cast<unsigned>(r.integer("phases", 3, 1, 3));
  if (m.phases == 2)
    r.fail("phases", "expected 1 or 3, got \"2\"");
  m.tariffs = static_cast<unsigned>(r.integer("tariffs", 4, 0, 4));
  m.energy_wh_per_count = r.get<double>("energy_wh_per_count", 1.0);
  if (!(m.energy_wh_per_count > 0) || !std::isfinite(m.energy_wh_per_count))
    r.fail("energy_wh_per_count", "expected a number above 0 (1 for a meter constant of 1000 imp/kWh)");
  m.meter_constant = static_cast<unsigned>(r.integer("meter_constant", 1000, 1, 100000));
  m.power_profile = r.get<bool>("power_profile", true);
  read_period(r, m);
  m.profile_addressing = r.choice("profile_addressing", "byte_address", {"byte_address", "record_index"});
  auto baud = r.integer("baud", 9600, 300, 115200);
  if (std::find(baud_rates.begin(), baud_rates.end(), baud) == baud_rates.end())
    r.fail("baud", "expected one of 300, 600, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, got \""
                     + std::to_string(baud) + "\"");
  m.baud = static_cast<unsigned>(baud);
}

void check_mercury_items(const config::reader& root, const profile& p) {
  std::vector<std::pair<std::string, std::size_t>> seen; // item, group
  for (std::size_t g = 0; g < p.groups.size(); ++g) {
    const auto& items = p.groups[g].items;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const auto key = "groups[" + std::to_string(g) + "].items[" + std::to_string(i) + "]";
      auto three = std::find(three_phase_items.begin(), three_phase_items.end(), items[i]);
      if (three != three_phase_items.end() && p.mercury.phases != 3)
        root.fail(key, items[i] + " needs a three-phase meter (mercury.phases: 3)");
      if (items[i] == "energy_tariffs" && p.mercury.tariffs == 0)
        root.fail(key, "energy_tariffs needs tariffs to read (mercury.tariffs: 1 to 4)");
      auto earlier = std::find_if(seen.begin(), seen.end(), [&](const auto& s) { return s.first == items[i]; });
      if (earlier != seen.end())
        root.fail(key, in_quotes(items[i]) + " is already polled by groups[" + std::to_string(earlier->second) + "]");
      else
        seen.emplace_back(items[i], g);
    }
  }
}

} // namespace meterhub::profiles::detail
