// Every shipped profile: a simulated device's register image, polled as the adapter polls it (plan_group) and
// decoded by libs/profiles (to_readings), gives the model's values; identification reads match the identify rules.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>

#include "meterhub/profiles/readings.hpp"
#include "test_support.hpp"

using namespace meterhub;
using namespace meterhub::modbus_sim;
using namespace meterhub::modbus_sim::test;

namespace {

std::vector<std::shared_ptr<const profiles::profile>> shipped_modbus_profiles() {
  auto loaded = profiles::load_profiles(MH_PROFILES_DIR);
  if (!loaded)
    FAIL(describe(loaded.error()));
  std::vector<std::shared_ptr<const profiles::profile>> out;
  for (auto& p : *loaded)
    if (p.protocol == profiles::protocol::modbus)
      out.push_back(std::make_shared<const profiles::profile>(std::move(p)));
  return out;
}

modbus::request request_of(const modbus::read_request& plan) {
  const auto f = static_cast<modbus::function_code>(static_cast<std::uint8_t>(plan.table));
  return request(f, plan.address, plan.count, {}, plan.unit_id);
}

/// One step of the register's raw value in its published unit (integers), or 0 for floats.
double resolution(const profiles::register_def& def, int exponent) {
  using modbus::value_type;
  if (def.spec.type == value_type::f32 || def.spec.type == value_type::f64)
    return 0;
  return std::abs(def.scaling.scale) * std::pow(10.0, exponent);
}

/// The bits that bit-field views of a whole register (a status word and its flags) set in it, from the model.
std::uint64_t view_bits(const modbus_device& d, std::size_t index) {
  const auto& p = d.model().profile();
  const auto& whole = p.registers[index];
  std::uint64_t bits = 0;
  for (std::size_t j = 0; j < p.registers.size(); ++j) {
    const auto& view = p.registers[j];
    const auto& q = d.model().source(j).quantity;
    if (j == index || !q || view.spec.type != modbus::value_type::bits || view.table != whole.table
        || view.address != whole.address)
      continue;
    const auto v = static_cast<std::uint64_t>(std::llround(value_of(d.physics(), *q)));
    bits |= (v & ((1u << view.spec.bit_count) - 1)) << view.spec.bit_offset;
  }
  return bits;
}

/// The published value of a reading against the model's: within one step, modulo the wrap of a counter.
void check_reading(const modbus_device& d, std::size_t index, const reading& r) {
  const auto& def = d.model().profile().registers[index];
  const auto& src = d.model().source(index);
  INFO(d.model().profile().id << ": " << def.name << " (" << r.quantity << ")");
  REQUIRE(r.value);
  const double published = r.quantity == def.negative_quantity && !def.negative_quantity.empty() ? -*r.value : *r.value;
  if (!src.quantity) {
    CHECK(std::isfinite(published));
    return;
  }
  const auto& m = d.physics();
  double expected = value_of(m, *src.quantity) - (src.negative ? value_of(m, *src.negative) : 0.0);
  if (def.spec.type == modbus::value_type::u16 && view_bits(d, index) != 0) // the word shows its flags too
    expected = static_cast<double>(static_cast<std::uint64_t>(std::llround(expected)) | view_bits(d, index));
  const double step = resolution(def, src.exponent);
  double difference = published - expected;
  if (src.counter && step > 0) { // counters truncate and wrap at their width
    const double modulus = (def.wrap ? *def.wrap : std::ldexp(1.0, 16 * int(modbus::register_count(def.spec)))) * step;
    difference = std::remainder(difference, modulus);
    CHECK(difference <= 1e-6 * std::abs(expected) + 1e-9);
    CHECK(difference > -step - 1e-6 * std::abs(expected));
  } else if (step > 0) {
    CHECK(std::abs(difference) <= step / 2 + 1e-9 * std::abs(expected));
  } else {
    CHECK(published == Approx(expected).epsilon(1e-6).margin(1e-30));
  }
}

void check_group(modbus_device& d, const profiles::poll_group& g, std::int64_t now) {
  const auto& p = d.model().profile();
  const auto plan = profiles::plan_group(p, g, d.unit());
  std::vector<profiles::request_reply> replies;
  for (const auto& req : plan) {
    const auto r = d.answer(request_of(req), now);
    INFO(p.id << ": " << to_string(req.table) << " " << req.address << "+" << req.count);
    CHECK(r.exception_code == 0);
    replies.push_back(r.values);
  }
  const auto out = profiles::to_readings(p, g, plan, replies, now);
  for (const auto& f : out.failures)
    FAIL_CHECK(p.id << ": " << p.registers[f.register_index].name << ": " << describe(f.error));
  std::size_t next = 0;
  for (auto index : g.registers) {
    if (p.registers[index].quantity.empty())
      continue;
    REQUIRE(next < out.readings.size());
    check_reading(d, index, out.readings[next++]);
  }
  CHECK(next == out.readings.size());
}

void check_identify(modbus_device& d) {
  const auto& p = d.model().profile();
  for (const auto& rule : p.identify) {
    const auto& def = p.registers[rule.register_index];
    const auto f = static_cast<modbus::function_code>(static_cast<std::uint8_t>(def.table));
    const auto r = d.answer(request(f, def.address, static_cast<std::uint16_t>(modbus::register_count(def.spec)),
                                    {}, d.unit()), monday_10am);
    REQUIRE(r.exception_code == 0);
    const auto raw = modbus::decode(r.values, def.spec);
    REQUIRE(raw);
    INFO(p.id << ": " << def.name << " = " << profiles::to_text(*raw));
    CHECK(profiles::matches(rule, *raw));
  }
}

} // namespace

TEST_CASE("every shipped Modbus profile's image decodes to the model's values over a day") {
  const auto shipped = shipped_modbus_profiles();
  CHECK_FALSE(shipped.empty());
  for (const auto& p : shipped) {
    physics_options o;
    o.seed = 21;
    o.start_ms = monday_10am;
    modbus_device d{std::make_shared<const device_template>(p), {17, 21}, o};
    INFO(p->id);
    CHECK(d.model().unknown_quantities() == std::vector<std::string>{});
    for (std::int64_t t = monday_10am; t < monday_10am + 24 * 3'600'000; t += 397'000)
      for (const auto& g : p->groups)
        check_group(d, g, t);
    check_identify(d);
  }
}

TEST_CASE("the test meter's groups decode too, so the check above can fail") {
  physics_options o;
  o.start_ms = monday_10am;
  modbus_device d{std::make_shared<const device_template>(load(test_meter)), {1, 1}, o};
  for (const auto& g : d.model().profile().groups)
    check_group(d, g, monday_10am + 3'600'000);
  check_identify(d);
  CHECK(d.model().unknown_quantities().empty());
}
