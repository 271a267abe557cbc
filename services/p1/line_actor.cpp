#include "line_actor.hpp"

#include <array>
#include <map>

#include <caf/all.hpp>

#include "meterhub/core/text.hpp"
#include "meterhub/logging/logging.hpp"
#include "meterhub/service/command_router.hpp"
#include "meterhub/service/service.hpp"
#include "meterhub/v1/command.pb.h"
#include "meterhub/v1/status.pb.h"
#include "meterhub/wire/convert.hpp"
#include "meterhub/wire/device_state.hpp"

namespace meterhub::p1 {

namespace {

using read_atom = caf::atom_constant<caf::atom("read")>;
constexpr auto read_timeout = std::chrono::milliseconds(200);
constexpr std::int64_t state_refresh_ms = 60'000;

struct line_counters {
  metrics::counter ok, crc, missing_crc, malformed, decrypt, watchdog, reconnects;
  metrics::gauge last_valid;
};

struct line_state {
  static inline const char* name = "meterhub.p1.line";
  line_context ctx;
  line_counters counters;
  std::unique_ptr<transport::byte_stream> stream;
  std::unique_ptr<telegram_decoder> decoder;
  std::shared_ptr<spdlog::logger> log = logging::get("p1");
  logging::rate_limiter limiter;
  std::string device;
  std::string model, firmware;
  v1::Health health = v1::HEALTH_UNSPECIFIED;
  std::string reason;
  std::int64_t last_byte_ms = 0, last_valid_ms = 0, connected_ms = 0, state_sent_ms = 0, next_attempt_ms = 0;
  std::chrono::milliseconds backoff{0};
  bool idle_flushed = true;
  bool done = false;
  std::vector<reading> last_readings;
};

using line_pointer = caf::stateful_actor<line_state>*;

line_counters make_counters(metrics::registry& m, const std::string& port) {
  auto rejected = [&](const char* why) {
    return m.make_counter("meterhub_p1_telegrams_rejected_total", "Telegrams not published, by reason",
                          {{"port", port}, {"reason", why}});
  };
  return {m.make_counter("meterhub_p1_telegrams_total", "Telegrams published", {{"port", port}}),
          rejected("crc"),
          rejected("missing_crc"),
          rejected("malformed"),
          rejected("decrypt"),
          m.make_counter("meterhub_p1_watchdog_total", "Reconnects because no valid telegram came in time",
                         {{"port", port}}),
          m.make_counter("meterhub_p1_reconnects_total", "Port (re)openings", {{"port", port}}),
          m.make_gauge("meterhub_p1_last_valid_telegram_ms", "Time of the last valid telegram", {{"port", port}})};
}

void publish_state(line_pointer self, std::int64_t now) {
  auto& st = self->state;
  if (st.device.empty())
    return;
  const auto& c = st.counters;
  wire::device_report r{st.device, "dsmr", st.ctx.links.source, st.health, st.reason, st.model, st.firmware,
                        st.last_valid_ms,
                        {{"telegrams_ok", c.ok.value()},
                         {"crc_errors", c.crc.value()},
                         {"missing_crc", c.missing_crc.value()},
                         {"malformed", c.malformed.value()},
                         {"decrypt_errors", c.decrypt.value()},
                         {"watchdog_reconnects", c.watchdog.value()}}};
  self->send(st.ctx.links.bus, bus::retain_atom::value, st.ctx.links.topics.state(st.device), wire::encode_device_state(r, now));
  st.state_sent_ms = now;
}

void set_health(line_pointer self, v1::Health health, std::string reason, std::int64_t now) {
  auto& st = self->state;
  if (st.health == health && st.reason == reason)
    return;
  if (health != v1::HEALTH_ONLINE)
    st.log->warn("{} ({}): {}", st.device.empty() ? st.ctx.meter.port_text : st.device, st.ctx.meter.port_text,
                 reason);
  else if (st.health != v1::HEALTH_UNSPECIFIED)
    st.log->info("{}: receiving valid telegrams again", st.device);
  st.health = health;
  st.reason = std::move(reason);
  publish_state(self, now);
}

void close_line(line_pointer self, const std::string& why, std::int64_t now) {
  auto& st = self->state;
  st.stream.reset();
  st.decoder = std::make_unique<telegram_decoder>(st.ctx.meter.decoding); // a half telegram is worthless now
  st.backoff = st.backoff.count() == 0 ? std::chrono::milliseconds(500)
                                       : std::min(st.backoff * 2, std::chrono::milliseconds(30'000));
  st.next_attempt_ms = now + st.backoff.count();
  set_health(self, v1::HEALTH_OFFLINE, why, now);
}

void open_line(line_pointer self, std::int64_t now) {
  auto& st = self->state;
  if (now < st.next_attempt_ms)
    return;
  auto stream = transport::open_endpoint(st.ctx.meter.port, st.ctx.meter.serial, std::chrono::seconds(5));
  st.counters.reconnects.inc();
  if (!stream) {
    close_line(self, "cannot open the port: " + describe(stream.error()), now);
    return;
  }
  st.stream = std::move(*stream);
  st.connected_ms = now;
  st.last_byte_ms = now;
  st.log->info("reading {} ({})", st.stream->describe(), st.ctx.meter.port.tcp ? "tcp" : st.ctx.meter.serial.to_string());
}

void note_rejected(line_pointer self, const decoded_telegram& t, std::int64_t now) {
  auto& st = self->state;
  auto& c = st.counters;
  (t.counter == "crc" ? c.crc : t.counter == "missing_crc" ? c.missing_crc : t.counter == "decrypt" ? c.decrypt
                                                                                                    : c.malformed)
    .inc();
  std::uint64_t held = 0;
  if (st.limiter.allow(t.counter, now, held))
    st.log->warn("{}: telegram rejected: {}{}", st.device.empty() ? st.ctx.meter.port_text : st.device, t.problem,
                 logging::suppressed_note(held));
}

void learn_device(line_pointer self, const decoded_telegram& t) {
  auto& st = self->state;
  st.model = t.ident;
  st.firmware = dsmr::to_string(t.kind);
  if (!st.device.empty())
    return;
  st.device = st.ctx.meter.id.empty() ? device_id_for(t.equipment_id, st.ctx.meter.port_text) : st.ctx.meter.id;
  self->send(st.ctx.links.router, service::register_atom::value, st.device, caf::actor{self});
  st.log->info("{}: meter {} on {}", st.device, t.ident, st.ctx.meter.port_text);
}

void publish_telegram(line_pointer self, decoded_telegram& t, std::int64_t now) {
  auto& st = self->state;
  learn_device(self, t);
  auto seq = st.ctx.links.sequence->next();
  if (!seq) {
    st.log->error("{}: cannot number the batch: {}", st.device, describe(seq.error()));
    return;
  }
  reading_batch batch{st.device, st.ctx.links.source, *seq, now, std::move(t.readings)};
  self->send(st.ctx.links.bus, bus::publish_atom::value, st.ctx.links.topics.readings(st.device), wire::encode_batch(batch));
  st.last_readings = std::move(batch.readings);
  st.counters.ok.inc();
  st.last_valid_ms = now;
  st.counters.last_valid.set(static_cast<double>(now));
  ++*st.ctx.published;
  set_health(self, v1::HEALTH_ONLINE, "", now);
  if (st.ctx.once)
    st.done = true;
}

void drain(line_pointer self, std::int64_t now) {
  auto& st = self->state;
  while (!st.done) {
    auto t = st.decoder->next(now);
    if (!t)
      return;
    if (!t->problem.empty())
      note_rejected(self, *t, now);
    if (t->accepted)
      publish_telegram(self, *t, now);
  }
}

void check_watchdog(line_pointer self, std::int64_t now) {
  auto& st = self->state;
  const auto since = std::max(st.last_valid_ms, st.connected_ms);
  if (now - since < st.ctx.meter.watchdog.count())
    return;
  st.counters.watchdog.inc();
  close_line(self,
             "no valid telegram for " + std::to_string((now - since) / 1000) + " s; reconnecting " +
               st.ctx.meter.port_text,
             now);
}

void cycle(line_pointer self) {
  auto& st = self->state;
  auto now = service::now_ms();
  if (!st.stream)
    open_line(self, now);
  if (!st.stream) {
    self->delayed_send(self, read_timeout, read_atom::value);
    return;
  }
  std::array<char, 4096> buf;
  auto got = st.stream->read_some(buf, read_timeout);
  now = service::now_ms();
  if (!got) {
    close_line(self, "the port failed: " + describe(got.error()), now);
  } else if (*got > 0) {
    st.last_byte_ms = now;
    st.idle_flushed = false;
    st.decoder->feed({buf.data(), *got});
  } else if (!st.idle_flushed && now - st.last_byte_ms >= st.ctx.meter.idle_gap.count()) {
    st.decoder->flush_idle();
    st.idle_flushed = true;
  }
  drain(self, now);
  if (st.stream)
    check_watchdog(self, now);
  if (now - st.state_sent_ms >= state_refresh_ms)
    publish_state(self, now);
  if (!st.done)
    self->send(self, read_atom::value);
}

void answer_command(line_pointer self, const bus::bus_message& msg) {
  auto& st = self->state;
  v1::Command cmd;
  v1::CommandResult result;
  if (!cmd.ParseFromString(msg.payload)) {
    result.set_status(v1::COMMAND_STATUS_REJECTED);
    result.set_message("not a meterhub.v1.Command");
  } else {
    result.set_id(cmd.id());
    result.set_device(st.device);
    if (cmd.kind() == v1::COMMAND_KIND_READ || cmd.kind() == v1::COMMAND_KIND_POLL) {
      // P1 pushes on its own schedule; the answer is the newest telegram's values.
      std::set<std::string> wanted{cmd.quantities().begin(), cmd.quantities().end()};
      for (const auto& r : st.last_readings)
        if (wanted.empty() || wanted.count(r.quantity))
          wire::to_proto(r, *result.add_readings());
      result.set_status(st.last_readings.empty() ? v1::COMMAND_STATUS_UNREACHABLE : v1::COMMAND_STATUS_OK);
      result.set_message(st.last_readings.empty() ? "no valid telegram received yet" : "values of the last telegram");
    } else {
      result.set_status(v1::COMMAND_STATUS_REJECTED);
      result.set_message("P1 is a one-way push port: the meter accepts no writes, clock settings or archive reads");
    }
  }
  if (!msg.response_topic.empty())
    self->send(st.ctx.links.bus, bus::reply_atom::value, msg.response_topic, msg.correlation, result.SerializeAsString());
}

caf::behavior line(line_pointer self, line_context ctx) {
  auto& st = self->state;
  st.counters = make_counters(*ctx.links.metrics, ctx.meter.port_text);
  st.ctx = std::move(ctx);
  st.device = st.ctx.meter.id;
  if (!st.device.empty())
    self->send(st.ctx.links.router, service::register_atom::value, st.device, caf::actor{self});
  st.decoder = std::make_unique<telegram_decoder>(st.ctx.meter.decoding);
  self->send(self, read_atom::value);
  return {
    [self](read_atom) { cycle(self); },
    [self](const bus::bus_message& msg) { answer_command(self, msg); },
  };
}

} // namespace

caf::actor spawn_line(caf::actor_system& sys, line_context ctx) {
  return sys.spawn<caf::detached>(line, std::move(ctx));
}

} // namespace meterhub::p1
