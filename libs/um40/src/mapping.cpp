#include "meterhub/um40/mapping.hpp"

#include <cmath>
#include <set>
#include <string_view>
#include <tuple>

#include "meterhub/core/obis.hpp"
#include "meterhub/core/time.hpp"
#include "meterhub/um40/error.hpp"

namespace meterhub::um40 {

namespace {

constexpr std::int64_t seconds_per_day = 86'400;
constexpr double max_outage_seconds = 100.0 * 365 * 86'400; ///< longer is a garbled log entry, not a power failure

/// One quantity the concentrator has a tag for.
struct tag_source {
  std::uint8_t c, d, e;
  meterhub::unit unit;
  std::string_view tag;
};

/// ElMomentQuality's tags by OBIS (spec §3's suggested mapping; angles as IEC 62056 numbers them).
constexpr tag_source quality_sources[] = {
  {32, 7, 0, unit::v, "UA"},       {52, 7, 0, unit::v, "UB"},      {72, 7, 0, unit::v, "UC"},
  {31, 7, 0, unit::a, "IA"},       {51, 7, 0, unit::a, "IB"},      {71, 7, 0, unit::a, "IC"},
  {21, 7, 0, unit::w, "PA"},       {41, 7, 0, unit::w, "PB"},      {61, 7, 0, unit::w, "PC"},
  {1, 7, 0, unit::w, "PS"},        {23, 7, 0, unit::var, "QA"},    {43, 7, 0, unit::var, "QB"},
  {63, 7, 0, unit::var, "QC"},     {3, 7, 0, unit::var, "QS"},     {29, 7, 0, unit::va, "SA"},
  {49, 7, 0, unit::va, "SB"},      {69, 7, 0, unit::va, "SC"},     {9, 7, 0, unit::va, "SS"},
  {33, 7, 0, unit::none, "kPA"},   {53, 7, 0, unit::none, "kPB"},  {73, 7, 0, unit::none, "kPC"},
  {13, 7, 0, unit::none, "kPS"},   {14, 7, 0, unit::hz, "Freq"},   {81, 7, 10, unit::degree, "AngAB"},
  {81, 7, 21, unit::degree, "AngBC"}, {81, 7, 20, unit::degree, "AngAC"},
};

/// Energy channel c (0 … 3 for 1.8, 2.8, 3.8, 4.8): its tag prefix and unit.
constexpr std::string_view energy_prefix[] = {"A+", "A-", "R+", "R-"};
constexpr meterhub::unit energy_unit[] = {unit::wh, unit::wh, unit::varh, unit::varh};
/// ElArr1ConsPower's tag for channel c.
constexpr std::string_view power_tag[] = {"P+", "P-", "Q+", "Q-"};
constexpr meterhub::unit power_unit[] = {unit::w, unit::w, unit::var, unit::var};

bool usable(const reading& r) {
  return r.value && std::isfinite(*r.value) && !r.has(flag::invalid) && !r.has(flag::suspicious);
}

/// The 1-0:C.8.T energy channel (0 … 3) and tariff (0 … 4) of `code`, if it is one.
std::optional<std::pair<int, int>> energy_register(const obis_code& code) {
  if (code.a() != 1 || code.c() < 1 || code.c() > 4 || code.d() != 8 || code.e() > 4)
    return std::nullopt;
  return std::pair{code.c() - 1, static_cast<int>(code.e())};
}

const tag_source* quality_source(const obis_code& code) {
  if (code.a() != 1)
    return nullptr;
  for (const auto& s : quality_sources)
    if (s.c == code.c() && s.d == code.d() && s.e == code.e())
      return &s;
  return nullptr;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

/// `v` to 1/scale, for values that have such digits (past 1e15 a double has no fraction left to round).
double rounded(double v, double scale) {
  return std::fabs(v) < 1e15 ? std::round(v * scale) / scale : v;
}

/// The record of `type` at `ts` in `records`, made on first use.
record& record_at(std::map<std::int64_t, record>& records, const record_type* type, std::int64_t meter_id,
                  std::int64_t ts) {
  auto [it, fresh] = records.try_emplace(ts);
  if (fresh) {
    it->second.type = type;
    it->second.meter_id = meter_id;
    it->second.timestamp = ts;
  }
  return it->second;
}

/// Sets `tag` unless an earlier reading of the batch already did (the first reading of a window is its value).
void set_once(record& r, std::string_view tag, value v) {
  if (r.values.find(tag) == r.values.end())
    (void)set_value(r, tag, std::move(v));
}

/// Tariff 0 is the sum of the tariffs (spec §2): a meter that reports only its tariff registers (most P1 meters)
/// gets the sum, rounded to mWh.
void complete_totals(std::map<std::int64_t, record>& records) {
  for (auto& [ts, r] : records)
    for (auto prefix : energy_prefix) {
      const auto total = std::string{prefix} + "0";
      if (r.values.count(total))
        continue;
      double sum = 0;
      bool any = false;
      for (int t = 1; t <= 4; ++t)
        if (auto it = r.values.find(std::string{prefix} + std::to_string(t));
            it != r.values.end() && std::holds_alternative<double>(it->second)) {
          sum += std::get<double>(it->second);
          any = true;
        }
      if (any && std::isfinite(sum))
        (void)set_value(r, total, rounded(sum, 1000.0));
    }
}

bool has(std::uint32_t flags, flag f) {
  return (flags & static_cast<std::uint32_t>(f)) != 0;
}

/// ElArr1ConsPower's period and flags, from the reading flags at the period's end.
void set_profile_header(record& r, int minutes, std::uint32_t flags, bool overflow) {
  (void)set_value(r, "cTime", std::int64_t{minutes});
  (void)set_value(r, "isPart", std::int64_t{has(flags, flag::partial_period)});
  (void)set_value(r, "isOvfl", std::int64_t{overflow || has(flags, flag::overflow)});
  (void)set_value(r, "isSummer", std::int64_t{has(flags, flag::summer_time)});
}

const record_type* profile_type() {
  static const auto* type = find_record_type("ElArr1ConsPower");
  return type;
}

void append(std::map<std::int64_t, record>& from, std::vector<record>& out) {
  for (auto& [ts, r] : from)
    out.push_back(std::move(r));
}

/// A journal record's key: journal, second and event code, as meter.db keys it (statements.hpp).
using event_key = std::tuple<std::string_view, std::int64_t, std::int64_t>;

/// A batch being mapped: the records it makes, grouped by type and time.
struct batch_records {
  std::map<std::int64_t, record> moment_energy, moment_quality, day, month, profile;
  std::map<event_key, record> journal; ///< in time order per journal, which EventId numbering follows
  std::set<std::int64_t> moment_energy_seen, moment_quality_seen; ///< windows that had any candidate reading

  /// One journal event; the same event again (the meter repeats its log in every telegram) adds nothing.
  void add_event(const record_type* type, std::int64_t meter_id, std::int64_t ts, std::int64_t event) {
    auto [it, fresh] = journal.try_emplace(event_key{type->name, ts, event});
    if (!fresh)
      return;
    it->second.type = type;
    it->second.meter_id = meter_id;
    it->second.timestamp = ts;
    (void)set_value(it->second, "event", event);
  }
};

} // namespace

mapped_batch reading_mapper::map(const device_assignment& who, const std::vector<reading>& readings) {
  static const auto* moment_energy = find_record_type("ElMomentEnergy");
  static const auto* moment_quality = find_record_type("ElMomentQuality");
  static const auto* day = find_record_type("ElDayEnergy");
  static const auto* month = find_record_type("ElMonthEnergy");
  static const auto* power_failures = find_record_type("ElJrnlPwr");

  mapped_batch out;
  batch_records b;
  std::map<std::int64_t, profile_point> fresh_points;
  const std::int64_t meter_id = who.meter.meter_id;
  const std::int64_t period = std::int64_t{who.profile_minutes} * 60;
  const std::int64_t offset = std::chrono::duration_cast<std::chrono::seconds>(options_.utc_offset).count();

  for (const auto& r : readings) {
    const std::int64_t ts = floor_div(r.time_ms, 1000);
    const bool archive = r.has(flag::backfilled);
    if (r.quantity.rfind("x:journal.", 0) == 0) {
      const auto* type = find_record_type(std::string_view{r.quantity}.substr(10));
      if (type == nullptr || !is_journal(*type)) {
        ++out.unmapped;
        continue;
      }
      if (!usable(r) || std::fabs(*r.value) > 2'147'483'647.0) { // an event code, not a measurement
        ++out.dropped;
        continue;
      }
      b.add_event(type, meter_id, ts, std::llround(*r.value));
      ++out.used;
      continue;
    }
    const auto code = obis_code::parse(r.quantity);
    if (!code) {
      ++out.unmapped;
      continue;
    }
    if (code->a() == 1 && code->c() == 99 && code->d() == 97 && code->e() == 0) { // power failure log
      if (!usable(r) || *r.value < 0 || *r.value > max_outage_seconds || r.unit != unit::second) {
        ++out.dropped;
        continue;
      }
      const auto start = ts - static_cast<std::int64_t>(std::llround(*r.value));
      b.add_event(power_failures, meter_id, start, 0);
      b.add_event(power_failures, meter_id, ts, 1);
      ++out.used;
      continue;
    }
    const auto energy = energy_register(*code);
    const auto* quality = archive ? nullptr : quality_source(*code);
    const bool period_value = archive && code->a() == 1 && code->c() >= 1 && code->c() <= 4 &&
                              (code->d() == 29 || code->d() == 5) && code->e() == 0;
    if (!energy && !quality && !period_value) {
      ++out.unmapped;
      continue;
    }
    const bool unit_ok = energy      ? r.unit == energy_unit[energy->first]
                         : quality   ? r.unit == quality->unit
                         : code->d() == 29 ? r.unit == energy_unit[code->c() - 1]
                                           : r.unit == power_unit[code->c() - 1];
    if (!unit_ok || (!usable(r) && archive)) {
      ++out.dropped;
      continue;
    }
    if (!archive) { // live: a moment record on the grid
      const auto window = floor_div(ts, options_.moment_seconds) * options_.moment_seconds;
      auto& records = energy ? b.moment_energy : b.moment_quality;
      (energy ? b.moment_energy_seen : b.moment_quality_seen).insert(window);
      if (!usable(r)) {
        ++out.dropped;
        continue;
      }
      auto& rec = record_at(records, energy ? moment_energy : moment_quality, meter_id, window);
      set_once(rec, energy ? std::string{energy_prefix[energy->first]} + std::to_string(energy->second)
                           : std::string{quality->tag},
               *r.value);
      ++out.used;
      continue;
    }
    if (period_value) { // a profile value given directly: the period's energy or its average power
      const int c = code->c() - 1;
      const double power = code->d() == 29 ? *r.value * 60.0 / who.profile_minutes : *r.value;
      if (floor_div(ts, period) * period != ts || !std::isfinite(power)) {
        ++out.dropped;
        continue;
      }
      auto& rec = record_at(b.profile, profile_type(), meter_id, ts);
      set_once(rec, power_tag[c], rounded(power, 1000.0));
      fresh_points[ts].flags |= r.flags;
      ++out.used;
      continue;
    }
    const auto [c, tariff] = *energy;
    bool used = false;
    if (floor_div(ts + offset, seconds_per_day) * seconds_per_day == ts + offset) { // the local midnight
      const auto tag = std::string{energy_prefix[c]} + std::to_string(tariff);
      set_once(record_at(b.day, day, meter_id, ts), tag, *r.value);
      if (civil_from_days(floor_div(ts + offset, seconds_per_day)).day == 1)
        set_once(record_at(b.month, month, meter_id, ts), tag, *r.value);
      used = true;
    }
    if (tariff == 0 && floor_div(ts, period) * period == ts) {
      auto& point = fresh_points[ts];
      if (!point.cumulative[static_cast<std::size_t>(c)])
        point.cumulative[static_cast<std::size_t>(c)] = *r.value;
      point.flags |= r.flags;
      used = true;
    }
    used ? ++out.used : ++out.unmapped;
  }

  for (auto* energies : {&b.moment_energy, &b.day, &b.month})
    complete_totals(*energies);
  // Moments: a window this mapper already wrote is not written again; a window with no usable value is a header
  // that says so.
  for (auto [seen, records, type] : {std::tuple{&b.moment_energy_seen, &b.moment_energy, moment_energy},
                                     std::tuple{&b.moment_quality_seen, &b.moment_quality, moment_quality}}) {
    auto& last = last_moment_window_[who.device + "/" + std::string{type->name}];
    for (const auto window : *seen) {
      auto it = records->find(window);
      if (window == last) {
        if (it != records->end())
          records->erase(it);
        continue;
      }
      if (it == records->end()) {
        record_at(*records, type, meter_id, window).valid = false;
        continue;
      }
      last = std::max(last, window);
    }
    append(*records, out.records);
  }
  append(b.day, out.records);
  append(b.month, out.records);
  for (auto& [ts, rec] : b.profile) // direct profile values carry their flags too
    set_profile_header(rec, who.profile_minutes, fresh_points[ts].flags, false);
  add_profiles(who, fresh_points, b.profile);
  append(b.profile, out.records);
  for (auto& [key, rec] : b.journal)
    out.records.push_back(std::move(rec));
  return out;
}

device_profiles reading_mapper::unsaved_profiles() const {
  device_profiles out;
  for (const auto& device : unsaved_)
    if (auto it = points_.find(device); it != points_.end())
      out.emplace(device, it->second);
  return out;
}

void reading_mapper::restore_profiles(device_profiles saved) {
  for (auto& [device, points] : saved)
    points_[device].merge(points); // points mapped since the start take precedence
}

void reading_mapper::add_profiles(const device_assignment& who, const profile_points& fresh,
                                  std::map<std::int64_t, record>& profile) {
  auto& points = points_[who.device];
  if (!fresh.empty())
    unsaved_.insert(who.device);
  for (const auto& [ts, point] : fresh) {
    auto& kept = points[ts];
    for (std::size_t c = 0; c < point.cumulative.size(); ++c)
      if (point.cumulative[c] && !kept.cumulative[c])
        kept.cumulative[c] = point.cumulative[c];
    kept.flags |= point.flags;
  }
  const std::int64_t period = std::int64_t{who.profile_minutes} * 60;
  std::set<std::int64_t> ends; // a fresh point ends its own period and begins the next one
  for (const auto& [ts, point] : fresh)
    if (std::any_of(point.cumulative.begin(), point.cumulative.end(), [](auto& v) { return v.has_value(); }))
      ends.insert({ts, ts + period});
  for (const auto end : ends) {
    auto late = points.find(end);
    auto early = points.find(end - period);
    if (late == points.end() || early == points.end())
      continue;
    record rec;
    rec.type = profile_type();
    rec.meter_id = who.meter.meter_id;
    rec.timestamp = end;
    bool any = false, overflow = false;
    for (std::size_t c = 0; c < 4; ++c) {
      const auto& a = early->second.cumulative[c];
      const auto& z = late->second.cumulative[c];
      if (!a || !z)
        continue;
      any = true;
      const double power = rounded((*z - *a) * 60.0 / who.profile_minutes, 1000.0);
      if (*z < *a || !std::isfinite(power)) {
        overflow = true; // the register went backwards (replaced, reset, wrapped) or jumped: no honest average
        continue;
      }
      (void)set_value(rec, power_tag[c], power);
    }
    if (!any)
      continue;
    auto direct = profile.find(end);
    if (direct == profile.end()) {
      set_profile_header(rec, who.profile_minutes, late->second.flags, overflow);
      profile.emplace(end, std::move(rec));
      continue;
    }
    // The meter gave this period's values itself as well: they stand, and the registers fill in what it left out.
    for (auto& [tag, v] : rec.values)
      set_once(direct->second, tag, std::move(v));
    if (overflow)
      (void)set_value(direct->second, "isOvfl", std::int64_t{1});
  }
  // Two days of points are enough to join a day's archive to the previous one's last point.
  if (!points.empty()) {
    const auto keep_from = points.rbegin()->first - 2 * seconds_per_day;
    points.erase(points.begin(), points.lower_bound(keep_from));
  }
}

caf::expected<record> device_config(const device_assignment& who) {
  record r;
  r.type = find_record_type("ElConfig");
  r.meter_id = who.meter.meter_id;
  const std::pair<std::string_view, std::string> defaults[] = {
    {"serial", who.device}, {"model", who.meter.type_name}, {"cArrays", "1"}, {"isDst", "0"},
    {"isClock", "1"},       {"isTrf", "1"},                 {"kI", "1"},      {"kU", "1"},
  };
  for (const auto& [tag, text] : defaults)
    if (who.config.find(tag) == who.config.end())
      if (auto err = set_tag(r, tag, text))
        return err;
  for (const auto& [tag, text] : who.config)
    if (auto err = set_tag(r, tag, text))
      return err;
  return r;
}

caf::expected<std::vector<statement>> injection_statements(const record& r) {
  auto out = write_record(r, false);
  if (!out || r.type == nullptr || !r.valid)
    return out;
  auto derived = derive_consumption(*r.type, r.meter_id, r.timestamp);
  out->insert(out->end(), std::make_move_iterator(derived.begin()), std::make_move_iterator(derived.end()));
  if (is_journal(*r.type) && r.values.find("eventId") == r.values.end())
    out->push_back(number_event(r));
  return out;
}

} // namespace meterhub::um40
