#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "cli.hpp"
#include "meterhub/core/time.hpp"
#include "meterhub/echonet/readings.hpp"
#include "meterhub/skstack/command.hpp"
#include "meterhub/skstack/parser.hpp"
#include "meterhub/wire/json.hpp"

// `meterhub-echonet decode`: a captured module log into JSON, offline.
namespace meterhub::echonet_service {

namespace {

std::string hex_of(std::span<const std::uint8_t> bytes) {
  std::string out;
  for (auto b : bytes)
    out += fmt::format("{:02X}", b);
  return out;
}

/// The log without its comment lines, line endings as the module writes them.
std::string module_bytes(std::istream& in) {
  std::string out, line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r')
      line.pop_back();
    if (!line.empty() && line[0] == '#')
      continue;
    out += line + "\r\n";
  }
  return out;
}

/// C2 logs carry the SIDE field: an ERXUDP line of 11 tokens, or an EPANDESC "Side:" line.
skstack::module_model guess_model(const std::string& bytes) {
  std::istringstream in(bytes);
  std::string line;
  while (std::getline(in, line)) {
    if (line.find("Side:") != std::string::npos)
      return skstack::module_model::bp35c2;
    if (line.rfind("ERXUDP ", 0) == 0) {
      std::istringstream tokens(line);
      std::string token;
      int n = 0;
      while (tokens >> token)
        ++n;
      return n >= 11 ? skstack::module_model::bp35c2 : skstack::module_model::bp35a1;
    }
  }
  return skstack::module_model::bp35a1;
}

/// Learns D3 and E1 from the meter's answers, so later cumulative values are scaled as the daemon would.
void learn_scale(const echonet::frame& f, std::optional<std::vector<std::uint8_t>>& d3,
                 std::optional<std::vector<std::uint8_t>>& e1, echonet::meter_scale& scale) {
  if (f.seoj != echonet::meter_eoj)
    return;
  if (const auto* p = echonet::find(f, 0xD3))
    d3 = p->edt;
  if (const auto* p = echonet::find(f, 0xE1))
    e1 = p->edt;
  if (e1)
    if (auto s = echonet::make_meter_scale(d3.value_or(std::vector<std::uint8_t>{}), *e1))
      scale = *s;
}

} // namespace

int decode_log(const std::string& input, const std::string& model_name, const std::string& device,
               const std::string& time) {
  std::ifstream file;
  if (input != "-") {
    file.open(input);
    if (!file) {
      std::cerr << "meterhub-echonet decode: cannot read " << input << "\n";
      return 2;
    }
  }
  const auto at = time.empty() ? std::optional<std::int64_t>{0} : parse_iso8601(time);
  if (!at) {
    std::cerr << "meterhub-echonet decode: --time takes an ISO 8601 time such as 2024-04-14T03:30:00Z\n";
    return 2;
  }
  const auto bytes = module_bytes(input == "-" ? std::cin : file);
  const auto model = model_name == "bp35c2"   ? skstack::module_model::bp35c2
                     : model_name == "bp35a1" ? skstack::module_model::bp35a1
                                              : guess_model(bytes);
  skstack::reader reader{model};
  reader.feed({reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()});
  std::optional<std::vector<std::uint8_t>> d3, e1;
  echonet::meter_scale scale{1, 0xFF}; // unknown until the log shows E1: cumulative values are marked invalid
  int status = 0;
  while (auto msg = reader.next()) {
    if (!*msg) {
      std::cerr << "meterhub-echonet decode: " << describe(msg->error()) << "\n";
      status = 1;
      continue;
    }
    const auto* d = std::get_if<skstack::udp_datagram>(&**msg);
    if (!d || d->remote_port != skstack::echonet_port)
      continue;
    auto f = echonet::decode(d->payload);
    nlohmann::ordered_json j{{"sender", skstack::to_string(d->sender)}, {"payload", hex_of(d->payload)}};
    if (!f) {
      j["error"] = describe(f.error());
      std::cout << j.dump() << "\n";
      status = 1;
      continue;
    }
    learn_scale(*f, d3, e1, scale);
    j["tid"] = f->tid;
    j["seoj"] = fmt::format("{:02X}{:02X}{:02X}", f->seoj.class_group, f->seoj.class_code, f->seoj.instance);
    j["deoj"] = fmt::format("{:02X}{:02X}{:02X}", f->deoj.class_group, f->deoj.class_code, f->deoj.instance);
    j["esv"] = fmt::format("{:02X}", static_cast<unsigned>(f->esv));
    auto props = nlohmann::ordered_json::array();
    auto readings = nlohmann::ordered_json::array();
    for (const auto& p : f->properties) {
      props.push_back({{"epc", fmt::format("{:02X}", p.epc)}, {"edt", hex_of(p.edt)}});
      if (f->seoj != echonet::meter_eoj)
        continue;
      auto r = echonet::readings_of(p, scale, *at);
      if (!r) {
        props.back()["error"] = describe(r.error());
        status = 1;
        continue;
      }
      for (const auto& x : *r)
        readings.push_back(wire::to_json(device, x));
    }
    j["properties"] = props;
    j["readings"] = readings;
    std::cout << j.dump() << "\n";
  }
  return status;
}

} // namespace meterhub::echonet_service
