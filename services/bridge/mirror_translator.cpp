#include "mirror_translator.hpp"

#include <fstream>
#include <sstream>

#include "meterhub/logging/logging.hpp"

namespace meterhub::bridge {

namespace {

std::shared_ptr<spdlog::logger> logger() {
  static auto log = logging::get("bridge");
  return log;
}

/// Writes `text` to `file` through a temporary file and a rename, so a crash leaves the old or the new registry.
bool write_atomically(const std::filesystem::path& file, const std::string& text) {
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  const auto temp = file.string() + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out)
      return false;
  }
  std::filesystem::rename(temp, file, ec);
  return !ec;
}

} // namespace

mirror_format::mirror_format(mirror::translator mirrors, std::filesystem::path registry_file,
                             metrics::registry& metrics)
  : mirrors_(std::move(mirrors)),
    registry_file_(std::move(registry_file)),
    saved_(mirrors_.registry().to_json()),
    malformed_(metrics.make_counter("meterhub_bridge_mirror_malformed_total",
                                    "Device states and alerts that could not be decoded, not mirrored")),
    save_errors_(metrics.make_counter("meterhub_bridge_registry_save_errors_total",
                                      "Failed writes of the Home Assistant discovery registry")) {
}

caf::expected<mirror::discovery_registry> mirror_format::load_registry(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    return mirror::discovery_registry{};
  std::ostringstream text;
  text << in.rdbuf();
  return mirror::discovery_registry::from_json(text.str());
}

void mirror_format::append(std::vector<mirror::message>&& in, std::vector<bus::out_message>& out) {
  for (auto& m : in)
    out.push_back({std::move(m.topic), std::move(m.payload), m.qos, m.retained});
}

void mirror_format::save_if_changed() {
  auto now = mirrors_.registry().to_json();
  if (now == saved_)
    return;
  if (!write_atomically(registry_file_, now)) {
    save_errors_.inc();
    logger()->error("cannot save the Home Assistant registry to {}", registry_file_.string());
    return;
  }
  saved_ = std::move(now);
}

void mirror_format::on_batch(const reading_batch& batch, std::int64_t, std::vector<bus::out_message>& out) {
  auto messages = mirrors_.on_batch(batch);
  save_if_changed();
  append(std::move(messages), out);
}

void mirror_format::on_state(std::string_view device, std::string_view payload, std::int64_t,
                             std::vector<bus::out_message>& out) {
  auto messages = mirrors_.on_state(device, payload);
  if (!messages) {
    malformed_.inc();
    return;
  }
  save_if_changed();
  append(std::move(*messages), out);
}

void mirror_format::on_alert(std::string_view device, std::string_view payload, std::int64_t,
                             std::vector<bus::out_message>& out) {
  auto messages = mirrors_.on_alert(device, payload);
  if (!messages) {
    malformed_.inc();
    return;
  }
  append(std::move(*messages), out);
}

std::vector<bus::out_message> mirror_format::reconcile() {
  std::vector<bus::out_message> out;
  append(mirrors_.reconcile(), out);
  save_if_changed();
  return out;
}

} // namespace meterhub::bridge
