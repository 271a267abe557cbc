#include "register_table.hpp"

#include <array>

#include "converters.hpp"
#include "meterhub/neva/clock.hpp"
#include "meterhub/neva/tariff_tables.hpp"
#include "meterhub/neva/words.hpp"

namespace meterhub::neva::detail {

namespace {

using f = f_range;
using u = meterhub::unit;

// Spec §5, one row per register. Columns: hex C.D.E, F values, families where the row's meaning holds, families
// whose instantaneous poll reads it, published quantity, unit, converter, meaning. Rows are in poll order.
// 0C.07.00 / 0B.07.00 mean "sum of phases" on MT3xx (kept native) and the only voltage / current on MT1xx.
constexpr std::array<register_entry, 52> table{{
  {0x0F0880, f::months, every, every, "1-0:1.8", u::wh, publish_energy_list, "active energy: total, T1..T4"},
  {0x030880, f::current, every, mt3r, "1-0:3.8", u::varh, publish_energy_list, "reactive energy +: total, T1..T4"},
  {0x040880, f::current, every, mt3r, "1-0:4.8", u::varh, publish_energy_list, "reactive energy -: total, T1..T4"},
  {0x100700, f::current, every, every, "1-0:1.7.0", u::w, publish_number, "active power, total"},
  {0x240700, f::current, every, three, "1-0:21.7.0", u::w, publish_number, "active power L1"},
  {0x380700, f::current, every, three, "1-0:41.7.0", u::w, publish_number, "active power L2"},
  {0x4C0700, f::current, every, three, "1-0:61.7.0", u::w, publish_number, "active power L3"},
  {0x030701, f::current, every, mt3r, "1-0:3.7.0", u::var, publish_number, "reactive power import, total"},
  {0x040701, f::current, every, mt3r, "1-0:4.7.0", u::var, publish_number, "reactive power export, total"},
  {0x170701, f::current, every, mt3r, "1-0:23.7.0", u::var, publish_number, "reactive power import L1"},
  {0x180701, f::current, every, mt3r, "1-0:24.7.0", u::var, publish_number, "reactive power export L1"},
  {0x2B0701, f::current, every, mt3r, "1-0:43.7.0", u::var, publish_number, "reactive power import L2"},
  {0x2C0701, f::current, every, mt3r, "1-0:44.7.0", u::var, publish_number, "reactive power export L2"},
  {0x3F0701, f::current, every, mt3r, "1-0:63.7.0", u::var, publish_number, "reactive power import L3"},
  {0x400701, f::current, every, mt3r, "1-0:64.7.0", u::var, publish_number, "reactive power export L3"},
  {0x200700, f::current, every, three, "1-0:32.7.0", u::v, publish_number, "voltage L1"},
  {0x340700, f::current, every, three, "1-0:52.7.0", u::v, publish_number, "voltage L2"},
  {0x480700, f::current, every, three, "1-0:72.7.0", u::v, publish_number, "voltage L3"},
  {0x0C0700, f::current, mt1, mt1, "1-0:32.7.0", u::v, publish_number, "voltage"},
  {0x0C0700, f::current, three, nobody, "1-0:12.7.0", u::v, publish_number, "voltage, sum of phases"},
  {0x1F0700, f::current, every, three, "1-0:31.7.0", u::a, publish_number, "current L1"},
  {0x330700, f::current, every, three, "1-0:51.7.0", u::a, publish_number, "current L2"},
  {0x470700, f::current, every, three, "1-0:71.7.0", u::a, publish_number, "current L3"},
  {0x0B0700, f::current, mt1, mt1, "1-0:31.7.0", u::a, publish_number, "current"},
  {0x0B0700, f::current, three, nobody, "1-0:11.7.0", u::a, publish_number, "current, sum of phases"},
  {0x0D07FF, f::current, every, mt1, "1-0:13.7.0", u::none, publish_power_factor, "power factor, total"},
  {0x2107FF, f::current, every, three, "1-0:33.7.0", u::none, publish_power_factor, "power factor L1"},
  {0x3507FF, f::current, every, three, "1-0:53.7.0", u::none, publish_power_factor, "power factor L2"},
  {0x4907FF, f::current, every, three, "1-0:73.7.0", u::none, publish_power_factor, "power factor L3"},
  {0x0E0701, f::current, every, every, "1-0:14.7.0", u::hz, publish_number, "frequency"},
  {0x51070A, f::current, every, three, "1-0:81.7.10", u::degree, publish_signed_number, "angle U(L1)-U(L2)"},
  {0x510714, f::current, every, three, "1-0:81.7.20", u::degree, publish_signed_number, "angle U(L3)-U(L1)"},
  {0x510715, f::current, every, three, "1-0:81.7.21", u::degree, publish_signed_number, "angle U(L2)-U(L3)"},
  {0x600900, f::current, every, every, "x:temperature", u::celsius, publish_temperature, "temperature"},
  {0x600500, f::current, every, every, "x:status", u::none, publish_status_word, "status word"},
  {0x0F8080, f::days, every, nobody, "1-0:1.8", u::wh, publish_energy_list, "active energy at the start of a day"},
  {0x0F0680, f::months, every, nobody, "x:max_demand", u::w, publish_demand_list, "maximum power: max, T1..T4"},
  {0x600100, f::current, every, nobody, "0-0:96.1.0", u::none, publish_text, "serial number"},
  {0x600104, f::current, every, nobody, "x:firmware_id", u::none, publish_text, "firmware id"},
  {0x60010A, f::current, every, nobody, "x:metering_point", u::none, publish_text, "metering-point text"},
  {0x600101, f::current, every, nobody, "", u::none, check<decode_network_address>, "network address"},
  {0x000901, f::current, every, nobody, "", u::none, check<decode_time>, "time hhmmss"},
  {0x000902, f::current, every, nobody, "", u::none, check<decode_date>, "date YYMMDD"},
  {0x000905, f::current, every, nobody, "", u::none, check<decode_weekday>, "day of week"},
  {0x000800, f::current, every, nobody, "", u::none, check<decode_averaging_minutes>, "demand averaging minutes"},
  {0x000802, f::current, every, nobody, "", u::none, check<decode_season_number>, "current season number"},
  {0x000806, f::current, every, nobody, "", u::none, check<decode_billing_time>, "billing-fixation time DDHH"},
  {0x150004, f::current, every, nobody, "", u::none, check<decode_configuration_word>, "configuration word"},
  {0x0A0164, f::current, every, nobody, "", u::none, check<decode_day_schedule>, "day schedule 1..36", 0x24},
  {0x0B0000, f::current, every, nobody, "", u::none, check<decode_special_days>, "special days"},
  {0x0D0000, f::current, every, nobody, "", u::none, check<decode_seasons>, "seasonal table"},
  {0x630100, f::days, every, nobody, "", u::none, check_load_profile, "load profile of a day"},
}};

} // namespace

bool accepts(f_range range, std::uint8_t f) noexcept {
  switch (range) {
    case f_range::current:
      return f == 0xFF;
    case f_range::months:
      return f == 0xFF || f <= 0x0B;
    case f_range::days:
      return f <= 0x7F;
  }
  return false;
}

std::span<const register_entry> register_table() noexcept {
  return table;
}

const register_entry* find_entry(register_address reg, model_family family) noexcept {
  for (const auto& row : table)
    if (row.c() == reg.c && row.e() == reg.e && reg.d >= row.d() && reg.d < row.d() + row.d_count &&
        (row.families & bit_of(family)) != 0)
      return &row;
  return nullptr;
}

} // namespace meterhub::neva::detail
