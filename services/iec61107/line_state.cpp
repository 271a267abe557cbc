#include "line_state.hpp"

#include "meterhub/service/service.hpp"
#include "session_runner.hpp"

namespace meterhub::iec61107_service {

namespace {

meter_counters make_counters(metrics::registry& m, const std::string& device) {
  return {m.make_counter("meterhub_iec61107_polls_total", "Poll sessions, by result",
                         {{"device", device}, {"result", "ok"}}),
          m.make_counter("meterhub_iec61107_polls_total", "Poll sessions, by result",
                         {{"device", device}, {"result", "failed"}}),
          m.make_counter("meterhub_iec61107_register_errors_total",
                         "Registers a poll could not read or decode", {{"device", device}}),
          m.make_counter("meterhub_iec61107_archive_passes_total", "Archive passes, by result",
                         {{"device", device}, {"result", "ok"}}),
          m.make_counter("meterhub_iec61107_archive_passes_total", "Archive passes, by result",
                         {{"device", device}, {"result", "failed"}})};
}

} // namespace

void line_state::init(line_context c) {
  ctx = std::move(c);
  line_errors = ctx.links.metrics->make_counter("meterhub_iec61107_line_errors_total",
                                          "Line failures: cannot open, stream broke mid-session",
                                          {{"line", ctx.line.endpoint.text}});
  for (const auto& cfg : ctx.line.meters) {
    meter_state m;
    m.cfg = cfg;
    m.counters = make_counters(*ctx.links.metrics, cfg.id);
    meters.push_back(std::move(m));
    schedules.emplace_back();
  }
}

caf::expected<std::unique_ptr<transport::byte_stream>> line_state::open_stream(std::chrono::milliseconds wait) {
  const auto& ep = ctx.line.endpoint;
  if (ep.what != line_endpoint::kind::tcp_server) {
    auto serial = ctx.line.serial;
    if (ctx.line.optical)
      serial.baud = 300;
    return open_line(ep, serial, ctx.line.connect_timeout);
  }
  if (!listener) {
    auto bound = transport::tcp_listener::bind(ep.host, ep.port);
    if (!bound)
      return std::move(bound.error());
    listener = std::move(*bound);
    log->info("line {}: waiting for converters on port {}", ep.text, listener->port());
  }
  return listener->accept(wait);
}

iec61107::session_settings line_state::session_for(const meter_state& m) const {
  iec61107::session_settings s;
  s.address = m.cfg.address;
  s.password = m.cfg.password;
  s.interface = ctx.line.optical ? iec61107::line_interface::optical : iec61107::line_interface::rs485;
  s.initial_baud = ctx.line.optical ? 300 : static_cast<int>(ctx.line.serial.baud);
  s.max_baud = ctx.line.max_baud;
  s.reply_timeout = ctx.line.reply_timeout;
  s.after_break = ctx.line.after_break;
  return s;
}

void line_failed(line_pointer self, const std::string& why, std::int64_t now) {
  auto& st = self->state;
  st.stream.reset();
  st.line_errors.inc();
  st.line_backoff = st.line_backoff.count() == 0 ? std::chrono::milliseconds(500)
                                                 : std::min(st.line_backoff * 2, std::chrono::milliseconds(30'000));
  st.reopen_at_ms = now + st.line_backoff.count();
  std::uint64_t held = 0;
  if (st.limiter.allow("line", now, held))
    st.log->warn("line {}: {}; retrying in {} ms{}", st.ctx.line.endpoint.text, why, st.line_backoff.count(),
                 logging::suppressed_note(held));
}

caf::error run_on_line(line_pointer self, iec61107::session& s, std::int64_t now, const idle_handler& on_idle) {
  auto& st = self->state;
  if (!st.stream)
    return make_error(transport::transport_errc::closed, "line " + st.ctx.line.endpoint.text + " is not open");
  if (auto err = run_session(*st.stream, s, on_idle)) {
    line_failed(self, describe(err), now);
    return err;
  }
  return {};
}

} // namespace meterhub::iec61107_service
