#include "meterhub/um40/generator.hpp"

#include <algorithm>
#include <cmath>

#include "meterhub/core/time.hpp"

namespace meterhub::um40 {

namespace {

using std::int64_t;

/// A uniform value with `decimals` decimals in [lo, hi], drawn as an integer so its decimal text is exact.
double drawn(std::mt19937_64& rng, double lo, double hi, int decimals) {
  const double scale = std::pow(10.0, decimals);
  std::uniform_int_distribution<int64_t> d(std::llround(lo * scale), std::llround(hi * scale));
  return static_cast<double>(d(rng)) / scale;
}

int64_t coin(std::mt19937_64& rng) {
  return std::uniform_int_distribution<int64_t>(0, 1)(rng);
}

int64_t floor_to(int64_t t, int64_t step) {
  return t - ((t % step) + step) % step;
}

/// Local midnight of the day `days_back` days before the local date of `now`.
int64_t local_midnight(int64_t now, int64_t offset, int64_t days_back) {
  return floor_to(now + offset, 86400) - offset - days_back * 86400;
}

/// Local 00:00 on the 1st of the month `months_back` months before the local month of `now`.
int64_t local_month_start(int64_t now, int64_t offset, int64_t months_back) {
  const auto day = floor_to(now + offset, 86400) / 86400;
  auto civil = civil_from_days(day);
  int64_t month_index = civil.year * 12 + (civil.month - 1) - months_back;
  const auto first = days_from_civil(static_cast<int>(month_index / 12), static_cast<unsigned>(month_index % 12 + 1), 1);
  return first * 86400 - offset;
}

std::vector<int64_t> stepped(int64_t newest, int64_t step, int count) {
  std::vector<int64_t> out;
  for (int i = count - 1; i >= 0; --i)
    out.push_back(newest - i * step);
  return out;
}

void fill_energy(record& r, std::mt19937_64& rng) {
  for (const auto& t : layout_of(value_table::energy).tags)
    r.values[std::string{t.tag}] = drawn(rng, 111.111, 999.999, 3);
}

void fill_quality(record& r, std::mt19937_64& rng) {
  for (const auto& t : layout_of(value_table::quality).tags) {
    const std::string_view tag = t.tag;
    if (tag.substr(0, 3) == "Ang")
      r.values[std::string{tag}] = drawn(rng, -99.99, 99.99, 4);
    else if (tag == "Freq")
      r.values[std::string{tag}] = drawn(rng, 11.11, 99.99, 2);
    else
      r.values[std::string{tag}] = drawn(rng, 111.111, 999.999, 3);
  }
}

void fill_power(record& r, int64_t minutes, std::mt19937_64& rng) {
  r.values["cTime"] = minutes;
  for (const char* tag : {"P+", "Q+", "P-", "Q-"})
    r.values[tag] = drawn(rng, -99.99, 99.99, 4);
  for (const char* tag : {"isPart", "isOvfl", "isSummer"})
    r.values[tag] = coin(rng);
}

/// Event: 1 for the phase-voltage limit journals, 0 for four journals the reference generator fixes, else random.
int64_t journal_event(std::string_view name, std::mt19937_64& rng) {
  static constexpr std::string_view always_one[] = {"ElJrnlLimUAMax", "ElJrnlLimUAMin", "ElJrnlLimUBMax",
                                                    "ElJrnlLimUBMin", "ElJrnlLimUCMax", "ElJrnlLimUCMin"};
  static constexpr std::string_view always_zero[] = {"ElJrnlUnAyth", "ElJrnlTrfCorr", "ElJrnlReset", "ElJrnlOpen"};
  if (std::find(std::begin(always_one), std::end(always_one), name) != std::end(always_one))
    return 1;
  if (std::find(std::begin(always_zero), std::end(always_zero), name) != std::end(always_zero))
    return 0;
  return coin(rng);
}

void fill_channels(record& r, std::mt19937_64& rng) {
  const bool pulses = r.type->table == value_table::pulse;
  r.values["Channels"] = int64_t{32};
  for (const auto& t : layout_of(r.type->table).tags)
    if (t.tag != "Channels")
      r.values[std::string{t.tag}] = pulses ? value{drawn(rng, 0, 99999.999, 3)} : value{coin(rng)};
}

std::string padded_serial(int64_t meter_id) {
  auto s = std::to_string(meter_id);
  return s.size() >= 10 ? s : std::string(10 - s.size(), '0') + s;
}

void fill_config(record& r, std::mt19937_64& rng) {
  r.timestamp = std::uniform_int_distribution<int64_t>(1'500'000'000, 1'609'459'200)(rng);
  r.values["serial"] = padded_serial(r.meter_id);
  r.values["model"] = std::string{"TEST MODEL"};
  r.values["isDst"] = int64_t{1};
  switch (r.type->table) {
    case value_table::electric_config:
      r.values["cArrays"] = int64_t{30};
      for (const char* flag : {"isClock", "isTrf", "isAm", "isRm", "isRp"})
        r.values[flag] = int64_t{1};
      for (const char* coeff : {"kI", "kU", "const"})
        r.values[coeff] = drawn(rng, 11.11, 99.99, 2);
      break;
    case value_table::digital_config:
      r.values["chnlIn"] = int64_t{32};
      r.values["chnlOut"] = int64_t{32};
      break;
    default:
      r.values["chnl"] = int64_t{32};
  }
}

} // namespace

std::vector<int64_t> timestamps(const generation& g, std::mt19937_64& rng) {
  const int64_t offset = g.utc_offset.count() * 60;
  const int64_t minute_now = floor_to(g.now, 60);
  switch (g.type->step) {
    case time_step::none:
      return std::vector<int64_t>(static_cast<std::size_t>(std::max(g.count, 0)), 0);
    case time_step::five_minutes:
      return stepped(minute_now, 300, g.count);
    case time_step::hour:
      return stepped(floor_to(g.now, 3600), 3600, g.count);
    case time_step::day:
      return stepped(local_midnight(g.now, offset, 0), 86400, g.count);
    case time_step::day_before:
      return stepped(local_midnight(g.now, offset, 1), 86400, g.count);
    case time_step::profile:
      return stepped(floor_to(minute_now, g.profile_minutes * 60), g.profile_minutes * 60, g.count);
    case time_step::journal: {
      const auto m = std::uniform_int_distribution<int64_t>(0, 60)(rng);
      return stepped(g.now, 86400 + m * 60, g.count);
    }
    case time_step::month:
    case time_step::month_before: {
      const int64_t first = g.type->step == time_step::month ? 0 : 1;
      std::vector<int64_t> out;
      for (int i = g.count - 1; i >= 0; --i)
        out.push_back(local_month_start(g.now, offset, first + i));
      return out;
    }
  }
  return {};
}

std::vector<record> generate(const generation& g, std::mt19937_64& rng) {
  std::vector<record> out;
  int64_t event_id = 0;
  for (auto ts : timestamps(g, rng)) {
    record r{g.type, g.meter_id, ts, true, {}};
    switch (g.type->table) {
      case value_table::energy:
        fill_energy(r, rng);
        break;
      case value_table::quality:
        fill_quality(r, rng);
        break;
      case value_table::power:
        fill_power(r, g.profile_minutes, rng);
        break;
      case value_table::journal:
        r.values["event"] = journal_event(g.type->name, rng);
        r.values["eventId"] = event_id++;
        break;
      case value_table::pulse:
      case value_table::digital:
        fill_channels(r, rng);
        break;
      default:
        fill_config(r, rng);
    }
    out.push_back(std::move(r));
  }
  return out;
}

meter generate_meter(int64_t meter_id, std::mt19937_64& rng) {
  meter m;
  m.meter_id = meter_id;
  m.interface_name = "Iface" + std::to_string(std::uniform_int_distribution<int>(1, 4)(rng));
  return m;
}

} // namespace meterhub::um40
