#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>

#include "cli.hpp"
#include "meterhub/modbus/splitter.hpp"
#include "meterhub/profiles/readings.hpp"
#include "meterhub/wire/json.hpp"

// `meterhub-modbus decode`: a captured byte stream → its frames and, through a profile, the readings of each reply.
namespace meterhub::modbus_service {

namespace {

using nlohmann::ordered_json;

std::optional<modbus::table> table_of(modbus::function_code f) {
  switch (f) {
    case modbus::function_code::read_coils:
      return modbus::table::coil;
    case modbus::function_code::read_discrete_inputs:
      return modbus::table::discrete_input;
    case modbus::function_code::read_holding_registers:
      return modbus::table::holding;
    case modbus::function_code::read_input_registers:
      return modbus::table::input;
    default:
      return std::nullopt;
  }
}

ordered_json describe_request(const modbus::request& r) {
  ordered_json j{{"frame", "request"}, {"unit", r.unit_id}, {"function", modbus::to_string(r.function)},
                 {"address", r.address}, {"count", r.count}};
  if (!r.values.empty())
    j["values"] = r.values;
  return j;
}

ordered_json describe_response(const modbus::response& r) {
  ordered_json j{{"frame", "response"}, {"unit", r.unit_id}, {"function", modbus::to_string(r.function)}};
  if (r.is_exception())
    j["exception"] = to_string(static_cast<modbus::modbus_errc>(r.exception_code));
  else
    j["values"] = r.values;
  return j;
}

/// The readings of a read reply: the profile's registers that lie wholly inside the request.
std::vector<reading> readings_of(const profiles::profile& p, const modbus::request& req, const modbus::response& rsp) {
  auto table = table_of(req.function);
  if (!table || rsp.is_exception())
    return {};
  profiles::poll_group group{"capture", {}, {}, {}};
  modbus::read_request plan{req.unit_id, *table, req.address, req.count, {}};
  for (std::size_t i = 0; i < p.registers.size(); ++i) {
    const auto& r = p.registers[i];
    const auto end = static_cast<unsigned>(r.address) + modbus::register_count(r.spec);
    if (r.table == *table && r.address >= req.address && end <= static_cast<unsigned>(req.address) + req.count) {
      group.registers.push_back(i);
      plan.ids.push_back(i);
    }
  }
  std::vector<modbus::read_request> plans{plan};
  std::vector<profiles::request_reply> replies{rsp.values};
  return profiles::to_readings(p, group, plans, replies, 0).readings;
}

struct decoder {
  modbus::framing framing;
  std::optional<profiles::profile> profile;
  std::string device;
  std::optional<modbus::request> last_request;
  int damaged = 0;

  void frame(const modbus::stream_item& item) {
    if (!item.is_frame()) {
      ++damaged;
      std::cout << ordered_json{{"frame", "damaged"}, {"bytes", item.bytes.size()}, {"error", describe(item.error)}}
                     .dump()
                << "\n";
      return;
    }
    if (item.direction == modbus::direction::request) {
      if (auto req = modbus::parse_request(item.bytes, framing)) {
        std::cout << describe_request(*req).dump() << "\n";
        last_request = *req;
        return;
      }
    }
    auto rsp = last_request ? modbus::parse_response(item.bytes, *last_request, framing)
                            : modbus::parse_response(item.bytes, framing);
    if (!rsp) {
      ++damaged;
      std::cout << ordered_json{{"frame", "damaged"}, {"error", describe(rsp.error())}}.dump() << "\n";
      return;
    }
    std::cout << describe_response(*rsp).dump() << "\n";
    if (profile && last_request)
      for (const auto& r : readings_of(*profile, *last_request, *rsp))
        std::cout << wire::to_json(device, r).dump() << "\n";
    last_request.reset();
  }
};

} // namespace

int decode_capture(const std::string& input, const target_options& target, bool tcp) {
  decoder d{tcp ? modbus::framing::tcp : modbus::framing::rtu, std::nullopt,
            target.device.empty() ? "capture" : target.device, std::nullopt, 0};
  if (!target.profile.empty()) {
    auto dir = target.profiles_dir.empty() ? default_profiles_dir() : target.profiles_dir;
    auto p = target.profile.ends_with(".yaml") ? profiles::load_profile(target.profile)
                                               : profiles::load_profile(dir / (target.profile + ".yaml"));
    if (!p) {
      std::cerr << "meterhub-modbus decode: " << describe(p.error()) << "\n";
      return 2;
    }
    d.profile = std::move(*p);
  }
  std::ifstream file;
  if (input != "-") {
    file.open(input, std::ios::binary);
    if (!file) {
      std::cerr << "meterhub-modbus decode: cannot read " << input << "\n";
      return 2;
    }
  }
  std::istream& in = input == "-" ? std::cin : file;
  std::vector<std::uint8_t> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  modbus::frame_splitter splitter{d.framing};
  splitter.feed(bytes);
  splitter.finish();
  while (auto item = splitter.next())
    d.frame(*item);
  return d.damaged == 0 ? 0 : 1;
}

} // namespace meterhub::modbus_service
