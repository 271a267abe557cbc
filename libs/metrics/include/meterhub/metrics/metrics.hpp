#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

/// Counters, gauges and histograms in Prometheus text format, and the health state /healthz reports.
/// Updates are lock-free atomics: they sit on hot paths (every telegram, every reading written).
namespace meterhub::metrics {

using labels = std::vector<std::pair<std::string, std::string>>;

/// A monotonically increasing count. Cheap to copy; all copies share the value.
class counter {
public:
  counter() = default;
  void inc(std::uint64_t n = 1) const noexcept { value_->fetch_add(n, std::memory_order_relaxed); }
  /// For a running total kept elsewhere (the bus actor's message counts), copied in at every scrape: sets the
  /// counter to `total` unless it is already higher, so the exported series never goes backwards.
  void raise_to(std::uint64_t total) const noexcept;
  std::uint64_t value() const noexcept { return value_->load(std::memory_order_relaxed); }

private:
  friend class registry;
  explicit counter(std::atomic<std::uint64_t>* v) : value_(v) {}
  std::atomic<std::uint64_t>* value_ = nullptr;
};

/// A value that goes up and down (queue depth, connected flag, resident memory).
class gauge {
public:
  gauge() = default;
  void set(double v) const noexcept { value_->store(v, std::memory_order_relaxed); }
  double value() const noexcept { return value_->load(std::memory_order_relaxed); }

private:
  friend class registry;
  explicit gauge(std::atomic<double>* v) : value_(v) {}
  std::atomic<double>* value_ = nullptr;
};

/// Observations counted into fixed buckets (latencies, batch sizes).
class histogram {
public:
  histogram() = default;
  void observe(double v) const noexcept;

private:
  friend class registry;
  struct data {
    std::vector<double> bounds;
    std::vector<std::atomic<std::uint64_t>> buckets; // one per bound, plus +Inf
    std::atomic<double> sum{0};
    std::atomic<std::uint64_t> count{0};
    explicit data(std::vector<double> b) : bounds(std::move(b)), buckets(bounds.size() + 1) {}
  };
  explicit histogram(data* d) : data_(d) {}
  data* data_ = nullptr;
};

/// All metrics of one process. Registering the same name and labels twice returns the same series.
class registry {
public:
  counter make_counter(const std::string& name, const std::string& help, const labels& l = {});
  gauge make_gauge(const std::string& name, const std::string& help, const labels& l = {});
  histogram make_histogram(const std::string& name, const std::string& help, std::vector<double> bounds,
                           const labels& l = {});

  /// Runs before every exposition, to refresh gauges computed on demand (queue depths, memory).
  void add_collector(std::function<void()> collect);

  /// The Prometheus text exposition format 0.0.4, families sorted by name.
  std::string exposition() const;

private:
  struct family {
    std::string help;
    std::string type;
    std::map<std::string, std::unique_ptr<std::atomic<std::uint64_t>>> counters;
    std::map<std::string, std::unique_ptr<std::atomic<double>>> gauges;
    std::map<std::string, std::unique_ptr<histogram::data>> histograms;
  };
  family& family_of(const std::string& name, const std::string& help, const char* type);

  mutable std::mutex mutex_;
  std::map<std::string, family> families_;
  std::vector<std::function<void()>> collectors_;
};

/// The label set as Prometheus writes it: {a="x",b="y\"z"}; "" for no labels.
std::string format_labels(const labels& l);

enum class health_status { ok, degraded, failing };

/// Components report how they are with `set` (a line actor's watchdog, the bus watcher); the worst one is the
/// service's health. Thread-safe: components report from actors, the HTTP endpoint reads from its own threads.
class health {
public:
  void set(const std::string& component, health_status status, std::string reason = {});
  health_status overall() const;
  /// {"status":"ok","components":{"bus":{"status":"ok","reason":""}}}
  std::string to_json() const;


private:
  mutable std::mutex mutex_;
  std::map<std::string, std::pair<health_status, std::string>> components_;
};

/// Resident set size of this process in bytes (from /proc/self/statm), 0 when unknown.
std::uint64_t resident_memory_bytes();

} // namespace meterhub::metrics
