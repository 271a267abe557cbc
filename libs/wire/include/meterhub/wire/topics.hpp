#pragma once

#include <optional>
#include <string>
#include <string_view>

/// Topic names of the bus contract (ARCHITECTURE.md §2). The prefix ("meterhub" by default) is configurable so
/// several installations can share one broker.
namespace meterhub::wire {

/// Builds the topics of one installation.
class topics {
public:
  explicit topics(std::string prefix = "meterhub") : prefix_(std::move(prefix)) {}

  const std::string& prefix() const noexcept { return prefix_; }

  /// `{prefix}/v1/readings/{device}`
  std::string readings(std::string_view device) const;
  /// `{prefix}/v1/state/{device}` (retained)
  std::string state(std::string_view device) const;
  /// `{prefix}/v1/service/{service}/{instance}` (retained, last will)
  std::string service(std::string_view service, std::string_view instance) const;
  /// `{prefix}/v1/alerts/{device}`
  std::string alerts(std::string_view device) const;
  /// `{prefix}/v1/cmd/{device}`
  std::string command(std::string_view device) const;

  /// `{prefix}/v1/{kind}/#`, for subscribing to every device of one kind ("readings", "state", ...).
  std::string all(std::string_view kind) const;

  /// `$share/{group}/{filter}`: a shared subscription so replicas split the load.
  static std::string shared(std::string_view group, std::string_view filter);

  /// The device part of a device topic of this installation, or nullopt when `topic` is not `{prefix}/v1/{kind}/{d}`.
  std::optional<std::string> device_of(std::string_view topic, std::string_view kind) const;

private:
  std::string prefix_;
};

} // namespace meterhub::wire
