#pragma once

#include <cstdint>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include <caf/expected.hpp>

namespace meterhub::bus {

/// A bounded first-in first-out queue of byte records kept in segment files on disk.
///
/// Why: the publisher's spool must keep batches while the broker is unreachable (and across a restart of the
/// service), and the subscriber's inbox must hold what the broker handed over until it is committed, so that neither
/// a dead broker nor a SIGKILL loses a reading. Records get consecutive ids; `ack` marks one done, in any order; the
/// head advances over acknowledged ids and whole acknowledged segments are deleted. A crash may replay records that
/// were done but whose acknowledgement was not yet on disk: consumers are idempotent by contract.
///
/// Thread safety: every member may be called from any thread (the inbox is filled from Paho's thread).
class disk_queue {
public:
  struct limits {
    /// Total size on disk; past it the oldest segment is dropped (and counted) to make room.
    std::uint64_t max_bytes = 256ull << 20;
    /// Size at which a new segment file is started.
    std::uint64_t segment_bytes = 8ull << 20;
  };

  struct record {
    std::uint64_t id = 0;
    std::string data;
  };

  /// Opens or creates the queue in `dir`, repairing a torn last record left by a crash.
  static caf::expected<std::unique_ptr<disk_queue>> open(const std::filesystem::path& dir, limits lim);

  ~disk_queue();
  disk_queue(const disk_queue&) = delete;
  disk_queue& operator=(const disk_queue&) = delete;

  /// Appends a record and returns its id.
  caf::expected<std::uint64_t> push(std::string_view data);

  /// The next record after the read cursor, or nullopt when the cursor is at the end. A damaged record (wrong
  /// length or checksum: a disk error, a file edited behind the queue's back) gives `bus_errc::corrupt_queue`; the
  /// rest of its segment cannot be framed any more, so it is skipped and counted in `dropped()`, and the next call
  /// goes on after it.
  caf::expected<std::optional<record>> read_next();

  /// Moves the read cursor back to the oldest unacknowledged record (after a reconnect).
  void rewind();

  /// Marks record `id` done. Unknown or already acknowledged ids are ignored.
  void ack(std::uint64_t id);

  /// Records pushed and not yet acknowledged.
  std::uint64_t pending() const;
  /// Bytes on disk.
  std::uint64_t bytes() const;
  /// Records lost because the queue was full, since open.
  std::uint64_t dropped() const;
  /// Records whose id is below this are done.
  std::uint64_t head() const;

private:
  struct segment {
    std::uint64_t first_id = 0;
    std::uint64_t count = 0;
    std::uint64_t size = 0;
    int fd = -1;
  };
  struct cursor {
    std::uint64_t id = 0;
    std::uint64_t offset = 0;
  };

  disk_queue(std::filesystem::path dir, limits lim);
  caf::error load();
  caf::expected<segment> scan_segment(const std::filesystem::path& file, std::uint64_t first_id);
  caf::error start_segment(std::uint64_t first_id);
  void drop_oldest_segment();
  void release_done_segments();
  void ack_locked(std::uint64_t id);
  caf::expected<std::optional<record>> read_next_locked();
  caf::error skip_damaged(const segment& seg, const std::string& why);
  void persist_head();
  segment* segment_of(std::uint64_t id);
  cursor position_of(std::uint64_t id);
  std::uint64_t next_id() const;
  std::filesystem::path segment_path(std::uint64_t first_id) const;

  std::filesystem::path dir_;
  limits limits_;
  mutable std::mutex mutex_;
  std::deque<segment> segments_;
  std::set<std::uint64_t> acked_ahead_;
  std::uint64_t head_ = 0;
  std::uint64_t total_bytes_ = 0;
  std::uint64_t dropped_ = 0;
  cursor read_;
  int head_fd_ = -1;
};

} // namespace meterhub::bus
