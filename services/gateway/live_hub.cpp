#include "live_hub.hpp"

#include <algorithm>

namespace meterhub::gateway {

bool live_filter::accepts(const std::string& device, const std::string& quantity) const {
  return (devices.empty() || devices.count(device) > 0) && (quantities.empty() || quantities.count(quantity) > 0);
}

std::optional<live_event> live_hub::subscription::pop(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock{mutex_};
  if (!ready_.wait_for(lock, timeout, [this] { return !queue_.empty(); }))
    return std::nullopt;
  auto event = std::move(queue_.front());
  queue_.pop_front();
  return event;
}

std::uint64_t live_hub::subscription::dropped() const {
  std::lock_guard<std::mutex> lock{mutex_};
  return dropped_;
}

bool live_hub::subscription::push(const std::string& device, const reading& r) {
  if (!filter_.accepts(device, r.quantity))
    return false;
  bool dropped_one = false;
  {
    std::lock_guard<std::mutex> lock{mutex_};
    if (queue_.size() >= capacity_) {
      queue_.pop_front();
      ++dropped_;
      dropped_one = true;
    }
    queue_.push_back(live_event{device, r});
  }
  ready_.notify_one();
  return dropped_one;
}

std::shared_ptr<live_hub::subscription> live_hub::subscribe(live_filter filter, std::size_t capacity) {
  std::shared_ptr<subscription> sub{new subscription(std::move(filter), capacity)};
  std::lock_guard<std::mutex> lock{mutex_};
  subscribers_.push_back(sub);
  return sub;
}

bool live_hub::publish(const reading_batch& batch) {
  std::vector<std::shared_ptr<subscription>> targets;
  {
    std::lock_guard<std::mutex> lock{mutex_};
    auto& last = last_sequence_[batch.source];
    if (batch.sequence != 0 && batch.sequence <= last) {
      ++duplicates_;
      return false;
    }
    last = batch.sequence;
    subscribers_.erase(std::remove_if(subscribers_.begin(), subscribers_.end(),
                                      [&targets](const std::weak_ptr<subscription>& weak) {
                                        auto sub = weak.lock();
                                        if (!sub)
                                          return true;
                                        targets.push_back(std::move(sub));
                                        return false;
                                      }),
                       subscribers_.end());
  }
  std::uint64_t dropped = 0;
  for (auto& sub : targets)
    for (const auto& r : batch.readings)
      dropped += sub->push(batch.device, r) ? 1 : 0;
  if (dropped > 0)
    dropped_.fetch_add(dropped, std::memory_order_relaxed);
  return true;
}

std::uint64_t live_hub::duplicates() const {
  std::lock_guard<std::mutex> lock{mutex_};
  return duplicates_;
}

} // namespace meterhub::gateway
