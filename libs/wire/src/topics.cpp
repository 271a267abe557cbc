#include "meterhub/wire/topics.hpp"

namespace meterhub::wire {

namespace {

std::string join(std::string_view prefix, std::string_view kind, std::string_view rest) {
  std::string out;
  out.reserve(prefix.size() + kind.size() + rest.size() + 6);
  out.append(prefix).append("/v1/").append(kind).append("/").append(rest);
  return out;
}

} // namespace

std::string topics::readings(std::string_view device) const {
  return join(prefix_, "readings", device);
}

std::string topics::state(std::string_view device) const {
  return join(prefix_, "state", device);
}

std::string topics::service(std::string_view service, std::string_view instance) const {
  std::string rest{service};
  rest.append("/").append(instance);
  return join(prefix_, "service", rest);
}

std::string topics::alerts(std::string_view device) const {
  return join(prefix_, "alerts", device);
}

std::string topics::command(std::string_view device) const {
  return join(prefix_, "cmd", device);
}

std::string topics::all(std::string_view kind) const {
  return join(prefix_, kind, "#");
}

std::string topics::shared(std::string_view group, std::string_view filter) {
  std::string out = "$share/";
  out.append(group).append("/").append(filter);
  return out;
}

std::optional<std::string> topics::device_of(std::string_view topic, std::string_view kind) const {
  const std::string head = join(prefix_, kind, "");
  if (topic.size() <= head.size() || topic.substr(0, head.size()) != head)
    return std::nullopt;
  auto device = topic.substr(head.size());
  if (device.find('/') != std::string_view::npos)
    return std::nullopt;
  return std::string{device};
}

} // namespace meterhub::wire
