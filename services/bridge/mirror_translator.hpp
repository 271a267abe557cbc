#pragma once

#include <filesystem>
#include <memory>

#include "meterhub/metrics/metrics.hpp"
#include "meterhub/mirror/translator.hpp"
#include "translator.hpp"

namespace meterhub::bridge {

/// The plain, JSON, state and alert mirrors and Home Assistant discovery (libs/mirror) as one bridge format. The
/// discovery registry is saved to `registry_file` whenever it changed, before the messages that announce the change
/// are handed over, so a restart removes what a previous run announced and never announces twice.
class mirror_format : public translator {
public:
  mirror_format(mirror::translator mirrors, std::filesystem::path registry_file, metrics::registry& metrics);

  /// The registry saved by the previous run, or an empty one when there is none; an error for a file that cannot
  /// be read or is not a registry.
  static caf::expected<mirror::discovery_registry> load_registry(const std::filesystem::path& file);

  std::string_view name() const override { return "mirror"; }
  void on_batch(const reading_batch& batch, std::int64_t now_ms, std::vector<bus::out_message>& out) override;
  void on_state(std::string_view device, std::string_view payload, std::int64_t now_ms,
                std::vector<bus::out_message>& out) override;
  void on_alert(std::string_view device, std::string_view payload, std::int64_t now_ms,
                std::vector<bus::out_message>& out) override;

  /// What brings the broker in line with the settings after a start; published before anything else.
  std::vector<bus::out_message> reconcile();

  /// Commands from plain MQTT and their answers go through the same mirror translator (it remembers which command
  /// waits for which answer), so they are handled by the bridge actor like the bus messages.
  mirror::translator& mirrors() noexcept { return mirrors_; }

  /// Appends `in` to `out` as bus messages.
  static void append(std::vector<mirror::message>&& in, std::vector<bus::out_message>& out);

private:
  void save_if_changed();

  mirror::translator mirrors_;
  std::filesystem::path registry_file_;
  std::string saved_;
  metrics::counter malformed_, save_errors_;
};

} // namespace meterhub::bridge
