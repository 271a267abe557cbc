// The physical model: consistent electrical values, energies that integrate power, the machine and its inputs.
#include <catch2/catch.hpp>

#include <cmath>

#include "physics.hpp"

using namespace meterhub::modbus_sim;

namespace {

/// 2026-03-02T10:00:00Z, a Monday morning: day tariff at UTC+0.
constexpr std::int64_t monday_10am = 1772445600000;

physics_options options(std::uint64_t seed = 7) {
  physics_options o;
  o.seed = seed;
  o.start_ms = monday_10am;
  return o;
}

} // namespace

TEST_CASE("every phase keeps P = U·I·PF, S = U·I and Q = ±√(S² − P²), totals are the sums") {
  device_physics m{options()};
  for (int minute = 0; minute < 60; ++minute) {
    m.advance_to(monday_10am + minute * 60'000);
    double p = 0, q = 0, s = 0;
    for (unsigned i = 0; i < 3; ++i) {
      const auto& ph = m.phase(i);
      CHECK(ph.active == Approx(ph.voltage * ph.current * ph.power_factor).margin(1e-9));
      CHECK(ph.apparent == Approx(ph.voltage * ph.current).margin(1e-9));
      CHECK(std::abs(ph.reactive) == Approx(std::sqrt(ph.apparent * ph.apparent - ph.active * ph.active)).margin(1e-6));
      CHECK(ph.voltage > 215);
      CHECK(ph.voltage < 245);
      p += ph.active;
      q += ph.reactive;
      s += ph.apparent;
    }
    CHECK(m.active() == Approx(p));
    CHECK(m.reactive() == Approx(q));
    CHECK(m.apparent() == Approx(s));
    CHECK(m.frequency() > 49.9);
    CHECK(m.frequency() < 50.1);
  }
}

TEST_CASE("energy registers integrate the power shown before each step, split by direction and tariff") {
  device_physics m{options(11)};
  const double import0 = m.energy(energy_kind::active_import), export0 = m.energy(energy_kind::active_export);
  const double rimport0 = m.energy(energy_kind::reactive_import), rexport0 = m.energy(energy_kind::reactive_export);
  double import = 0, exported = 0, rimport = 0, rexport = 0;
  for (int s = 1; s <= 4 * 3600; ++s) {
    const double p = m.active(), q = m.reactive();
    import += std::max(p, 0.0) / 3600;
    exported += std::max(-p, 0.0) / 3600;
    rimport += std::max(q, 0.0) / 3600;
    rexport += std::max(-q, 0.0) / 3600;
    m.advance_to(monday_10am + s * 1000);
  }
  CHECK(m.energy(energy_kind::active_import) - import0 == Approx(import).epsilon(1e-9));
  CHECK(m.energy(energy_kind::active_export) - export0 == Approx(exported).epsilon(1e-9));
  CHECK(m.energy(energy_kind::reactive_import) - rimport0 == Approx(rimport).epsilon(1e-9));
  CHECK(m.energy(energy_kind::reactive_export) - rexport0 == Approx(rexport).epsilon(1e-9));
  CHECK(import > 1000); // four hours of a shop machine: kWh, not Wh
  for (auto k : {energy_kind::active_import, energy_kind::active_export, energy_kind::reactive_import})
    CHECK(m.energy(k) == m.energy(k, 1) + m.energy(k, 2) + m.energy(k, 3) + m.energy(k, 4));
}

TEST_CASE("day energy goes to T1 from 07:00 to 23:00 local, night energy to T2") {
  CHECK(tariff_at(7 * 3'600'000) == 1);
  CHECK(tariff_at(7 * 3'600'000 - 1) == 2);
  CHECK(tariff_at(23 * 3'600'000 - 1) == 1);
  CHECK(tariff_at(23 * 3'600'000) == 2);
  CHECK(tariff_at(-3'600'000) == 2); // 23:00 the day before the epoch
  auto o = options(3);
  o.start_ms = monday_10am + 12 * 3'600'000; // 22:00 UTC
  o.utc_offset = std::chrono::minutes{120};  // 00:00 local: night
  device_physics m{o};
  const double t1 = m.energy(energy_kind::active_import, 1), t2 = m.energy(energy_kind::active_import, 2);
  m.advance_to(o.start_ms + 3 * 3'600'000);
  CHECK(m.energy(energy_kind::active_import, 1) == t1);
  CHECK(m.energy(energy_kind::active_import, 2) > t2);
  CHECK(m.tariff() == 2);
}

TEST_CASE("the machine switches every few minutes, the load follows it, the inputs count its edges") {
  device_physics m{options(5)};
  int switches = 0, regenerating = 0;
  auto state = m.machine().state();
  std::uint64_t rises = 0;
  bool part = m.machine().input(3);
  for (int s = 1; s <= 6 * 3600; ++s) {
    m.advance_to(monday_10am + s * 1000);
    const auto& mc = m.machine();
    if (mc.state() != state) {
      ++switches;
      state = mc.state();
    }
    CHECK(mc.input(1) == (mc.state() != machine_state::off));
    CHECK(mc.input(2) == (mc.state() == machine_state::running));
    CHECK((mc.input_mask() & 7u) == ((mc.input(1) ? 1u : 0u) | (mc.input(2) ? 2u : 0u) | (mc.input(3) ? 4u : 0u)));
    if (mc.input(3) && !part)
      ++rises;
    part = mc.input(3);
    if (mc.regenerating(m.time_ms()))
      ++regenerating;
    if (mc.state() == machine_state::running && !mc.regenerating(m.time_ms()) && s > 10)
      CHECK(m.active() > 0);
  }
  CHECK(switches >= 36); // every 2 to 10 minutes
  CHECK(switches <= 200);
  CHECK(regenerating > 0);
  CHECK(m.machine().rising_edges(3) == rises);
  CHECK(rises > 100);
}

TEST_CASE("a seed and a start time give the same values however often the model is asked") {
  device_physics often{options(9)}, once{options(9)}, other{options(10)};
  for (int s = 1; s <= 600; ++s)
    often.advance_to(monday_10am + s * 1000 + 500);
  once.advance_to(monday_10am + 600'999);
  other.advance_to(monday_10am + 600'999);
  CHECK(often.time_ms() == monday_10am + 600'000);
  CHECK(once.time_ms() == often.time_ms());
  CHECK(once.phase(1).voltage == often.phase(1).voltage);
  CHECK(once.energy(energy_kind::active_import) == often.energy(energy_kind::active_import));
  CHECK(once.machine().rising_edges(3) == often.machine().rising_edges(3));
  CHECK(other.phase(1).voltage != often.phase(1).voltage);
  once.advance_to(monday_10am); // never back
  CHECK(once.time_ms() == monday_10am + 600'000);
}

TEST_CASE("a single-phase device has no L2 and L3") {
  auto o = options(4);
  o.phases = 1;
  device_physics m{o};
  m.advance_to(monday_10am + 3'600'000);
  CHECK(m.phases() == 1);
  CHECK(m.phase(1).voltage == 0);
  CHECK(m.phase(2).current == 0);
  CHECK(m.active() == m.phase(0).active);
  CHECK(m.phase_energy(1, energy_kind::active_import) == 0);
}
