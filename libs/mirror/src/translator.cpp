#include "meterhub/mirror/translator.hpp"

#include "meterhub/mirror/alert.hpp"
#include "meterhub/mirror/device_state.hpp"
#include "meterhub/mirror/error.hpp"
#include "meterhub/mirror/readings.hpp"

namespace meterhub::mirror {

namespace {

/// Commands waiting for an answer; older ones are forgotten (their answers are then `unknown_command`).
constexpr std::size_t max_pending = 1024;

void append(std::vector<message>& out, std::vector<message> more) {
  out.insert(out.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
}

} // namespace

translator::translator(settings s, discovery_registry registry, std::string command_id_prefix)
    : settings_(std::move(s)),
      topics_(settings_),
      registry_(std::move(registry)),
      command_id_prefix_(std::move(command_id_prefix)) {}

std::vector<std::string> translator::subscriptions() const {
  if (!settings_.commands.enabled)
    return {};
  return {topics_.command_filter()};
}

bool translator::is_new_batch(const reading_batch& batch) {
  auto [it, fresh] = positions_.try_emplace(batch.device);
  auto& last = it->second;
  // A redelivery repeats sequence and receive time; an adapter that lost its sequence (against the contract)
  // still receives later, so its batches are not held back until the old sequence is passed.
  if (!fresh && last.source == batch.source && batch.sequence <= last.sequence &&
      batch.received_ms <= last.received_ms)
    return false;
  last.source = batch.source;
  last.sequence = batch.sequence;
  last.received_ms = batch.received_ms;
  return true;
}

std::vector<message> translator::on_batch(const reading_batch& batch) {
  std::vector<message> out;
  if (!is_valid_device_id(batch.device) || !settings_.devices.allows(batch.device))
    return out;
  if (is_new_batch(batch)) {
    const auto values = state_readings(batch);
    append(out, registry_.observe_values(settings_, topics_, batch, values));
    if (settings_.publish.plain)
      append(out, plain_messages(settings_, topics_, batch.device, values));
  }
  if (settings_.publish.json)
    out.push_back(batch_message(settings_, topics_, batch));
  return out;
}

caf::expected<std::vector<message>> translator::on_state(std::string_view device, std::string_view bytes) {
  if (!is_valid_device_id(device))
    return make_error(mirror_errc::invalid_device, "'" + std::string{device} + "' is not a device id");
  if (!settings_.devices.allows(device))
    return std::vector<message>{};
  if (bytes.empty()) {
    positions_.erase(std::string{device});
    return registry_.remove_device(settings_, device);
  }
  auto status = decode_device_state(bytes);
  if (!status)
    return std::move(status.error());
  std::vector<message> out;
  if (settings_.publish.state)
    out = state_messages(settings_, topics_, device, *status);
  append(out, registry_.observe_device(settings_, topics_, device, *status));
  return out;
}

caf::expected<std::vector<message>> translator::on_alert(std::string_view device, std::string_view bytes) {
  if (!is_valid_device_id(device))
    return make_error(mirror_errc::invalid_device, "'" + std::string{device} + "' is not a device id");
  if (!settings_.publish.alerts || !settings_.devices.allows(device))
    return std::vector<message>{};
  auto alert = decode_alert(bytes);
  if (!alert)
    return std::move(alert.error());
  auto out = alert_messages(settings_, topics_, device, *alert);
  registry_.observe_alert_rule(device, alert->rule, out.back().topic);
  return out;
}

void translator::remember(std::string bus_id, pending_command pending) {
  if (pending_order_.size() >= max_pending) {
    pending_.erase(pending_order_.front());
    pending_order_.pop_front();
  }
  pending_order_.push_back(bus_id);
  pending_.insert_or_assign(std::move(bus_id), std::move(pending));
}

command_outcome translator::on_command(std::string_view topic, std::string_view payload) {
  command_outcome out;
  auto where = topics_.parse_command_topic(topic);
  if (!where) {
    out.refusal = make_error(mirror_errc::not_a_command_topic, "not {prefix}/{device}/set/{target}");
    return out;
  }
  const name_lookup known = [this](std::string_view device, std::string_view name) {
    return registry_.quantity_of(device, name);
  };
  auto request = parse_command(settings_, *where, payload, known);
  if (!request) {
    out.refusal = std::move(request.error());
    out.replies.push_back(refusal_message(settings_, topics_, *where, client_id_of(payload), out.refusal));
    return out;
  }
  out.bus_id = command_id_prefix_ + "-" + std::to_string(next_command_++);
  remember(out.bus_id, {*where, request->client_id});
  out.command = std::move(*request);
  return out;
}

caf::expected<message> translator::on_command_result(std::string_view bytes) {
  auto answer = decode_command_result(bytes);
  if (!answer)
    return std::move(answer.error());
  const auto it = pending_.find(answer->id);
  if (it == pending_.end())
    return make_error(mirror_errc::unknown_command, "no command '" + answer->id + "' is waiting for an answer");
  auto reply = result_message(settings_, topics_, it->second.where, it->second.client_id, *answer);
  std::erase(pending_order_, answer->id);
  pending_.erase(it);
  return reply;
}

std::vector<message> translator::reconcile() {
  return registry_.reconcile(settings_, topics_);
}

} // namespace meterhub::mirror
