#include "modbus_format.hpp"

#include <atomic>

#include <caf/send.hpp>

#include "meterhub/logging/logging.hpp"
#include "meterhub/mirror/command.hpp"
#include "meterhub/vscp/python_format.hpp"
#include "meterhub/wire/topics.hpp"

namespace meterhub::bridge {

struct modbus_format::series {
  metrics::counter requests, reads, writes, malformed, accepted, refused_not_allowed, refused_limit, closed_idle,
    send_failures, commands;
  metrics::gauge clients;
  std::vector<std::pair<std::size_t, metrics::counter>> exceptions;

  explicit series(metrics::registry& m)
    : requests(m.make_counter("meterhub_bridge_modbus_requests_total", "Modbus requests taken")),
      reads(m.make_counter("meterhub_bridge_modbus_reads_total", "Reads answered with data")),
      writes(m.make_counter("meterhub_bridge_modbus_writes_total", "Writes acknowledged")),
      malformed(m.make_counter("meterhub_bridge_modbus_malformed_total", "Malformed requests and non-Modbus streams")),
      accepted(m.make_counter("meterhub_bridge_modbus_connections_total", "Connections served")),
      refused_not_allowed(m.make_counter("meterhub_bridge_modbus_refused_total", "Connections refused",
                                         {{"reason", "not_allowed"}})),
      refused_limit(m.make_counter("meterhub_bridge_modbus_refused_total", "Connections refused",
                                   {{"reason", "max_clients"}})),
      closed_idle(m.make_counter("meterhub_bridge_modbus_closed_idle_total", "Connections closed for idling")),
      send_failures(m.make_counter("meterhub_bridge_modbus_send_failures_total", "Answers that could not be sent")),
      commands(m.make_counter("meterhub_bridge_modbus_commands_total", "SCADA writes sent to the bus as commands")),
      clients(m.make_gauge("meterhub_bridge_modbus_clients", "SCADA clients connected now")) {
    for (std::size_t code = 1; code <= 11; ++code)
      exceptions.emplace_back(code, m.make_counter("meterhub_bridge_modbus_exceptions_total",
                                                   "Exception responses by code", {{"code", std::to_string(code)}}));
  }

  void update(const modbus_export::server_stats& s) const {
    requests.raise_to(s.requests);
    reads.raise_to(s.reads);
    writes.raise_to(s.writes);
    malformed.raise_to(s.malformed);
    accepted.raise_to(s.accepted);
    refused_not_allowed.raise_to(s.refused_not_allowed);
    refused_limit.raise_to(s.refused_limit);
    closed_idle.raise_to(s.closed_idle);
    send_failures.raise_to(s.send_failures);
    clients.set(static_cast<double>(s.clients));
    for (const auto& [code, c] : exceptions)
      c.raise_to(s.exceptions[code]);
  }
};

namespace {

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
           std::chrono::system_clock::now().time_since_epoch())
    .count();
}

/// The bus Command a SCADA write becomes, published through the bus's spool (fire and forget).
modbus_export::write_handler forward_writes(std::shared_ptr<bus::bus_actor> bus, std::string bus_prefix,
                                            metrics::counter commands) {
  auto next = std::make_shared<std::atomic<std::uint64_t>>(0);
  return [bus, topics = wire::topics{std::move(bus_prefix)}, commands, next](const modbus_export::write_request& w) {
    if (!bus || !*bus)
      return false;
    mirror::command_request c;
    c.device = w.device;
    c.target = w.target;
    c.kind = mirror::command_kind::write;
    c.address = w.target;
    c.value = vscp::python_float_repr(w.value);
    if (c.value.ends_with(".0"))
      c.value.resize(c.value.size() - 2); // an integer register value is written as one
    const auto id = "modbus-" + std::to_string(wall_ms()) + "-" + std::to_string(++*next);
    caf::anon_send(*bus, bus::publish_atom::value, topics.command(w.device), mirror::encode_command(c, id));
    commands.inc();
    return true;
  };
}

} // namespace

caf::expected<std::shared_ptr<modbus_format>> modbus_format::start(const modbus_export::export_settings& settings,
                                                                    std::shared_ptr<bus::bus_actor> bus,
                                                                    std::string bus_prefix,
                                                                    metrics::registry& metrics) {
  auto image = modbus_export::make_shared_image(settings.map, wall_ms(), "modbus_export");
  if (!image)
    return image.error();
  std::shared_ptr<modbus_format> f{new modbus_format};
  f->series_ = std::make_unique<series>(metrics);
  f->image_ = *image;
  auto srv = modbus_export::server::start(settings.server, f->image_,
                                          forward_writes(std::move(bus), std::move(bus_prefix), f->series_->commands));
  if (!srv)
    return srv.error();
  f->server_ = std::move(*srv);
  return f;
}

modbus_format::~modbus_format() {
  if (server_)
    server_->stop();
}

void modbus_format::on_batch(const reading_batch& batch, std::int64_t now_ms, std::vector<bus::out_message>&) {
  image_->apply(batch, now_ms);
}

void modbus_format::on_tick(std::int64_t now_ms) {
  image_->tick(now_ms);
  series_->update(server_->stats());
}

} // namespace meterhub::bridge
