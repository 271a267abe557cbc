#include "meterhub/dsmr/readings.hpp"

#include "units.hpp"

namespace meterhub::dsmr {

namespace {

using detail::parse_decimal;
using detail::parse_unit;

/// Value text and unit text of a group "value*unit".
std::pair<std::string_view, std::string_view> split_unit(std::string_view group) noexcept {
  for (std::size_t i = 0; i < group.size(); ++i)
    if (group[i] == '*')
      return {group.substr(0, i), group.substr(i + 1)};
  return {group, {}};
}

bool is_hex_text(std::string_view s) noexcept {
  if (s.empty() || s.size() % 2 != 0)
    return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f')))
      return false;
  return true;
}

int hex_value(char c) noexcept {
  return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

/// Hex-encoded ASCII decoded when every byte is printable, otherwise the hex itself (spec §2).
std::string decode_hex_text(std::string_view s) {
  if (!is_hex_text(s))
    return std::string{s};
  std::string out;
  out.reserve(s.size() / 2);
  for (std::size_t i = 0; i < s.size(); i += 2) {
    const char c = static_cast<char>(hex_value(s[i]) * 16 + hex_value(s[i + 1]));
    if (c < 0x20 || c > 0x7E)
      return std::string{s};
    out += c;
  }
  return out;
}

/// Objects whose value is hex-encoded text.
bool hex_text_object(const obis_code& c) noexcept {
  return (c.c() == 96 && c.d() == 1) || (c.c() == 42 && c.d() == 0 && c.e() == 0) ||
         (c.c() == 96 && c.d() == 13 && c.e() != 1);
}

/// Units that are unambiguous for an OBIS code when the meter sends none (spec §2).
unit default_unit(const obis_code& c) noexcept {
  if (c.a() != 1 || c.d() != 7)
    return unit::none;
  switch (c.c()) {
    case 32: case 52: case 72: return unit::v;
    case 31: case 51: case 71: return unit::a;
    case 14: return unit::hz;
    default: return unit::none;
  }
}

class converter {
public:
  converter(const telegram& t, const reading_options& o) : t_(t), opts_(o) {
    time_ = opts_.fallback_time_ms;
    if (auto* ts = t.find(obis_code::of(0, 0, 1, 0, 0)); ts && ts->group_count > 0)
      if (auto mt = parse_meter_time(t.groups(*ts).front(), opts_.zone)) {
        time_ = mt->unix_ms;
        summer_ = mt->summer;
      }
    out_.reserve(t.objects.size() + 4);
  }

  std::vector<reading> run() {
    for (const auto& obj : t_.objects)
      convert(obj);
    return std::move(out_);
  }

private:
  void convert(const cosem_object& obj) {
    const auto& c = obj.code;
    const auto groups = t_.groups(obj);
    if (groups.empty() || c == obis_code::of(0, 0, 1, 0, 0) || c == obis_code::of(1, 3, 0, 2, 8))
      return;
    if (c.c() == 99 && c.d() == 97)
      return failure_log(obj, groups);
    if (c.c() == 24 && c.d() == 3 && c.e() == 0)
      return legacy_gas(groups);
    if (c.c() == 98 && c.d() == 1)
      return peak_history(groups);
    quantity_ = canonical(obj);
    if (hex_text_object(c))
      return add_text(c, decode_hex_text(groups.front()));
    if (groups.size() == 2) // (capture time)(value*unit): M-Bus values, Belgian monthly peak
      return captured_value(obj, groups);
    add_value(c, groups.front(), time_, summer_);
  }

  /// The quantity text: the OBIS as written when it is already canonical (no F group), else re-formatted.
  static std::string canonical(const cosem_object& obj) {
    for (char c : obj.obis_text)
      if (c == '*' || c == '&')
        return obj.code.to_string();
    return std::string{obj.obis_text};
  }

  void add_text(const obis_code&, std::string text) {
    if (text.empty())
      return;
    reading r{quantity_, std::nullopt, unit::none, time_, 0, std::move(text)};
    if (summer_)
      r.set(flag::summer_time);
    out_.push_back(std::move(r));
  }

  /// A "value*unit" group as a reading; plain text when it is not a number (DSMR 2.2 text messages).
  void add_value(const obis_code& c, std::string_view group, std::int64_t time, bool summer,
                 std::uint32_t extra_flags = 0) {
    auto [number, unit_text] = split_unit(group);
    auto value = parse_decimal(number);
    if (!value) {
      if (!group.empty())
        add_text(c, std::string{group});
      return;
    }
    reading r{quantity_, std::nullopt, default_unit(c), time, extra_flags, {}};
    int exponent = 0;
    if (!unit_text.empty()) {
      if (auto si = parse_unit(unit_text)) {
        r.unit = si->unit;
        exponent = si->exponent;
      }
    }
    r.value = value->to_double(exponent);
    if (summer)
      r.set(flag::summer_time);
    out_.push_back(std::move(r));
  }

  void captured_value(const cosem_object& obj, std::span<const std::string_view> groups) {
    auto when = parse_meter_time(groups[0], opts_.zone);
    if (!when)
      return; // placeholder channel (632525252525W, 700101010000W): present, no reading
    add_value(obj.code, groups[1], when->unix_ms, when->summer);
  }

  void failure_log(const cosem_object& obj, std::span<const std::string_view> groups) {
    // (count)(0-0:96.7.19)(end)(duration*s)...: trust the pairs, not the count (spec §9)
    for (std::size_t i = 2; i + 1 < groups.size(); i += 2) {
      auto end = parse_meter_time(groups[i], opts_.zone);
      auto [number, unit_text] = split_unit(groups[i + 1]);
      auto seconds = parse_decimal(number);
      if (!seconds)
        continue;
      reading r{canonical(obj), seconds->to_double(), unit::second, end ? end->unix_ms : time_, 0, {}};
      if (!end || seconds->mantissa >= 2147483647 || end->unix_ms < 978'307'200'000) // before 2001: unset clock
        r.set(flag::suspicious);
      if (end && end->summer)
        r.set(flag::summer_time);
      r.text = std::string{groups[i]};
      out_.push_back(std::move(r));
    }
  }

  void legacy_gas(std::span<const std::string_view> groups) {
    // (YYMMDDhhmmss)(status)(period)(count)(0-n:24.2.1)(unit) then the value on the next line (spec §7)
    if (groups.size() < 7)
      return;
    auto code = obis_code::parse(groups[4]);
    auto when = parse_meter_time(groups[0], opts_.zone);
    auto value = parse_decimal(groups[6]);
    if (!code || !when || !value)
      return;
    auto si = parse_unit(groups[5]);
    reading r{code->to_string(), value->to_double(si ? si->exponent : 0), si ? si->unit : unit::none,
              when->unix_ms, 0, {}};
    if (when->ambiguous)
      r.set(flag::ambiguous_time);
    if (when->summer)
      r.set(flag::summer_time);
    out_.push_back(std::move(r));
  }

  void peak_history(std::span<const std::string_view> groups) {
    // Belgian: (n)(1-0:1.6.0)(1-0:1.6.0) then n × (month)(occurred)(value*kW). E.ON HU reuses the code for a
    // billing snapshot that starts with a timestamp: not this grammar, left alone (spec §9).
    if (groups.size() < 6 || parse_meter_time(groups[0], opts_.zone))
      return;
    auto code = obis_code::parse(groups[1]);
    if (!code)
      return;
    quantity_ = code->to_string();
    for (std::size_t i = 3; i + 2 < groups.size(); i += 3) {
      auto month = parse_meter_time(groups[i], opts_.zone);
      if (month)
        add_value(*code, groups[i + 2], month->unix_ms, month->summer,
                  static_cast<std::uint32_t>(flag::backfilled));
    }
  }

  const telegram& t_;
  const reading_options& opts_;
  std::int64_t time_ = 0;
  bool summer_ = false;
  std::string quantity_; ///< of the object being converted
  std::vector<reading> out_;
};

} // namespace

std::vector<reading> to_readings(const telegram& t, const reading_options& opts) {
  return converter{t, opts}.run();
}

std::string equipment_id(const telegram& t) {
  for (auto code : {obis_code::of(0, 0, 96, 1, 1), obis_code::of(0, 0, 96, 1, 0)})
    if (auto* obj = t.find(code); obj && obj->group_count > 0 && !t.groups(*obj).front().empty())
      return decode_hex_text(t.groups(*obj).front());
  return {};
}

const char* to_string(value_group g) noexcept {
  static constexpr const char* names[] = {"energy",  "active_power", "reactive_power", "phase_power",
                                          "voltage", "current",      "power_factor",   "other"};
  return names[static_cast<int>(g)];
}

std::optional<value_group> parse_value_group(std::string_view name) noexcept {
  for (int i = 0; i < value_group_count; ++i)
    if (name == to_string(static_cast<value_group>(i)))
      return static_cast<value_group>(i);
  return std::nullopt;
}

value_group classify(const reading& r) noexcept {
  auto code = obis_code::parse(r.quantity);
  if (!code || code->a() != 1)
    return value_group::other;
  const int c = code->c();
  const int d = code->d();
  if (d == 8 && c >= 1 && c <= 4)
    return value_group::energy;
  if (d != 7)
    return value_group::other;
  if (c == 1 || c == 2 || c == 9 || c == 10)
    return value_group::active_power;
  if (c == 3 || c == 4)
    return value_group::reactive_power;
  if ((c >= 21 && c <= 24) || (c >= 41 && c <= 44) || (c >= 61 && c <= 64) || c == 29 || c == 49 || c == 69)
    return value_group::phase_power;
  if (c == 32 || c == 52 || c == 72)
    return value_group::voltage;
  if (c == 31 || c == 51 || c == 71)
    return value_group::current;
  if (c == 13 || c == 33 || c == 53 || c == 73)
    return value_group::power_factor;
  return value_group::other;
}

} // namespace meterhub::dsmr
