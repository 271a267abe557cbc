#include "machine.hpp"

namespace meterhub::modbus_sim {

namespace {

/// How long each state lasts, in seconds: a shop machine is switched on, waits, runs a job, waits again.
struct dwell {
  double min_s, max_s;
};
constexpr dwell off_dwell{120, 360}, idle_dwell{60, 240}, running_dwell{180, 600};

/// Mean time between guard-door changes.
constexpr double door_period_s = 180;
/// Chance per second that the part sensor sees a part while the machine runs (one every 8 s on average).
constexpr double part_rate_per_s = 0.125;

const dwell& dwell_of(machine_state s) {
  switch (s) {
    case machine_state::off:
      return off_dwell;
    case machine_state::idle:
      return idle_dwell;
    case machine_state::running:
      return running_dwell;
  }
  return off_dwell;
}

} // namespace

machine::machine(std::uint64_t seed) : rng_(derive_seed(seed, 0x6d61636869)) {
  state_ = static_cast<machine_state>(rng_.next() % 3);
  run_ms_ = static_cast<std::int64_t>(rng_.uniform(1'000, 20'000) * 3'600'000);
}

void machine::switch_state(std::int64_t now_ms) {
  if (next_switch_ms_ >= 0) {
    const auto previous = state_;
    switch (state_) {
      case machine_state::off:
        state_ = machine_state::idle;
        break;
      case machine_state::idle:
        state_ = rng_.chance(0.7) ? machine_state::running : machine_state::off;
        break;
      case machine_state::running:
        state_ = machine_state::idle;
        break;
    }
    if (previous == machine_state::running)
      regenerate_until_ms_ = now_ms + regeneration_ms;
  }
  const auto& d = dwell_of(state_);
  // The first dwell starts part-way through, so that devices started together do not switch together.
  const double fraction = next_switch_ms_ < 0 ? rng_.uniform() : 1.0;
  next_switch_ms_ = now_ms + static_cast<std::int64_t>(rng_.uniform(d.min_s, d.max_s) * 1000 * fraction) + 1;
}

bool machine::next_input(unsigned n, std::int64_t dt_ms) {
  const bool now = input(n);
  const double dt_s = static_cast<double>(dt_ms) / 1000.0;
  switch (n % 4) {
    case 1: // power on
      return state_ != machine_state::off;
    case 2: // running
      return state_ == machine_state::running;
    case 3: // part sensor: a pulse one step long
      return !now && state_ == machine_state::running && rng_.chance(part_rate_per_s * dt_s);
    default: // guard door
      return rng_.chance(dt_s / door_period_s) ? !now : now;
  }
}

void machine::step(std::int64_t now_ms, std::int64_t dt_ms) {
  const auto then_ms = now_ms + dt_ms;
  if (state_ == machine_state::running) // the state shown before the step held during it
    run_ms_ += dt_ms;
  while (next_switch_ms_ < 0 || next_switch_ms_ <= then_ms)
    switch_state(next_switch_ms_ < 0 ? now_ms : next_switch_ms_);
  std::uint32_t next = 0;
  for (unsigned n = 1; n <= input_count; ++n)
    if (next_input(n, dt_ms))
      next |= 1u << (n - 1);
  if (dt_ms > 0) // the zero step that sets up the inputs at start is no edge
    for (unsigned n = 1; n <= input_count; ++n)
      if ((next & ~inputs_) & (1u << (n - 1)))
        ++edges_[n - 1];
  inputs_ = next;
}

bool machine::input(unsigned n) const noexcept {
  return n >= 1 && n <= input_count && (inputs_ >> (n - 1)) & 1u;
}

std::uint32_t machine::input_mask() const noexcept {
  return inputs_ & 0xFFFFu;
}

std::uint64_t machine::rising_edges(unsigned n) const noexcept {
  return n >= 1 && n <= input_count ? edges_[n - 1] : 0;
}

} // namespace meterhub::modbus_sim
