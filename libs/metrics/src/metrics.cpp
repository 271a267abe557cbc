#include "meterhub/metrics/metrics.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>

#include <unistd.h>

namespace meterhub::metrics {

void histogram::observe(double v) const noexcept {
  std::size_t i = 0;
  while (i < data_->bounds.size() && v > data_->bounds[i])
    ++i;
  data_->buckets[i].fetch_add(1, std::memory_order_relaxed);
  data_->count.fetch_add(1, std::memory_order_relaxed);
  double sum = data_->sum.load(std::memory_order_relaxed);
  while (!data_->sum.compare_exchange_weak(sum, sum + v, std::memory_order_relaxed)) {
  }
}

void counter::raise_to(std::uint64_t total) const noexcept {
  auto current = value_->load(std::memory_order_relaxed);
  while (current < total && !value_->compare_exchange_weak(current, total, std::memory_order_relaxed)) {
  }
}

std::string format_labels(const labels& l) {
  if (l.empty())
    return {};
  std::string out = "{";
  for (std::size_t i = 0; i < l.size(); ++i) {
    if (i > 0)
      out += ',';
    out += l[i].first + "=\"";
    for (char c : l[i].second) {
      if (c == '\\' || c == '"')
        out += '\\';
      if (c == '\n') {
        out += "\\n";
        continue;
      }
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

registry::family& registry::family_of(const std::string& name, const std::string& help, const char* type) {
  auto& f = families_[name];
  if (f.type.empty()) {
    f.help = help;
    f.type = type;
  }
  return f;
}

counter registry::make_counter(const std::string& name, const std::string& help, const labels& l) {
  std::lock_guard<std::mutex> guard{mutex_};
  auto& slot = family_of(name, help, "counter").counters[format_labels(l)];
  if (!slot)
    slot = std::make_unique<std::atomic<std::uint64_t>>(0);
  return counter{slot.get()};
}

gauge registry::make_gauge(const std::string& name, const std::string& help, const labels& l) {
  std::lock_guard<std::mutex> guard{mutex_};
  auto& slot = family_of(name, help, "gauge").gauges[format_labels(l)];
  if (!slot)
    slot = std::make_unique<std::atomic<double>>(0);
  return gauge{slot.get()};
}

histogram registry::make_histogram(const std::string& name, const std::string& help, std::vector<double> bounds,
                                   const labels& l) {
  std::lock_guard<std::mutex> guard{mutex_};
  auto& slot = family_of(name, help, "histogram").histograms[format_labels(l)];
  if (!slot)
    slot = std::make_unique<histogram::data>(std::move(bounds));
  return histogram{slot.get()};
}

void registry::add_collector(std::function<void()> collect) {
  std::lock_guard<std::mutex> guard{mutex_};
  collectors_.push_back(std::move(collect));
}

namespace {

std::string number(double v) {
  if (std::isinf(v))
    return v > 0 ? "+Inf" : "-Inf";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

/// Adds `le` to an existing label text.
std::string with_le(const std::string& label_text, const std::string& le) {
  if (label_text.empty())
    return "{le=\"" + le + "\"}";
  return label_text.substr(0, label_text.size() - 1) + ",le=\"" + le + "\"}";
}

} // namespace

std::string registry::exposition() const {
  std::vector<std::function<void()>> collectors;
  {
    std::lock_guard<std::mutex> guard{mutex_};
    collectors = collectors_;
  }
  for (auto& c : collectors)
    c();
  std::lock_guard<std::mutex> guard{mutex_};
  std::string out;
  for (const auto& [name, f] : families_) {
    out += "# HELP " + name + " " + f.help + "\n# TYPE " + name + " " + f.type + "\n";
    for (const auto& [l, v] : f.counters)
      out += name + l + " " + std::to_string(v->load()) + "\n";
    for (const auto& [l, v] : f.gauges)
      out += name + l + " " + number(v->load()) + "\n";
    for (const auto& [l, h] : f.histograms) {
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i <= h->bounds.size(); ++i) {
        cumulative += h->buckets[i].load();
        const auto le = i < h->bounds.size() ? number(h->bounds[i]) : std::string{"+Inf"};
        out += name + "_bucket" + with_le(l, le) + " " + std::to_string(cumulative) + "\n";
      }
      out += name + "_sum" + l + " " + number(h->sum.load()) + "\n";
      out += name + "_count" + l + " " + std::to_string(h->count.load()) + "\n";
    }
  }
  return out;
}

void health::set(const std::string& component, health_status status, std::string reason) {
  std::lock_guard<std::mutex> guard{mutex_};
  components_[component] = {status, std::move(reason)};
}

health_status health::overall() const {
  std::lock_guard<std::mutex> guard{mutex_};
  auto worst = health_status::ok;
  for (const auto& [name, c] : components_)
    worst = std::max(worst, c.first);
  return worst;
}

namespace {

const char* status_name(health_status s) {
  switch (s) {
    case health_status::ok:
      return "ok";
    case health_status::degraded:
      return "degraded";
    case health_status::failing:
      return "failing";
  }
  return "unknown";
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\')
      out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
      continue;
    }
    out += c;
  }
  return out + "\"";
}

} // namespace

std::string health::to_json() const {
  const auto total = overall();
  std::lock_guard<std::mutex> guard{mutex_};
  std::string out = std::string{"{\"status\":\""} + status_name(total) + "\",\"components\":{";
  bool first = true;
  for (const auto& [name, c] : components_) {
    out += (first ? "" : ",") + json_string(name) + ":{\"status\":\"" + status_name(c.first) +
           "\",\"reason\":" + json_string(c.second) + "}";
    first = false;
  }
  return out + "}}";
}

std::uint64_t resident_memory_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::uint64_t size = 0, resident = 0;
  if (!(statm >> size >> resident))
    return 0;
  return resident * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
}

} // namespace meterhub::metrics
