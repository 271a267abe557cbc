#include <chrono>
#include <fstream>
#include <iostream>
#include <iterator>

#include "cli.hpp"
#include "meterhub/core/error.hpp"
#include "meterhub/iec61107/data_sets.hpp"
#include "meterhub/iec61107/message_reader.hpp"
#include "meterhub/neva/address.hpp"
#include "meterhub/neva/registers.hpp"
#include "meterhub/wire/json.hpp"

namespace meterhub::iec61107_service {

namespace {

using iec61107::message;
using iec61107::message_kind;
using json = nlohmann::ordered_json;

const char* name_of(message_kind k) {
  switch (k) {
    case message_kind::identification: return "identification";
    case message_kind::ack: return "ack";
    case message_kind::nak: return "nak";
    case message_kind::data: return "data";
    case message_kind::command: return "command";
    case message_kind::stray: return "stray";
    case message_kind::sign_on: return "sign_on";
    case message_kind::option_select: return "option_select";
  }
  return "unknown";
}

json describe_message(const message& m) {
  json j{{"message", name_of(m.kind)}};
  if (m.kind == message_kind::identification)
    j["ident"] = "/" + m.ident.maker + m.ident.baud_char + m.ident.ident;
  if (m.kind == message_kind::sign_on)
    j["address"] = m.address;
  if (m.kind == message_kind::option_select) {
    j["baud_char"] = std::string(1, m.baud_char);
    j["mode"] = std::string(1, m.mode);
  }
  if (m.kind == message_kind::command)
    j["command"] = m.command;
  if (m.kind == message_kind::data || m.kind == message_kind::command)
    j["data"] = m.data;
  if (m.kind == message_kind::stray)
    j["byte"] = static_cast<int>(static_cast<unsigned char>(m.byte));
  return j;
}

/// The readings of a read reply whose register the NEVA table knows; none for anything else.
std::vector<reading> readings_of(const message& m, const meter_options& meter, std::int64_t time) {
  if (m.kind != message_kind::data)
    return {};
  auto set = iec61107::parse_reply(m.data);
  if (!set)
    return {};
  auto reg = neva::parse_address(set->address);
  if (!reg)
    return {};
  auto readings = neva::to_readings(*reg, set->value, time, meter.model);
  return readings ? std::move(*readings) : std::vector<reading>{};
}

} // namespace

int decode_capture(const std::string& path, const meter_options& meter) {
  std::ifstream file;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) {
      std::cerr << "meterhub-iec61107: cannot read " << path << "\n";
      return 2;
    }
  }
  std::istream& in = path == "-" ? std::cin : file;
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  iec61107::message_reader reader{{16 * 1024, true, iec61107::reader_role::capture}};
  reader.feed(bytes);
  const auto time = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch()).count();
  const std::string device = meter.device.empty() ? "iec61107" : meter.device;
  int damaged = 0;
  while (auto m = reader.next()) {
    if (!*m) {
      ++damaged;
      std::cout << json{{"message", "damaged"}, {"error", describe(m->error())}}.dump() << "\n";
      continue;
    }
    std::cout << describe_message(**m).dump() << "\n";
    for (const auto& r : readings_of(**m, meter, time))
      std::cout << wire::to_json(device, r).dump() << "\n";
  }
  return damaged == 0 ? 0 : 1;
}

} // namespace meterhub::iec61107_service
