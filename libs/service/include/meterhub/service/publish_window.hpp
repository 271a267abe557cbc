#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include <caf/all.hpp>

#include "meterhub/bus/bus.hpp"

/// Bounds how many reading batches one producer actor has handed to the bus and the bus has not yet spooled.
///
/// Why: a line polled flat out (a fast Modbus TCP gateway, a bench) produces batches faster than the bus actor
/// writes them to its spool; with fire-and-forget sends the bus actor's mailbox grows without limit, memory with it,
/// and /metrics waits behind the backlog. With a window the producer stops polling while `limit` batches are
/// outstanding and goes on when the bus answers, so the poll rate settles at what the bus can take and nothing is
/// dropped on the way.
namespace meterhub::service {

class publish_window {
public:
  explicit publish_window(std::size_t limit = 16) : limit_{limit < 1 ? 1 : limit} {}

  /// True when no further batch should be produced until an answer arrives.
  bool full() const noexcept { return outstanding_ >= limit_; }
  std::size_t outstanding() const noexcept { return outstanding_; }
  /// Spooled messages the broker had not acknowledged at the bus's latest answer.
  std::uint64_t spool_pending() const noexcept { return spool_pending_; }

  /// Publishes through the spool (QoS 1) and counts the batch until the bus answers. `resume` runs in the actor
  /// when an answer frees the window that was full, so the producer can go on where it held.
  template <class Self, class Resume>
  void publish(Self* self, const bus::bus_actor& bus, std::string topic, std::string payload, Resume resume) {
    publish(self, bus, std::move(topic), std::move(payload), std::move(resume), [] {});
  }
  /// As above; `spooled` runs once the batch is in the spool (not when the bus refused it), so a producer can
  /// persist "published up to here" only when it is true.
  template <class Self, class Resume, class Spooled>
  void publish(Self* self, const bus::bus_actor& bus, std::string topic, std::string payload, Resume resume,
               Spooled spooled) {
    ++outstanding_;
    self->request(bus, caf::infinite, bus::spool_atom::value, std::move(topic), std::move(payload))
      .then(
        [this, resume, spooled](std::uint64_t pending) mutable {
          spooled();
          settle(pending, resume);
        },
        [this, resume](caf::error&) mutable { settle(spool_pending_, resume); });
  }

private:
  template <class Resume>
  void settle(std::uint64_t pending, Resume& resume) {
    const bool was_full = full();
    --outstanding_;
    spool_pending_ = pending;
    if (was_full)
      resume();
  }

  std::size_t limit_;
  std::size_t outstanding_ = 0;
  std::uint64_t spool_pending_ = 0;
};

} // namespace meterhub::service
