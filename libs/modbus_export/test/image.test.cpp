// The register image: values from batches, quality, age, heartbeat, blocks and gaps, the newest-wins rule.
#include <cmath>
#include <limits>

#include <catch2/catch.hpp>

#include "meterhub/core/error.hpp"
#include "meterhub/modbus/value.hpp"
#include "meterhub/modbus_export/image.hpp"
#include "entries.hpp"

using namespace meterhub;
using namespace meterhub::modbus_export;
using modbus::table;
using meterhub::modbus_export::test::mapped;
using modbus::value_type;
using modbus::word_order;

namespace {

constexpr std::int64_t t0 = 1'700'000'000'000;

/// Unit 1 (p1-1): power f32 at 10 (quality 12, age 13), voltage u16 tenths at 20 (quality 21), energy u32 CDAB in
/// kWh at input 0 (age u32 at input 2), heartbeat at holding 0, a holding command at 30. Unit 7 shows p1-1's power
/// again at input 100.
export_map sample_map() {
  unit_map u;
  u.unit_id = 1;
  u.device = "p1-1";
  u.stale_after_ms = 10'000;
  u.max_gap = 9;
  u.heartbeat = register_ref{table::holding, 0};
  value_entry power = mapped("1-0:1.7.0", table::holding, 10, {}, 12, 13);
  value_entry voltage = mapped("1-0:32.7.0", table::holding, 20, {value_type::u16, word_order::abcd, {0.1, 0}}, 21);
  value_entry energy = mapped("1-0:1.8.0", table::input, 0, {value_type::u32, word_order::cdab, {1000, 0}}, {}, 2);
  energy.age_type = value_type::u32;
  energy.stale_after_ms = 60'000;
  u.values = {power, voltage, energy};
  u.commands.push_back({table::holding, 30, {value_type::u16, word_order::abcd, {}}, "relay.1"});
  unit_map again;
  again.unit_id = 7;
  again.device = "p1-1";
  again.values = {mapped("1-0:1.7.0", table::input, 100, {value_type::s32, word_order::abcd, {}}, 102)};
  return export_map{{u, again}};
}

register_image make_image() {
  auto layout = export_layout::make(sample_map());
  REQUIRE(layout);
  return register_image{std::make_shared<const export_layout>(std::move(*layout)), t0};
}

reading at(std::string quantity, double value, std::int64_t time_ms, std::uint32_t flags = 0) {
  reading r;
  r.quantity = std::move(quantity);
  r.value = value;
  r.time_ms = time_ms;
  r.flags = flags;
  return r;
}

reading_batch batch_of(std::vector<reading> readings, std::string device = "p1-1") {
  reading_batch b;
  b.device = std::move(device);
  b.readings = std::move(readings);
  return b;
}

std::vector<std::uint16_t> regs(const register_image& image, std::uint8_t unit, table t, std::uint16_t address,
                                std::size_t count) {
  std::vector<std::uint16_t> out(count);
  REQUIRE(image.read(unit, t, address, out) == 0);
  return out;
}

float power_of(const register_image& image) {
  auto words = regs(image, 1, table::holding, 10, 2);
  return static_cast<float>(std::get<double>(*modbus::decode(words, {value_type::f32, word_order::abcd})));
}

} // namespace

TEST_CASE("before any reading values are 0, quality never received and ages saturated", "[image]") {
  auto image = make_image();
  CHECK(regs(image, 1, table::holding, 10, 4) == std::vector<std::uint16_t>{0, 0, 3, 65535});
  CHECK(regs(image, 1, table::input, 0, 4) == std::vector<std::uint16_t>{0, 0, 0xFFFF, 0xFFFF});
  CHECK(image.quality_of(0, 0) == quality::never_received);
}

