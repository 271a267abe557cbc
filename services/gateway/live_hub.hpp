#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "meterhub/core/reading.hpp"

namespace meterhub::gateway {

/// One live reading for a stream client.
struct live_event {
  std::string device;
  reading value;
};

/// What a stream client wants: empty sets mean everything.
struct live_filter {
  std::set<std::string> devices;
  std::set<std::string> quantities;

  bool accepts(const std::string& device, const std::string& quantity) const;
};

/// Fans the readings the gateway receives from the bus out to the gRPC streams that asked for them.
///
/// Why the sequence check: the bus delivers at least once, so a batch can arrive again after a reconnect; a stream
/// must show each reading once. Batches carry a per-source sequence that only grows, so a batch whose sequence is not
/// above the highest one seen from its source is a redelivery.
/// Why bounded queues: a slow client must not make the gateway grow without limit; its oldest events are dropped
/// and counted instead, and the other clients are unaffected.
class live_hub {
public:
  class subscription {
  public:
    /// The next event, or nullopt after `timeout` (so the caller can check whether its client went away).
    std::optional<live_event> pop(std::chrono::milliseconds timeout);
    /// Events dropped because this client did not keep up.
    std::uint64_t dropped() const;

  private:
    friend class live_hub;
    subscription(live_filter filter, std::size_t capacity) : filter_(std::move(filter)), capacity_(capacity) {}
    /// Queues `r` if the filter wants it; true when that pushed the oldest event out.
    bool push(const std::string& device, const reading& r);

    live_filter filter_;
    std::size_t capacity_;
    mutable std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<live_event> queue_;
    std::uint64_t dropped_ = 0;
  };

  /// Registers a stream client; it stays registered while the returned pointer lives.
  std::shared_ptr<subscription> subscribe(live_filter filter, std::size_t capacity = 10'000);

  /// Hands a batch to every matching client; false when it was a redelivery and was skipped.
  bool publish(const reading_batch& batch);

  /// Redelivered batches skipped so far.
  std::uint64_t duplicates() const;

  /// Events dropped for slow clients so far, all streams together, including streams that have ended (the
  /// gateway exports it as meterhub_gateway_stream_dropped_total).
  std::uint64_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }

private:
  mutable std::mutex mutex_;
  std::vector<std::weak_ptr<subscription>> subscribers_;
  std::map<std::string, std::uint64_t> last_sequence_;
  std::uint64_t duplicates_ = 0;
  std::atomic<std::uint64_t> dropped_{0};
};

} // namespace meterhub::gateway
