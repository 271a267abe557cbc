#include "cli.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>

#include "half_hours.hpp"
#include "line_endpoint.hpp"
#include "meterhub/iec61107/error.hpp"
#include "meterhub/neva/address.hpp"
#include "meterhub/neva/registers.hpp"
#include "meterhub/wire/json.hpp"
#include "session_runner.hpp"

namespace meterhub::iec61107_service {

namespace {

using iec61107::request;
using iec61107::session;

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

int fail(const std::string& what, const caf::error& err) {
  std::cerr << "meterhub-iec61107: " << what << ": " << describe(err) << "\n";
  return 2;
}

iec61107::session_settings settings_of(const line_options& line, const meter_options& meter) {
  iec61107::session_settings s;
  s.address = meter.address;
  s.password = meter.password;
  s.reply_timeout = line.reply_timeout;
  s.max_baud = line.max_baud;
  if (line.optical) {
    s.interface = iec61107::line_interface::optical;
    s.initial_baud = 300;
  } else if (auto serial = transport::serial_settings::parse(line.serial)) {
    s.initial_baud = static_cast<int>(serial->baud);
  }
  return s;
}

/// Opens the line given on the command line.
caf::expected<std::unique_ptr<transport::byte_stream>> open_cli_line(const line_options& line) {
  auto endpoint = parse_line_endpoint(line.port);
  if (!endpoint)
    return make_error(iec61107::iec61107_errc::bad_configuration,
                      "--port: expected /dev/ttyUSB0, host:port or :port, got \"" + line.port + "\"");
  auto serial = transport::serial_settings::parse(line.optical ? "300 7E1" : line.serial);
  if (!serial)
    return make_error(iec61107::iec61107_errc::bad_configuration, "--serial: expected e.g. \"9600 7E1\"");
  if (endpoint->what == line_endpoint::kind::tcp_server)
    std::cerr << "waiting up to " << line.connect_timeout.count() / 1000 << " s for a converter to dial in to "
              << endpoint->host << ":" << endpoint->port << "\n";
  return open_line(*endpoint, *serial, line.connect_timeout);
}

/// Opens the line and runs one session on it; the line's or the session's error, if any.
caf::error run_once(const line_options& line, session& s) {
  auto stream = open_cli_line(line);
  if (!stream)
    return std::move(stream.error());
  if (auto err = run_session(**stream, s))
    return err;
  return s.failure();
}

std::string device_of(const meter_options& meter) {
  if (!meter.device.empty())
    return meter.device;
  return meter.address.empty() ? std::string{"iec61107"} : "iec61107-" + meter.address;
}

/// Prints one register's outcome; false when the meter could not give it.
bool print_outcome(const iec61107::request_outcome& o, const meter_options& meter, bool json, std::int64_t time) {
  auto reg = neva::parse_address(o.request.address);
  const std::string name = reg ? neva::to_string(*reg) : o.request.address;
  if (!o.reply) {
    if (json)
      std::cout << nlohmann::ordered_json{{"register", name}, {"error", describe(o.reply.error())}}.dump() << "\n";
    else
      std::cout << name << "  error: " << describe(o.reply.error()) << "\n";
    return false;
  }
  auto readings = reg ? neva::to_readings(*reg, o.reply->value, time, meter.model)
                      : caf::expected<std::vector<reading>>{std::vector<reading>{}};
  if (!readings || readings->empty()) {
    if (json)
      std::cout << nlohmann::ordered_json{{"register", name}, {"raw", o.reply->value}}.dump() << "\n";
    else
      std::cout << name << "  " << o.reply->value << "\n";
    return true;
  }
  for (const auto& r : *readings) {
    if (json) {
      auto j = wire::to_json(device_of(meter), r);
      j["register"] = name;
      std::cout << j.dump() << "\n";
    } else {
      const std::string value = r.value ? nlohmann::json(*r.value).dump() : r.text; // shortest exact form
      std::printf("%-12s %-14s %s %s%s\n", name.c_str(), r.quantity.c_str(), value.c_str(),
                  std::string{to_string(r.unit)}.c_str(), r.text.empty() || !r.value ? "" : (" " + r.text).c_str());
    }
  }
  return true;
}

/// The wire form of every register argument, or the first bad one's error.
caf::expected<std::vector<request>> read_requests(const std::vector<std::string>& registers) {
  std::vector<request> out;
  for (const auto& text : registers) {
    auto reg = neva::parse_address(text);
    if (!reg)
      return std::move(reg.error());
    out.push_back(request::read(neva::to_wire(*reg)));
  }
  return out;
}

} // namespace

int read_registers(const line_options& line, const meter_options& meter, const std::vector<std::string>& registers,
                   bool json) {
  auto requests = read_requests(registers);
  if (!requests)
    return fail("--obis", requests.error());
  session s{settings_of(line, meter), std::move(*requests)};
  auto err = run_once(line, s);
  const auto time = now_ms();
  bool all = true;
  for (const auto& o : s.outcomes())
    all = print_outcome(o, meter, json, time) && all;
  if (err)
    return fail(line.port, err);
  return all ? 0 : 1;
}

int write_register(const line_options& line, const meter_options& meter, const std::string& reg,
                   const std::string& value) {
  auto address = neva::parse_address(reg);
  if (!address)
    return fail("--obis", address.error());
  session s{settings_of(line, meter), {request::write(neva::to_wire(*address), value)}};
  if (auto err = run_once(line, s))
    return fail(line.port, err);
  const auto& o = s.outcomes().at(0);
  if (!o.reply)
    return fail(neva::to_string(*address), o.reply.error());
  std::cout << neva::to_string(*address) << " = " << value << ": acknowledged\n";
  return 0;
}

namespace {

/// A day as a table of cumulative registers in kWh; a day that could not be built says why on stderr.
void print_day(const archived_day& day, bool json) {
  char date[16];
  std::snprintf(date, sizeof date, "%04d-%02u-%02u", day.date.year, day.date.month, day.date.day);
  if (!day.archive) {
    std::cerr << date << ": " << describe(day.archive.error()) << "\n";
    return;
  }
  if (json)
    return;
  std::printf("%s  %-5s %12s %12s %12s %12s %12s\n", date, "END", "TOTAL kWh", "T1", "T2", "T3", "T4");
  for (const auto& p : day.archive->points) {
    std::printf("%s  %02u:%02u", date, p.end_minute / 60u, p.end_minute % 60u);
    for (auto mwh : p.cumulative_mwh)
      std::printf(" %12.3f", static_cast<double>(mwh) / 1e6);
    std::printf("%s\n", p.estimated ? "  estimated" : "");
  }
  if (day.drift_mwh) {
    std::printf("%s  drift against the next day's start, Wh:", date);
    for (auto mwh : *day.drift_mwh)
      std::printf(" %.3f", static_cast<double>(mwh) / 1000.0);
    std::printf("  (total T1 T2 T3 T4)\n");
  }
}

} // namespace

int half_hours(const line_options& line, const meter_options& meter, int days, bool today, bool json,
               std::chrono::minutes utc_offset) {
  std::vector<int> wanted;
  for (int i = days; i >= (today ? 0 : 1); --i)
    wanted.push_back(i);
  half_hour_job job{wanted, meter.model, utc_offset};
  auto cfg = settings_of(line, meter);
  cfg.keep_open = true;
  session s{cfg, job.first_round()};
  auto stream = open_cli_line(line);
  if (!stream)
    return fail(line.port, stream.error());
  auto err = run_session(**stream, s, rounds_of(job));
  if (!err)
    err = s.failure() ? s.failure() : job.failure();
  if (err)
    return fail(line.port, err);
  bool all = true;
  for (const auto& day : job.days()) {
    all = all && day.archive;
    print_day(day, json);
  }
  if (json)
    for (const auto& r : job.readings())
      std::cout << wire::to_json(device_of(meter), r).dump() << "\n";
  return all ? 0 : 1;
}

int scan(const line_options& line, const std::vector<std::string>& addresses) {
  auto stream = open_cli_line(line);
  if (!stream)
    return fail(line.port, stream.error());
  int found = 0;
  for (const auto& address : addresses) {
    meter_options meter;
    meter.address = address;
    auto cfg = settings_of(line, meter);
    cfg.identify_only = true;
    cfg.sign_on_attempts = 1;
    session s{cfg, {}};
    if (auto err = run_session(**stream, s))
      return fail(line.port, err); // the line itself failed: the other addresses would fail the same way
    if (s.ident()) {
      ++found;
      std::cout << address << "  /" << s.ident()->maker << s.ident()->baud_char << s.ident()->ident << "\n";
    }
  }
  std::cerr << found << " of " << addresses.size() << " address(es) answered\n";
  return found > 0 ? 0 : 1;
}

} // namespace meterhub::iec61107_service