TEST_CASE("a batch writes its values, good and fresh", "[image]") {
  auto image = make_image();
  CHECK(image.apply(batch_of({at("1-0:1.7.0", 1530.5, t0), at("1-0:32.7.0", 230.14, t0),
                              at("1-0:1.8.0", 12'345'678, t0), at("1-0:99.99.0", 1, t0)}),
                    t0 + 200) == 3);
  CHECK(power_of(image) == 1530.5f);
  CHECK(regs(image, 1, table::holding, 12, 2) == std::vector<std::uint16_t>{0, 0});
  CHECK(regs(image, 1, table::holding, 20, 2) == std::vector<std::uint16_t>{2301, 0});
  // 12345.678 kWh → 12346, low word first; age 0 in two registers.
  CHECK(regs(image, 1, table::input, 0, 4) == std::vector<std::uint16_t>{12346, 0, 0, 0});
  // Unit 7 shows the same power as s32.
  CHECK(regs(image, 7, table::input, 100, 3) == std::vector<std::uint16_t>{0, 1531, 0});
}

TEST_CASE("ticks age the values and turn them stale past stale_after", "[image]") {
  auto image = make_image();
  image.apply(batch_of({at("1-0:1.7.0", 100, t0), at("1-0:1.8.0", 5000, t0)}), t0);
  image.tick(t0 + 9'999);
  CHECK(regs(image, 1, table::holding, 12, 2) == std::vector<std::uint16_t>{0, 9});
  image.tick(t0 + 10'001);
  CHECK(regs(image, 1, table::holding, 12, 2) == std::vector<std::uint16_t>{1, 10});
  CHECK(image.quality_of(0, 0) == quality::stale);
  CHECK(image.quality_of(0, 2) == quality::good); // energy's own stale_after is 60 s
  image.tick(t0 + 70'000'000);                    // 70000 s: the u16 age saturates, the u32 one does not
  CHECK(regs(image, 1, table::holding, 13, 1)[0] == 65535);
  CHECK(regs(image, 1, table::input, 2, 2) == std::vector<std::uint16_t>{70000 & 0xFFFF, 70000 >> 16});
  image.apply(batch_of({at("1-0:1.7.0", 101, t0 + 70'000'000)}), t0 + 70'000'000);
  CHECK(regs(image, 1, table::holding, 12, 2) == std::vector<std::uint16_t>{0, 0});
}

TEST_CASE("readings from the future have age 0", "[image]") {
  auto image = make_image();
  image.apply(batch_of({at("1-0:1.7.0", 100, t0 + 5000)}), t0);
  CHECK(regs(image, 1, table::holding, 12, 2) == std::vector<std::uint16_t>{0, 0});
}

TEST_CASE("flagged and non-numeric readings are invalid, unfit ones out of range", "[image]") {
  auto image = make_image();
  image.apply(batch_of({at("1-0:1.7.0", 100, t0, static_cast<std::uint32_t>(flag::invalid))}), t0);
  CHECK(regs(image, 1, table::holding, 12, 1)[0] == 2);
  image.apply(batch_of({at("1-0:1.7.0", 100, t0 + 1, static_cast<std::uint32_t>(flag::suspicious))}), t0);
  CHECK(regs(image, 1, table::holding, 12, 1)[0] == 2);
  image.apply(batch_of({at("1-0:1.7.0", std::numeric_limits<double>::quiet_NaN(), t0 + 2)}), t0);
  CHECK(regs(image, 1, table::holding, 10, 2) == std::vector<std::uint16_t>{0x7FC0, 0x0000}); // a quiet NaN
  CHECK(regs(image, 1, table::holding, 12, 1)[0] == 2);
  image.apply(batch_of({at("1-0:1.7.0", 100, t0 + 3, static_cast<std::uint32_t>(flag::estimated))}), t0);
  CHECK(regs(image, 1, table::holding, 12, 1)[0] == 0); // estimated is still a value to use
  // 7000 V does not fit u16 tenths: saturated, quality 4, and 4 still when it also goes stale.
  image.apply(batch_of({at("1-0:32.7.0", 7000, t0)}), t0);
  CHECK(regs(image, 1, table::holding, 20, 2) == std::vector<std::uint16_t>{65535, 4});
  image.tick(t0 + 60'000);
  CHECK(regs(image, 1, table::holding, 21, 1)[0] == 4);
  image.apply(batch_of({at("1-0:32.7.0", 230, t0 + 60'000)}), t0 + 60'000);
  CHECK(regs(image, 1, table::holding, 20, 2) == std::vector<std::uint16_t>{2300, 0});
}

TEST_CASE("older readings never overwrite newer ones, the newest of a batch wins", "[image]") {
  auto image = make_image();
  image.apply(batch_of({at("1-0:1.7.0", 200, t0)}), t0);
  auto archive = at("1-0:1.7.0", 150, t0 - 60'000, static_cast<std::uint32_t>(flag::backfilled));
  CHECK(image.apply(batch_of({archive}), t0 + 100) == 0);
  CHECK(power_of(image) == 200.0f);
  image.apply(batch_of({at("1-0:1.7.0", 300, t0 + 2000), at("1-0:1.7.0", 250, t0 + 1000)}), t0 + 2000);
  CHECK(power_of(image) == 300.0f);
  image.apply(batch_of({at("1-0:1.7.0", 310, t0 + 2000)}), t0 + 2100); // same time: a correction is taken
  CHECK(power_of(image) == 310.0f);
  auto newer_backfill = at("1-0:1.7.0", 320, t0 + 3000, static_cast<std::uint32_t>(flag::backfilled));
  image.apply(batch_of({newer_backfill}), t0 + 3000);
  CHECK(power_of(image) == 320.0f);
}

TEST_CASE("other devices and text readings leave the image alone", "[image]") {
  auto image = make_image();
  CHECK(image.apply(batch_of({at("1-0:1.7.0", 100, t0)}, "p1-2"), t0) == 0);
  reading text;
  text.quantity = "1-0:1.7.0";
  text.text = "n/a";
  text.time_ms = t0;
  CHECK(image.apply(batch_of({text}), t0) == 0);
  CHECK(regs(image, 1, table::holding, 12, 1)[0] == 3);
}

TEST_CASE("the heartbeat counts whole seconds from the start and wraps", "[image]") {
  auto image = make_image();
  CHECK(regs(image, 1, table::holding, 0, 1)[0] == 0);
  image.tick(t0 + 999);
  CHECK(regs(image, 1, table::holding, 0, 1)[0] == 0);
  image.tick(t0 + 1000);
  CHECK(regs(image, 1, table::holding, 0, 1)[0] == 1);
  image.tick(t0 + 65'537'000);
  CHECK(regs(image, 1, table::holding, 0, 1)[0] == 1);
  image.tick(t0 - 5000); // a clock stepped back does not underflow
  CHECK(regs(image, 1, table::holding, 0, 1)[0] == 0);
}

TEST_CASE("gaps in a block read as 0, registers outside every block are refused", "[image]") {
  auto image = make_image();
  image.tick(t0 + 3000);
  // Holding with max_gap 9: 0 (heartbeat), 10..13, 20..21 and 30 join into one block 0..30.
  CHECK(regs(image, 1, table::holding, 0, 31).size() == 31);
  CHECK(regs(image, 1, table::holding, 1, 9) == std::vector<std::uint16_t>(9, 0));
  std::vector<std::uint16_t> out(2);
  CHECK(image.read(1, table::holding, 30, out) == exception_code::illegal_data_address);
  CHECK(image.read(1, table::holding, 31, std::span{out}.first(1)) == exception_code::illegal_data_address);
  CHECK(image.read(1, table::input, 4, std::span{out}.first(1)) == exception_code::illegal_data_address);
  CHECK(image.read(1, table::holding, 0, std::span{out}.first(0)) == exception_code::illegal_data_address);
  CHECK(image.read(2, table::holding, 0, out) == exception_code::gateway_target_failed);
  CHECK(image.read(1, table::coil, 0, out) == exception_code::illegal_function);
  // Unit 7's input block is 100..102 only.
  CHECK(image.read(7, table::input, 99, out) == exception_code::illegal_data_address);
  CHECK(image.read(7, table::holding, 0, out) == exception_code::illegal_data_address);
}

TEST_CASE("blocks split where the gap is wider than max_gap", "[image]") {
  auto map = sample_map();
  map.units[0].max_gap = 0;
  auto layout = export_layout::make(map);
  REQUIRE(layout);
  const auto& holding = layout->units()[0].holding;
  REQUIRE(holding.blocks.size() == 4); // 0, 10..13, 20..21, 30
  CHECK(holding.blocks[1].start == 10);
  CHECK(holding.blocks[1].count == 4);
  CHECK(holding.size == 1 + 4 + 2 + 1);
  CHECK(holding.locate(10, 4) == 1u);
  CHECK_FALSE(holding.locate(12, 3));
  CHECK_FALSE(holding.locate(65535, 2));
}

TEST_CASE("holding commands read back the last acknowledged write", "[image]") {
  auto image = make_image();
  CHECK(regs(image, 1, table::holding, 30, 1)[0] == 0);
  const std::uint16_t written[] = {42};
  image.hold_command(1, 30, written);
  CHECK(regs(image, 1, table::holding, 30, 1)[0] == 42);
  const std::uint16_t too_wide[] = {1, 2};
  image.hold_command(1, 30, too_wide);
  image.hold_command(1, 10, written); // not a command: ignored
  image.hold_command(9, 30, written); // no such unit
  CHECK(regs(image, 1, table::holding, 30, 1)[0] == 42);
  CHECK(regs(image, 1, table::holding, 10, 2) == std::vector<std::uint16_t>{0, 0});
}

TEST_CASE("latest_values tracks each pair once", "[image]") {
  latest_values store;
  CHECK(store.track("a", "1-0:1.7.0") == 0);
  CHECK(store.track("b", "1-0:1.7.0") == 1);
  CHECK(store.track("a", "1-0:1.7.0") == 0);
  CHECK(store.find("b", "1-0:1.7.0") == 1u);
  CHECK_FALSE(store.find("c", "1-0:1.7.0"));
  auto changed = store.apply(batch_of({at("1-0:1.7.0", 1, t0), at("1-0:1.7.0", 2, t0 + 1)}, "a"), t0 + 5);
  REQUIRE(changed.size() == 1);
  CHECK(store.at(0).value == 2);
  CHECK(store.at(0).taken_ms == t0 + 5);
  CHECK(assess(store.at(0), t0 + 1 + 5000, 5000) == quality::good);
  CHECK(assess(store.at(0), t0 + 1 + 5001, 5000) == quality::stale);
  CHECK(age_seconds(store.at(0), t0 + 1 + 5999) == 5);
  CHECK(assess(store.at(1), t0, 5000) == quality::never_received);
  CHECK(to_string(quality::out_of_range) == "out_of_range");
}

TEST_CASE("make_shared_image compiles the map or names its problems", "[image]") {
  auto image = make_shared_image(sample_map(), t0);
  REQUIRE(image);
  (*image)->apply(batch_of({at("1-0:1.7.0", 50, t0)}), t0);
  std::vector<std::uint16_t> out(4);
  CHECK((*image)->read(1, table::holding, 10, out) == 0);
  CHECK(out == std::vector<std::uint16_t>{0x4248, 0, 0, 0}); // 50.0f
  CHECK((*image)->inspect([](const register_image& i) { return i.quality_of(0, 0); }) == quality::good);
  auto bad = sample_map();
  bad.units[1].unit_id = 1;
  auto refused = make_shared_image(bad, t0, "modbus_export");
  REQUIRE_FALSE(refused);
  CHECK(describe(refused.error()) == "mb_export: bad_map: modbus_export.units[1].unit: unit id 1 is mapped twice");
}
