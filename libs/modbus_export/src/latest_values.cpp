#include "meterhub/modbus_export/latest_values.hpp"

#include <cmath>
#include <limits>

namespace meterhub::modbus_export {

std::string_view to_string(quality q) noexcept {
  switch (q) {
    case quality::good:
      return "good";
    case quality::stale:
      return "stale";
    case quality::invalid:
      return "invalid";
    case quality::never_received:
      return "never_received";
    case quality::out_of_range:
      return "out_of_range";
  }
  return "unknown";
}

quality assess(const latest_value& v, std::int64_t now_ms, std::int64_t stale_after_ms) noexcept {
  if (!v.present)
    return quality::never_received;
  constexpr auto flagged = static_cast<std::uint32_t>(flag::invalid) | static_cast<std::uint32_t>(flag::suspicious);
  if ((v.flags & flagged) != 0 || !std::isfinite(v.value))
    return quality::invalid;
  // Compared as a difference: a reading time far in the past must not overflow the subtraction.
  if (now_ms > v.time_ms && static_cast<std::uint64_t>(now_ms) - static_cast<std::uint64_t>(v.time_ms)
                                > static_cast<std::uint64_t>(stale_after_ms))
    return quality::stale;
  return quality::good;
}

std::uint64_t age_seconds(const latest_value& v, std::int64_t now_ms) noexcept {
  if (!v.present)
    return std::numeric_limits<std::uint64_t>::max();
  if (now_ms <= v.time_ms)
    return 0;
  return (static_cast<std::uint64_t>(now_ms) - static_cast<std::uint64_t>(v.time_ms)) / 1000;
}

std::size_t latest_values::track(std::string_view device, std::string_view quantity) {
  auto& slots = devices_[std::string{device}];
  auto [it, inserted] = slots.try_emplace(std::string{quantity}, values_.size());
  if (inserted) {
    values_.emplace_back();
    marks_.push_back(0);
  }
  return it->second;
}

std::optional<std::size_t> latest_values::find(std::string_view device, std::string_view quantity) const {
  auto d = devices_.find(std::string{device});
  if (d == devices_.end())
    return std::nullopt;
  auto q = d->second.find(std::string{quantity});
  return q == d->second.end() ? std::nullopt : std::optional<std::size_t>{q->second};
}

std::span<const std::size_t> latest_values::apply(const reading_batch& batch, std::int64_t now_ms) {
  changed_.clear();
  ++generation_;
  auto d = devices_.find(batch.device);
  if (d == devices_.end())
    return {};
  for (const auto& r : batch.readings) {
    if (!r.value)
      continue;
    auto q = d->second.find(r.quantity);
    if (q == d->second.end())
      continue;
    auto& held = values_[q->second];
    if (held.present && r.time_ms < held.time_ms)
      continue;
    held = {true, *r.value, r.time_ms, r.flags, now_ms};
    if (marks_[q->second] != generation_) {
      marks_[q->second] = generation_;
      changed_.push_back(q->second);
    }
  }
  return changed_;
}

} // namespace meterhub::modbus_export
