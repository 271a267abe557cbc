#include "register_table.hpp"

#include <array>

#include <fmt/format.h>

#include "live_values.hpp"
#include "meter_time.hpp"
#include "tariff_calendar.hpp"
#include "value_format.hpp"

namespace meterhub::iec61107sim {

namespace {

live_values live(const meter_view& v) {
  return live_values_at(v.seed, v.now, v.history.power_of(interval_of(v.now)));
}

std::int64_t today(const meter_view& v) {
  return day_of(v.now);
}

// ---- computed readers ----

std::string serial_number(const meter_view& v, unsigned) {
  return fmt::format("{:08}", mix(v.seed, 0, 90) % 100'000'000);
}
std::string firmware(const meter_view&, unsigned) {
  return "000V0201";
}
std::string status_word(const meter_view&, unsigned) {
  return "0000";
}
std::string temperature(const meter_view& v, unsigned) {
  return format_temperature(live(v).temperature_c);
}
std::string clock_time(const meter_view& v, unsigned) {
  return format_time_register(v.now);
}
std::string clock_date(const meter_view& v, unsigned) {
  return format_date_register(v.now);
}
std::string day_of_week(const meter_view& v, unsigned) {
  return fmt::format("{:02}", weekday(today(v)) + 1); // 01 Sunday … 07 Saturday
}
std::string season(const meter_view& v, unsigned) {
  return fmt::format("{:02}", v.history.tariffs_at(v.now).season_number(today(v)));
}
std::string energy_now(const meter_view& v, unsigned) {
  return format_energy_list(v.history.at(v.now));
}
std::string energy_month_start(const meter_view& v, unsigned months_back) {
  return format_energy_list(v.history.start_of_day(first_of_month(today(v), months_back)));
}
std::string energy_day_start(const meter_view& v, unsigned days_back) {
  return format_energy_list(v.history.start_of_day(today(v) - days_back));
}
std::string max_power_this_month(const meter_view& v, unsigned) {
  return format_max_power_list(v.history.max_power(first_of_month(today(v), 0), today(v), v.now));
}
/// *00 is the month that ended when the current one began, like the energy archive *00 is that month's end.
std::string max_power_month(const meter_view& v, unsigned n) {
  const auto first = first_of_month(today(v), n + 1), next = first_of_month(today(v), n);
  return format_max_power_list(v.history.max_power(first, next - 1, v.now));
}
std::string load_profile(const meter_view& v, unsigned days_back) {
  return format_profile(v.history.profile(today(v) - days_back, v.now));
}
std::string total_power(const meter_view& v, unsigned) {
  return format_power(live(v).total_power_dw);
}
template <std::size_t Phase>
std::string phase_power(const meter_view& v, unsigned) {
  return format_power(live(v).phases[Phase].power_dw);
}
template <std::size_t Phase>
std::string phase_voltage(const meter_view& v, unsigned) {
  return format_voltage(live(v).phases[Phase].voltage_cv);
}
template <std::size_t Phase>
std::string phase_current(const meter_view& v, unsigned) {
  return format_current(live(v).phases[Phase].current_ma);
}
template <std::size_t Phase>
std::string phase_power_factor(const meter_view& v, unsigned) {
  return format_power_factor(live(v).phases[Phase].power_factor_milli);
}
std::string frequency(const meter_view& v, unsigned) {
  return format_frequency(live(v).frequency_chz);
}
template <std::size_t Pair>
std::string angle(const meter_view& v, unsigned) {
  return format_angle(live(v).angles_ddeg[Pair]);
}

// ---- stored registers: validators and factory values ----

bool printable(std::string_view s) {
  for (const char c : s)
    if (c < 0x20 || c > 0x7E || c == '(' || c == ')')
      return false;
  return true;
}
bool valid_network_address(std::string_view s) {
  unsigned n = 0;
  return parse_digits(s, 8, n) && n >= 1;
}
bool valid_password(std::string_view s) {
  return s.size() == 8 && printable(s);
}
bool valid_text(std::string_view s) {
  return s.size() <= 16 && printable(s);
}
bool valid_demand_interval(std::string_view s) {
  unsigned n = 0;
  const bool digits = parse_digits(s, s.size(), n) && !s.empty() && s.size() <= 2;
  return digits && (n == 1 || n == 3 || n == 5 || n == 10 || n == 15 || n == 30 || n == 60);
}
bool valid_billing_time(std::string_view s) {
  unsigned dd = 0, hh = 0;
  return s.size() == 4 && parse_digits(s.substr(0, 2), 2, dd) && parse_digits(s.substr(2), 2, hh) && dd >= 1 &&
         dd <= 28 && hh <= 23;
}
bool valid_word(std::string_view s) {
  return s.size() == 4 && s.find_first_not_of("0123456789ABCDEFabcdef") == std::string_view::npos;
}
bool valid_schedule(std::string_view s) {
  return parse_schedule(s).has_value();
}
bool valid_seasons(std::string_view s) {
  return parse_seasons(s).has_value();
}
bool valid_special_days(std::string_view s) {
  return parse_special_days(s).has_value();
}

std::string first_address(unsigned) {
  return "00000001";
}
std::string factory_password(unsigned) {
  return "00000000";
}
std::string factory_text(unsigned) {
  return "meterhub-sim";
}
std::string factory_demand_interval(unsigned) {
  return "30";
}
std::string factory_billing_time(unsigned) {
  return "0100";
}
/// Bit 0 remote programming on (writes allowed), bit 1 read without password off.
std::string factory_configuration(unsigned) {
  return "0001";
}
std::string factory_schedule(unsigned number) {
  return default_schedule_text(number);
}
std::string factory_seasons(unsigned) {
  return default_seasons_text();
}
std::string factory_special_days(unsigned) {
  return default_special_days_text();
}

register_spec computed(register_address a, std::string (*read)(const meter_view&, unsigned)) {
  return {a, -1, 0, 0, register_kind::computed, read, nullptr, nullptr, true};
}
register_spec computed_f(register_address a, unsigned hi, std::string (*read)(const meter_view&, unsigned)) {
  return {a, 0, 0, hi, register_kind::computed, read, nullptr, nullptr, true};
}
register_spec clock(register_address a, std::string (*read)(const meter_view&, unsigned)) {
  return {a, -1, 0, 0, register_kind::clock, read, nullptr, nullptr, true};
}
register_spec stored(register_address a, bool (*valid)(std::string_view), std::string (*initial)(unsigned)) {
  return {a, -1, 0, 0, register_kind::stored, nullptr, valid, initial, true};
}

// Exact addresses come before families with the same base (0F.08.80*FF before 0F.08.80*NN).
const std::array table{
  computed(0x600100FF, serial_number),
  stored(network_address_register, valid_network_address, first_address),
  register_spec{password_register, -1, 0, 0, register_kind::stored, nullptr, valid_password, factory_password, false},
  computed(0x600104FF, firmware),
  stored(0x60010AFF, valid_text, factory_text),
  computed(0x600500FF, status_word),
  computed(0x600900FF, temperature),
  clock(0x000901FF, clock_time),
  clock(0x000902FF, clock_date),
  computed(0x000905FF, day_of_week),
  stored(0x000800FF, valid_demand_interval, factory_demand_interval),
  computed(0x000802FF, season),
  stored(0x000806FF, valid_billing_time, factory_billing_time),
  computed(0x0F0880FF, energy_now),
  computed_f(0x0F088000, 0x0B, energy_month_start),
  computed_f(0x0F808000, 0x7F, energy_day_start),
  computed(0x0F0680FF, max_power_this_month),
  computed_f(0x0F068000, 0x0B, max_power_month),
  computed(0x100700FF, total_power),
  computed(0x240700FF, phase_power<0>),
  computed(0x380700FF, phase_power<1>),
  computed(0x4C0700FF, phase_power<2>),
  computed(0x200700FF, phase_voltage<0>),
  computed(0x340700FF, phase_voltage<1>),
  computed(0x480700FF, phase_voltage<2>),
  computed(0x1F0700FF, phase_current<0>),
  computed(0x330700FF, phase_current<1>),
  computed(0x470700FF, phase_current<2>),
  computed(0x2107FFFF, phase_power_factor<0>),
  computed(0x3507FFFF, phase_power_factor<1>),
  computed(0x4907FFFF, phase_power_factor<2>),
  computed(0x0E0701FF, frequency),
  computed(0x51070AFF, angle<0>),
  computed(0x510714FF, angle<1>),
  computed(0x510715FF, angle<2>),
  register_spec{0x0A0064FF, 16, 1, schedule_count, register_kind::stored, nullptr, valid_schedule, factory_schedule,
                true},
  stored(0x0B0000FF, valid_special_days, factory_special_days),
  stored(0x0D0000FF, valid_seasons, factory_seasons),
  stored(configuration_register, valid_word, factory_configuration),
  computed_f(0x63010000, 0x7F, load_profile),
};

} // namespace

unsigned varying_of(const register_spec& spec, register_address address) noexcept {
  return spec.varying_shift < 0 ? 0 : address >> spec.varying_shift & 0xFF;
}

const register_spec* find_register(register_address address) {
  for (const auto& spec : table) {
    const register_address mask = spec.varying_shift < 0 ? 0 : 0xFFu << spec.varying_shift;
    const unsigned n = varying_of(spec, address);
    if ((address & ~mask) == spec.base && n >= spec.lo && n <= spec.hi)
      return &spec;
  }
  return nullptr;
}

bool is_tariff_table(register_address address) noexcept {
  return (address & 0xFF00FFFF) == 0x0A0064FF || address == 0x0B0000FF || address == 0x0D0000FF;
}

std::span<const register_spec> mt324_registers() {
  return table;
}

} // namespace meterhub::iec61107sim
