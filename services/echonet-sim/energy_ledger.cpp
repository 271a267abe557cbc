#include "energy_ledger.hpp"

#include <cstdlib>

#include "sim_time.hpp"

namespace meterhub::echonet_sim {

energy_ledger::energy_ledger(load_shape shape, std::int64_t clock_ms, energy_pair now, std::int64_t keep_ms)
  : shape_(shape), clock_ms_(clock_ms), now_(now), keep_ms_(keep_ms) {
  // Walk back from now: the value at a minute is the later value minus what that minute's load added.
  auto minute = floor_to(clock_ms, minute_ms);
  energy_pair e = now;
  add(shape_.watts(minute), -(clock_ms - minute), e);
  minutes_.push_front(e);
  first_minute_ms_ = minute;
  const auto oldest = clock_ms - keep_ms;
  while (first_minute_ms_ > oldest) {
    first_minute_ms_ -= minute_ms;
    add(shape_.watts(first_minute_ms_), -minute_ms, e);
    minutes_.push_front(e);
  }
}

void energy_ledger::add(std::int32_t watts, std::int64_t ms, energy_pair& e) const noexcept {
  const double wh = std::abs(static_cast<double>(watts)) * static_cast<double>(ms) / 3'600'000.0;
  (watts >= 0 ? e.import_wh : e.export_wh) += wh;
}

void energy_ledger::advance_to(std::int64_t target, std::vector<std::int64_t>* slots_passed) {
  while (clock_ms_ < target) {
    const auto minute = floor_to(clock_ms_, minute_ms);
    const auto next = std::min(target, minute + minute_ms);
    add(shape_.watts(minute), next - clock_ms_, now_);
    clock_ms_ = next;
    if (next != minute + minute_ms)
      continue;
    minutes_.push_back(now_);
    if (slots_passed && next % slot_ms == 0)
      slots_passed->push_back(next);
  }
  // Keep a day of slack so trimming happens once a day rather than every minute.
  while (static_cast<std::int64_t>(minutes_.size()) * minute_ms > keep_ms_ + day_ms) {
    minutes_.pop_front();
    first_minute_ms_ += minute_ms;
  }
}

std::optional<energy_pair> energy_ledger::at_minute(std::int64_t minute) const {
  if (minute % minute_ms != 0 || minute < first_minute_ms_)
    return std::nullopt;
  const auto index = static_cast<std::size_t>((minute - first_minute_ms_) / minute_ms);
  if (index >= minutes_.size())
    return std::nullopt;
  return minutes_[index];
}

std::int32_t energy_ledger::watts() const noexcept {
  return shape_.watts(floor_to(clock_ms_, minute_ms));
}

} // namespace meterhub::echonet_sim
