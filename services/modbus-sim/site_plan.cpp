#include "site_plan.hpp"

#include <charconv>
#include <limits>
#include <fstream>
#include <set>
#include <sstream>

#include "meterhub/config/config.hpp"

namespace meterhub::modbus_sim {

namespace {

caf::error invalid(std::string text) {
  return make_error(config::config_errc::invalid, text);
}

std::optional<unsigned> number_in(std::string_view text, unsigned low, unsigned high) {
  unsigned v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size() || v < low || v > high)
    return std::nullopt;
  return v;
}

/// "7" or "1-100" into (first, last).
std::optional<std::pair<std::uint8_t, std::uint8_t>> unit_range(std::string_view text) {
  const auto dash = text.find('-');
  const auto first = number_in(text.substr(0, dash), 0, 255);
  const auto last = dash == std::string_view::npos ? first : number_in(text.substr(dash + 1), 0, 255);
  if (!first || !last || *last < *first)
    return std::nullopt;
  return std::make_pair(static_cast<std::uint8_t>(*first), static_cast<std::uint8_t>(*last));
}

void read_device(const config::reader& r, line_spec& line) {
  r.allow_only({"unit", "address", "profile", "seed", "password", "admin_password"});
  device_spec d;
  const bool unit = r.has("unit"), address = r.has("address");
  if (unit == address)
    r.fail(unit ? "address" : "unit", unit ? "give unit (Modbus) or address (Mercury), not both"
                                           : "required key missing (unit: N or \"N-M\", or address: N)");
  const auto key = unit ? "unit" : "address";
  const auto text = r.get<std::string>(key, "1");
  if (const auto range = unit_range(text)) {
    d.first = range->first;
    d.last = range->second;
  } else if (unit || address) {
    r.fail(key, "expected a number from 0 to 255 or a range such as \"1-100\", got \"" + text + "\"");
  }
  d.profile = r.require_string("profile");
  if (r.has("seed"))
    d.seed = static_cast<std::uint64_t>(r.integer("seed", 1, 0, std::numeric_limits<std::int64_t>::max()));
  d.password = r.get<std::string>("password", d.password);
  d.admin_password = r.get<std::string>("admin_password", d.admin_password);
  line.devices.push_back(std::move(d));
}

void read_serial(const config::reader& r, line_spec& line) {
  line.format.baud = static_cast<unsigned>(r.integer("baud", 0, 0, 921'600));
  line.format.parity = r.choice("parity", "none", {"none", "even", "odd"}) != "none";
  line.format.stop_bits = static_cast<unsigned>(r.integer("stop_bits", 1, 1, 2));
  line.format.data_bits = static_cast<unsigned>(r.integer("data_bits", 8, 7, 8));
}

void read_line(const config::reader& r, site_plan& plan) {
  r.allow_only({"name", "kind", "listen", "link", "baud", "parity", "stop_bits", "data_bits", "devices"});
  line_spec line;
  line.name = r.require_string("name");
  const auto kind = r.choice("kind", "tcp", {"tcp", "rtu-tcp", "pty"});
  line.kind = kind == "pty" ? line_kind::pty : kind == "rtu-tcp" ? line_kind::rtu_tcp : line_kind::tcp;
  if (line.kind == line_kind::pty) {
    line.link = r.get<std::string>("link", "");
    if (r.has("listen"))
      r.fail("listen", "a pty line has no port (listen is for tcp and rtu-tcp)");
  } else {
    const auto listen = r.get<std::string>("listen", "127.0.0.1:0");
    if (auto where = parse_host_port(listen)) {
      line.host = where->first;
      line.port = where->second;
    } else {
      r.fail("listen", "expected HOST:PORT (port 0: any free one), got \"" + listen + "\"");
    }
    if (r.has("link"))
      r.fail("link", "only a pty line has a path to link");
  }
  read_serial(r, line);
  if (line.kind == line_kind::tcp && line.format.baud > 0)
    r.fail("baud", "a Modbus TCP line has no line rate (pacing is for pty and rtu-tcp lines)");
  for (const auto& d : r.items("devices"))
    read_device(d, line);
  plan.lines.push_back(std::move(line));
}

std::string joined(const std::set<std::string>& names) {
  std::string list;
  for (const auto& n : names)
    list += (list.empty() ? "" : ", ") + n;
  return list;
}

config::env_lookup no_environment() {
  return [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
}

} // namespace

std::string_view to_string(line_kind k) noexcept {
  switch (k) {
    case line_kind::tcp:
      return "tcp";
    case line_kind::rtu_tcp:
      return "rtu-tcp";
    case line_kind::pty:
      return "pty";
  }
  return "?";
}

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9')
    ++digits;
  const auto n = number_in(text.substr(0, digits), 0, 100'000'000);
  const auto unit = text.substr(digits);
  if (!n)
    return std::nullopt;
  const std::int64_t v = *n;
  if (unit == "ms")
    return std::chrono::milliseconds{v};
  if (unit == "s")
    return std::chrono::milliseconds{v * 1000};
  if (unit == "m")
    return std::chrono::milliseconds{v * 60'000};
  if (unit == "h")
    return std::chrono::milliseconds{v * 3'600'000};
  return std::nullopt;
}

caf::expected<std::pair<std::string, std::uint16_t>> parse_host_port(std::string_view text) {
  const auto colon = text.rfind(':');
  const auto port = number_in(colon == std::string_view::npos ? text : text.substr(colon + 1), 0, 65535);
  std::string host = colon == std::string_view::npos ? "127.0.0.1" : std::string{text.substr(0, colon)};
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  if (!port || host.empty())
    return invalid("'" + std::string{text} + "' is not HOST:PORT");
  return std::make_pair(host, static_cast<std::uint16_t>(*port));
}

caf::expected<device_spec> parse_device_option(std::string_view text) {
  const auto colon = text.find(':');
  const auto at = text.rfind('@');
  const auto fail = [&] { return invalid("--device " + std::string{text} + ": expected UNIT[-UNIT]:PROFILE[@LINE]"); };
  if (colon == std::string_view::npos)
    return fail();
  const auto range = unit_range(text.substr(0, colon));
  device_spec d;
  d.profile = std::string{text.substr(colon + 1, at == std::string_view::npos ? at : at - colon - 1)};
  if (at != std::string_view::npos && at > colon)
    d.line = std::string{text.substr(at + 1)};
  if (!range || d.profile.empty() || (at != std::string_view::npos && d.line.empty()))
    return fail();
  d.first = range->first;
  d.last = range->second;
  return d;
}

caf::expected<site_plan> load_site_text(std::string_view text, const std::filesystem::path& file) {
  auto doc = config::document::load_string(text, "METERHUB_MODBUS_SIM", no_environment(), file.parent_path());
  if (!doc)
    return invalid(file.string() + ": " + describe(doc.error()));
  site_plan plan;
  const auto root = doc->root();
  root.allow_only({"seed", "lines"});
  if (root.has("seed"))
    plan.seed = static_cast<std::uint64_t>(root.integer("seed", 1, 0, std::numeric_limits<std::int64_t>::max()));
  for (const auto& line : root.items("lines"))
    read_line(line, plan);
  if (!root.has("lines"))
    root.fail("lines", "required key missing (the shop's lines and their devices)");
  std::string problems;
  for (const auto& p : doc->problems())
    problems += (problems.empty() ? "" : "\n") + file.string() + ": " + p;
  if (!problems.empty())
    return invalid(problems);
  return plan;
}

caf::expected<site_plan> load_site_file(const std::filesystem::path& file) {
  std::ifstream in{file};
  if (!in)
    return invalid(file.string() + ": cannot read the file");
  std::ostringstream text;
  text << in.rdbuf();
  return load_site_text(text.str(), file);
}

caf::error place_devices(site_plan& plan, const std::vector<device_spec>& devices) {
  std::set<std::string> names;
  for (const auto& line : plan.lines)
    if (!names.insert(line.name).second)
      return invalid("two lines are named '" + line.name + "'");
  for (const auto& d : devices) {
    if (!d.line.empty() && !names.count(d.line))
      return invalid("--device " + std::to_string(d.first) + ":" + d.profile + "@" + d.line + ": no line named '"
                     + d.line + "' (lines: " + joined(names) + ")");
    for (auto& line : plan.lines)
      if (d.line.empty() || d.line == line.name)
        line.devices.push_back(d);
  }
  for (const auto& line : plan.lines) {
    if (line.devices.empty())
      return invalid("line '" + line.name + "' has no devices (add --device UNIT:PROFILE or devices: in the file)");
    std::set<unsigned> taken;
    for (const auto& d : line.devices)
      for (unsigned a = d.first; a <= d.last; ++a) {
        if (a == 0 && line.kind != line_kind::tcp)
          return invalid("line '" + line.name + "': address 0 is the RTU broadcast, no device's own");
        if (!taken.insert(a).second)
          return invalid("line '" + line.name + "': address " + std::to_string(a) + " is used twice");
      }
  }
  return {};
}

} // namespace meterhub::modbus_sim
