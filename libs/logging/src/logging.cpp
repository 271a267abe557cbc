#include "meterhub/logging/logging.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>

namespace meterhub::logging {

namespace {

struct shared_setup {
  std::mutex mutex;
  std::shared_ptr<spdlog::sinks::sink> sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  spdlog::level::level_enum level = spdlog::level::info;
  std::string pattern = "%Y-%m-%dT%H:%M:%S.%e%z %^%-5l%$ [%n] %v";
};

shared_setup& setup() {
  static shared_setup s;
  return s;
}

constexpr const char* json_pattern =
  R"({"time":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l","logger":"%n","message":"%v"})";

} // namespace

bool init(const log_settings& settings) {
  auto level = spdlog::level::from_str(settings.level);
  if (level == spdlog::level::off && settings.level != "off")
    return false;
  auto& s = setup();
  std::lock_guard<std::mutex> guard{s.mutex};
  s.level = level;
  s.pattern = settings.json ? json_pattern : s.pattern;
  s.sink->set_pattern(s.pattern);
  spdlog::apply_all([&](std::shared_ptr<spdlog::logger> l) { l->set_level(level); });
  auto def = std::make_shared<spdlog::logger>("meterhub", s.sink);
  def->set_level(level);
  spdlog::set_default_logger(def);
  return true;
}

std::shared_ptr<spdlog::logger> get(std::string_view name) {
  const std::string key{name};
  if (auto existing = spdlog::get(key))
    return existing;
  auto& s = setup();
  std::lock_guard<std::mutex> guard{s.mutex};
  if (auto existing = spdlog::get(key))
    return existing;
  auto logger = std::make_shared<spdlog::logger>(key, s.sink);
  logger->set_level(s.level);
  spdlog::register_logger(logger);
  return logger;
}

bool rate_limiter::allow(std::string_view key, std::int64_t now_ms, std::uint64_t& suppressed) {
  auto it = entries_.find(std::string{key});
  if (it == entries_.end()) {
    if (entries_.size() >= max_keys_)
      entries_.clear(); // a flood of distinct keys: start over rather than grow
    entries_.emplace(std::string{key}, entry{now_ms, 0});
    suppressed = 0;
    return true;
  }
  auto& e = it->second;
  if (now_ms - e.last_ms < interval_ms_) {
    ++e.held;
    return false;
  }
  suppressed = e.held;
  e = entry{now_ms, 0};
  return true;
}

std::string suppressed_note(std::uint64_t suppressed) {
  return suppressed == 0 ? std::string{} : " (" + std::to_string(suppressed) + " similar suppressed)";
}

std::string redact(std::string_view url) {
  auto scheme = url.find("://");
  auto start = scheme == std::string_view::npos ? 0 : scheme + 3;
  auto at = url.find('@', start);
  if (at == std::string_view::npos)
    return std::string{url};
  auto colon = url.find(':', start);
  if (colon == std::string_view::npos || colon > at)
    return std::string{url};
  std::string out{url.substr(0, colon + 1)};
  out += "***";
  out.append(url.substr(at));
  return out;
}

} // namespace meterhub::logging
