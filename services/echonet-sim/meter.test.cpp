#include "meter.hpp"

#include <catch2/catch.hpp>

#include "meterhub/echonet/history.hpp"
#include "meterhub/echonet/meter.hpp"
#include "meterhub/echonet/property_map.hpp"
#include "sim_time.hpp"
#include "test_support.hpp"

using namespace meterhub;
using namespace meterhub::echonet_sim;
using test::t0;

namespace {

echonet::frame get(meter& m, std::vector<std::uint8_t> epcs, std::uint16_t tid = 7) {
  auto reply = m.answer(echonet::make_get(tid, epcs));
  REQUIRE(reply);
  return *reply;
}

echonet::frame set_c(meter& m, echonet::property p) {
  auto reply = m.answer(echonet::make_set_c(9, std::move(p)));
  REQUIRE(reply);
  return *reply;
}

std::uint32_t e0(meter& m) {
  return echonet::decode_cumulative_energy(get(m, {0xE0}).properties[0].edt)->raw;
}

} // namespace

TEST_CASE("a Get of several EPCs is one Get_Res with all of them in request order") {
  meter m{{}, t0};
  const auto reply = get(m, {0xE7, 0xE1, 0xE0, 0xD3, 0xD7, 0x82, 0x8D, 0x80});
  CHECK(reply.esv == echonet::esv::get_res);
  CHECK(reply.tid == 7);
  CHECK(reply.seoj == echonet::meter_eoj);
  CHECK(reply.deoj == echonet::controller_eoj);
  REQUIRE(reply.properties.size() == 8);
  CHECK(reply.properties[0].epc == 0xE7);
  const auto power = echonet::decode_instantaneous_power(reply.properties[0].edt);
  REQUIRE(power);
  CHECK(power->raw == m.power_w());
  CHECK(power->raw >= 150);
  CHECK(power->raw <= 3000);
  CHECK(*echonet::decode_energy_unit(reply.properties[1].edt) == 0x01);
  CHECK(echonet::decode_cumulative_energy(reply.properties[2].edt)->raw == 123'456);
  CHECK(*echonet::decode_coefficient(reply.properties[3].edt) == 1);
  CHECK(*echonet::decode_effective_digits(reply.properties[4].edt) == 6);
  CHECK(*echonet::decode_standard_version(reply.properties[5].edt) == "R.1");
  CHECK(echonet::decode_serial_number(reply.properties[6].edt)->starts_with("SIM"));
  CHECK(*echonet::decode_operation_status(reply.properties[7].edt));
}

TEST_CASE("unsupported EPCs make a Get_SNA with PDC 0 for them and data for the others") {
  meter_options o;
  o.coefficient = std::nullopt;
  meter m{o, t0};
  const auto reply = get(m, {0xE1, 0xD3, 0xF5});
  CHECK(reply.esv == echonet::esv::get_sna);
  REQUIRE(reply.properties.size() == 3);
  CHECK(reply.properties[0].edt == std::vector<std::uint8_t>{0x01});
  CHECK(reply.properties[1].edt.empty());
  CHECK(reply.properties[2].edt.empty());
  CHECK(*echonet::decode_coefficient(reply.properties[1].edt) == 1); // the client's reading of a refused D3
  const auto map = echonet::decode_property_map(get(m, {0x9F}).properties[0].edt);
  REQUIRE(map);
  CHECK(std::find(map->begin(), map->end(), 0xD3) == map->end());
  CHECK(std::find(map->begin(), map->end(), 0xE2) != map->end());
}

TEST_CASE("property maps use the list form below 16 EPCs and the bitmap form from 16 on") {
  meter m{{}, t0};
  const auto set_map = get(m, {0x9E}).properties[0].edt;
  CHECK(set_map == std::vector<std::uint8_t>{0x03, 0xE5, 0xED, 0xEF});
  const auto get_map = get(m, {0x9F}).properties[0].edt;
  REQUIRE(get_map.size() == 17);
  const auto epcs = echonet::decode_property_map(get_map);
  REQUIRE(epcs);
  CHECK(epcs->size() == get_map[0]);
}

TEST_CASE("history 1 and 2 hold exactly what E0 read at each boundary, across a simulated midnight") {
  meter_options o;
  o.solar = true; // both directions move
  meter m{o, t0};
  // 2024-04-14 23:20 JST, then step through midnight recording E0 and E3 at every boundary.
  const auto start = unix_ms_from_utc(2024, 4, 14, 14, 20, 0);
  m.jump(start - m.clock_ms(), t0);
  std::map<std::int64_t, std::pair<std::uint32_t, std::uint32_t>> seen;
  for (int minute = 0; minute < 100; ++minute) {
    for (const auto b : m.jump(60'000, t0))
      seen[b] = {m.import_raw(), m.export_raw()};
  }
  REQUIRE(seen.size() == 4); // 23:30, 00:00, 00:30, 01:00
  const auto midnight = unix_ms_from_utc(2024, 4, 14, 15, 0, 0);
  CHECK(seen.count(midnight) == 1);
  // yesterday (day 1) slot 47 = 23:30
  CHECK(set_c(m, *echonet::history1_day_property(1)).esv == echonet::esv::set_res);
  const auto yesterday = echonet::decode_history1(get(m, {0xE2}).properties[0].edt);
  REQUIRE(yesterday);
  CHECK(yesterday->day == 1);
  CHECK(yesterday->counts[47].raw == seen[midnight - slot_ms].first);
  CHECK(yesterday->counts[0].valid());
  // today: 00:00 and 00:30 known, the rest still in the future
  set_c(m, *echonet::history1_day_property(0));
  const auto today = echonet::decode_history1(get(m, {0xE2}).properties[0].edt);
  const auto today_reverse = echonet::decode_history1(get(m, {0xE4}).properties[0].edt);
  REQUIRE(today);
  REQUIRE(today_reverse);
  CHECK(today->counts[0].raw == seen[midnight].first);
  CHECK(today->counts[1].raw == seen[midnight + slot_ms].first);
  CHECK(today_reverse->counts[1].raw == seen[midnight + slot_ms].second);
  CHECK(today->counts[2].raw == seen[midnight + 2 * slot_ms].first);
  CHECK(today->counts[3].state == echonet::sample_state::no_data);
  CHECK(today->counts[47].state == echonet::sample_state::no_data);
  // history 2 from 00:30 back three slots, newest first
  const auto setting = echonet::history2_setting_property({{2024, 4, 15, 0, 30, 0}, 3});
  REQUIRE(setting);
  CHECK(set_c(m, *setting).esv == echonet::esv::set_res);
  CHECK(get(m, {0xED}).properties[0].edt == setting->edt);
  const auto h2 = echonet::decode_history2(get(m, {0xEC}).properties[0].edt);
  REQUIRE(h2);
  REQUIRE(h2->slots.size() == 3);
  CHECK(h2->slots[0].normal.raw == seen[midnight + slot_ms].first);
  CHECK(h2->slots[1].normal.raw == seen[midnight].first);
  CHECK(h2->slots[2].reverse.raw == seen[midnight - slot_ms].second);
  // EA: the latest boundary with its time
  const auto ea = echonet::decode_fixed_time_energy(get(m, {0xEA}).properties[0].edt);
  REQUIRE(ea);
  CHECK(ea->at == echonet::meter_date_time{2024, 4, 15, 1, 0, 0});
  CHECK(ea->count.raw == seen[midnight + 2 * slot_ms].first);
}

TEST_CASE("the past is filled back 99 days, growing towards the starting energy") {
  meter m{{}, t0};
  set_c(m, *echonet::history1_day_property(99));
  const auto oldest = echonet::decode_history1(get(m, {0xE2}).properties[0].edt);
  REQUIRE(oldest);
  CHECK(oldest->day == 99);
  for (std::size_t k = 1; k < 48; ++k) {
    REQUIRE(oldest->counts[k].valid());
    CHECK(oldest->counts[k].raw >= oldest->counts[k - 1].raw);
  }
  CHECK(oldest->counts[47].raw < 123'456);
  CHECK(123'456 - oldest->counts[0].raw > 99 * 20); // at least 2 kWh a day
}

TEST_CASE("bad settings are refused with SetC_SNA") {
  meter m{{}, t0};
  CHECK(set_c(m, {0xE5, {100}}).esv == echonet::esv::set_c_sna);
  CHECK(set_c(m, {0xED, {0x07, 0xE8, 4, 14, 12, 15, 3}}).esv == echonet::esv::set_c_sna); // minute 15
  CHECK(set_c(m, {0xE0, {0, 0, 0, 0}}).esv == echonet::esv::set_c_sna);
  CHECK(get(m, {0xE5}).properties[0].edt == std::vector<std::uint8_t>{0});
}

TEST_CASE("E8 carries both phases, or the no-data marker in T on a single-phase two-wire meter") {
  meter three{{}, t0};
  const auto both = echonet::decode_instantaneous_currents(get(three, {0xE8}).properties[0].edt);
  REQUIRE(both);
  CHECK(both->r.valid());
  CHECK(both->t.valid());
  CHECK(std::abs((both->r.raw + both->t.raw) - three.power_w() / 10) <= 1);
  meter_options o;
  o.two_wire = true;
  meter two{o, t0};
  const auto one = echonet::decode_instantaneous_currents(get(two, {0xE8}).properties[0].edt);
  REQUIRE(one);
  CHECK(one->t.state == echonet::sample_state::no_data);
  CHECK(one->r.raw == static_cast<std::int16_t>(std::lround(two.power_w() / 10.0)));
}

TEST_CASE("the register wraps at 10 to the power of D7") {
  meter_options o;
  o.start_import = 999'990;
  meter m{o, t0};
  m.jump(3 * 3'600'000, t0); // at least 0.45 kWh in three hours
  CHECK(e0(m) < 999'990);
  CHECK(echonet::cumulative_advance(999'990, e0(m), 6).has_value());
}

TEST_CASE("solar mode exports around noon and E3 grows") {
  meter_options o;
  o.solar = true;
  o.seed = 3;
  meter m{o, t0}; // 12:00 JST
  const auto before = m.export_raw();
  int negative = 0;
  for (int i = 0; i < 60; ++i) {
    m.jump(60'000, t0);
    negative += m.power_w() < 0;
  }
  CHECK(negative > 30);
  CHECK(m.export_raw() > before);
}

TEST_CASE("history 3 and D0 hold the one-minute values E0 and E3 read") {
  meter m{{}, t0}; // 12:00:05 JST
  std::map<std::int64_t, std::uint32_t> seen;
  m.jump(55'000, t0); // onto 12:01:00
  for (int i = 0; i < 12; ++i) {
    seen[m.clock_ms()] = m.import_raw();
    m.jump(60'000, t0);
  }
  m.jump(-1, t0); // a negative jump does nothing
  m.jump(5'000, t0); // 12:13:05
  const auto newest = floor_to(m.clock_ms(), minute_ms) - minute_ms; // 12:12
  const auto setting = echonet::history3_setting_property({{2024, 4, 14, 12, 12, 0}, 10});
  REQUIRE(setting);
  CHECK(set_c(m, *setting).esv == echonet::esv::set_res);
  const auto h3 = echonet::decode_history3(get(m, {0xEE}).properties[0].edt);
  REQUIRE(h3);
  REQUIRE(h3->slots.size() == 10);
  for (std::size_t j = 0; j < 10; ++j)
    CHECK(h3->slots[j].normal.raw == seen[newest - static_cast<std::int64_t>(j) * minute_ms]);
  const auto d0 = echonet::decode_one_minute_energy(get(m, {0xD0}).properties[0].edt);
  REQUIRE(d0);
  CHECK(d0->at == echonet::meter_date_time{2024, 4, 14, 12, 13, 0});
  CHECK(d0->normal.raw == m.raw_at(newest + minute_ms, false));
  CHECK(seen.size() == 12);
}

TEST_CASE("the meter clock is the host clock plus the offset, in Japan time") {
  meter_options o;
  o.clock_offset_ms = -3 * 3'600'000;
  meter m{o, t0}; // 12:00:05 JST on the host, 09:00:05 on the meter
  const auto reply = get(m, {0x97, 0x98});
  const auto time = echonet::decode_current_time(reply.properties[0].edt);
  const auto date = echonet::decode_current_date(reply.properties[1].edt);
  REQUIRE(time);
  REQUIRE(date);
  CHECK(time->hour == 9);
  CHECK(time->minute == 0);
  CHECK(date->year == 2024);
  CHECK(date->day == 14);
  m.advance_to(t0 + 15 * 3'600'000); // the host 15 h later: 00:00:05 on the 15th
  CHECK(echonet::decode_current_date(get(m, {0x98}).properties[0].edt)->day == 15);
}
