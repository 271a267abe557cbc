#include <nlohmann/json.hpp>

#include "meterhub/core/text.hpp"
#include "meterhub/mirror/command.hpp"
#include "meterhub/mirror/error.hpp"
#include "meterhub/v1/command.pb.h"
#include "meterhub/wire/convert.hpp"
#include "meterhub/wire/json.hpp"

namespace meterhub::mirror {

namespace {

using ojson = nlohmann::ordered_json;

std::string status_name(v1::CommandStatus status) {
  switch (status) {
    case v1::COMMAND_STATUS_OK:
      return "ok";
    case v1::COMMAND_STATUS_REJECTED:
      return "rejected";
    case v1::COMMAND_STATUS_DEVICE_ERROR:
      return "device_error";
    case v1::COMMAND_STATUS_TIMEOUT:
      return "timeout";
    case v1::COMMAND_STATUS_UNREACHABLE:
      return "unreachable";
    default:
      return "unspecified";
  }
}

ojson id_or_null(std::string_view id) {
  return id.empty() ? ojson{} : ojson(as_utf8(id));
}

std::string dump(const ojson& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace

std::string encode_command(const command_request& r, std::string_view bus_id) {
  v1::Command cmd;
  cmd.set_id(std::string{bus_id});
  cmd.set_device(r.device);
  cmd.set_kind(static_cast<v1::CommandKind>(r.kind));
  for (const auto& q : r.quantities)
    cmd.add_quantities(as_utf8(q));
  cmd.set_address(as_utf8(r.address));
  cmd.set_value(as_utf8(r.value));
  cmd.set_time_unix_ms(r.time_ms);
  cmd.set_timeout_ms(r.timeout_ms);
  for (const auto& [key, value] : r.args)
    (*cmd.mutable_args())[as_utf8(key)] = as_utf8(value);
  return cmd.SerializeAsString();
}

std::string client_id_of(std::string_view payload) {
  if (payload.size() > 4096)
    return {};
  const auto j = nlohmann::json::parse(payload.begin(), payload.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return {};
  const auto id = j.find("id");
  return id != j.end() && id->is_string() && id->get_ref<const std::string&>().size() <= 64 ? id->get<std::string>()
                                                                                             : std::string{};
}

message refusal_message(const settings& s, const topic_builder& topics, const command_address& where,
                        std::string_view client_id, const caf::error& why) {
  ojson j;
  j["id"] = id_or_null(client_id);
  j["device"] = as_utf8(where.device);
  j["target"] = as_utf8(where.target);
  j["status"] = "refused";
  j["reason"] = why.category() == caf::atom("mirror") ? to_string(static_cast<mirror_errc>(why.code())) : "error";
  j["message"] = as_utf8(describe(why));
  return {topics.command_result(where.device, where.target), dump(j), false, s.qos};
}

caf::expected<command_answer> decode_command_result(std::string_view bytes) {
  v1::CommandResult in;
  if (!in.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    return make_error(mirror_errc::malformed_result, "not a meterhub.v1.CommandResult");
  command_answer out;
  out.id = in.id();
  out.device = in.device();
  out.status = status_name(in.status());
  out.text = in.message();
  for (const auto& r : in.readings())
    out.readings.push_back(wire::from_proto(r));
  return out;
}

message result_message(const settings& s, const topic_builder& topics, const command_address& where,
                       std::string_view client_id, const command_answer& answer) {
  ojson j;
  j["id"] = id_or_null(client_id);
  j["command_id"] = as_utf8(answer.id);
  j["device"] = as_utf8(where.device);
  j["target"] = as_utf8(where.target);
  j["status"] = answer.status;
  j["message"] = as_utf8(answer.text);
  auto& readings = j["readings"] = ojson::array();
  for (const auto& r : answer.readings)
    readings.push_back(wire::to_json(where.device, r));
  return {topics.command_result(where.device, where.target), dump(j), false, s.qos};
}

} // namespace meterhub::mirror
