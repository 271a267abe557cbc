#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include <spdlog/spdlog.h>

/// One named logger per library or service, all writing to stderr in one format (text for people, JSON lines for
/// containers). Codecs never log; the actors that receive their errors do, rate-limited.
namespace meterhub::logging {

struct log_settings {
  std::string level = "info"; ///< trace, debug, info, warn, error, off
  bool json = false;
};

/// Sets level and format for every logger, present and future. False when the level name is unknown.
bool init(const log_settings& settings);

/// The logger called `name`, created on first use with the shared sink.
std::shared_ptr<spdlog::logger> get(std::string_view name);

/// Lets the first log line per key through, then at most one per interval, counting what it held back, so a flood of
/// bad frames gives one line every few seconds: "... (1234 similar suppressed)". Pure: the caller passes the time.
/// Not thread-safe; one per actor.
class rate_limiter {
public:
  explicit rate_limiter(std::int64_t interval_ms = 10'000, std::size_t max_keys = 1024)
    : interval_ms_(interval_ms), max_keys_(max_keys) {}

  /// True when a line for `key` may be logged now; then `suppressed` holds how many were held back since the last.
  bool allow(std::string_view key, std::int64_t now_ms, std::uint64_t& suppressed);

private:
  struct entry {
    std::int64_t last_ms = 0;
    std::uint64_t held = 0;
  };
  std::int64_t interval_ms_;
  std::size_t max_keys_;
  std::unordered_map<std::string, entry> entries_;
};

/// " (N similar suppressed)" or "" — to append to a rate-limited line.
std::string suppressed_note(std::uint64_t suppressed);

/// A URL with any password removed ("mqtt://user:secret@host" → "mqtt://user:***@host"), for logging.
std::string redact(std::string_view url);

} // namespace meterhub::logging
