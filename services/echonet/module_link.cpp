#include "module_link.hpp"

#include <array>

#include "error.hpp"
#include "meterhub/skstack/error.hpp"

namespace meterhub::echonet_service {

namespace {

using namespace std::chrono_literals;

constexpr auto write_timeout = 2s;

std::string_view as_text(const skstack::bytes& b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

/// Discards what the module still had to say (a half-written line from before we opened the port).
void drain(transport::byte_stream& s, std::chrono::milliseconds quiet) {
  std::array<char, 512> buf{};
  for (int i = 0; i < 50; ++i) {
    auto n = s.read_some(buf, quiet);
    if (!n || *n == 0)
      return;
  }
}

} // namespace

/// The EINFO line reads the same on both models.
caf::expected<skstack::info_reply> ask_info(transport::byte_stream& s) {
  if (auto err = s.write_all("\r\n", write_timeout))
    return err;
  drain(s, 200ms);
  if (auto err = s.write_all(as_text(skstack::encode_info()), write_timeout))
    return err;
  skstack::reader reader{skstack::module_model::bp35a1};
  std::optional<skstack::info_reply> info;
  std::array<char, 512> buf{};
  const auto deadline = monotonic_ms() + 3000;
  while (monotonic_ms() < deadline) {
    auto n = s.read_some(buf, 200ms);
    if (!n)
      return n.error();
    reader.feed({reinterpret_cast<const std::uint8_t*>(buf.data()), *n});
    while (auto msg = reader.next()) {
      if (!*msg)
        continue;
      if (auto* i = std::get_if<skstack::info_reply>(&**msg))
        info = *i;
      else if (std::holds_alternative<skstack::ok_reply>(**msg) && info)
        return *info;
      else if (std::holds_alternative<skstack::fail_reply>(**msg))
        return make_error(routeb_errc::no_module, s.describe() + ": SKINFO failed");
    }
  }
  return make_error(routeb_errc::no_module, s.describe() + ": no SKSTACK-IP module answers SKINFO");
}

namespace {

/// The counter a session error is counted under: the code's name ("join_failed", "session_lost").
std::string kind_of(const caf::error& err) {
  if (err.category() == caf::atom("skstack"))
    return skstack::to_string(static_cast<skstack::skstack_errc>(err.code()));
  return "other_errors";
}

} // namespace

std::uint64_t monotonic_ms() {
  return static_cast<std::uint64_t>(
    std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count());
}

caf::expected<std::unique_ptr<module_link>> module_link::open(const link_settings& link,
                                                              const skstack::session_config& session,
                                                              std::optional<skstack::pan_cache> cache,
                                                              link_events events) {
  auto ep = transport::parse_endpoint(link.port);
  if (!ep)
    return make_error(routeb_errc::no_module, "cannot parse the port " + link.port);
  auto stream = transport::open_endpoint(*ep, link.serial, 5s);
  if (!stream)
    return stream.error();
  auto info = ask_info(**stream);
  if (!info)
    return info.error();
  const auto model = link.model.value_or(info->model());
  return std::unique_ptr<module_link>(
    new module_link(std::move(*stream), model, *info, session, std::move(cache), std::move(events)));
}

module_link::module_link(std::unique_ptr<transport::byte_stream> stream, skstack::module_model model,
                         skstack::info_reply info, const skstack::session_config& session,
                         std::optional<skstack::pan_cache> cache, link_events events)
  : stream_(std::move(stream)),
    model_(model),
    info_(info),
    reader_(model),
    session_([&] {
      auto c = session;
      c.model = model;
      return c;
    }(), std::move(cache)),
    events_(std::move(events)) {
}

module_link::~module_link() = default;

caf::error module_link::start() {
  return carry_out(session_.start(monotonic_ms()));
}

caf::error module_link::pump(std::chrono::milliseconds max_wait) {
  auto wait = max_wait;
  if (timer_) {
    const auto now = monotonic_ms();
    wait = std::min(wait, std::chrono::milliseconds{timer_->due_ms > now ? timer_->due_ms - now : 0});
  }
  std::array<char, 2048> buf{};
  auto n = stream_->read_some(buf, wait);
  if (!n)
    return n.error();
  if (*n > 0) {
    reader_.feed({reinterpret_cast<const std::uint8_t*>(buf.data()), *n});
    while (auto msg = reader_.next()) {
      if (!*msg) {
        events_.problem("bad_lines", msg->error());
        continue;
      }
      note_message(**msg);
      if (auto err = carry_out(session_.on_message(**msg, monotonic_ms())))
        return err;
    }
  }
  if (timer_ && monotonic_ms() >= timer_->due_ms) {
    const auto id = timer_->id;
    timer_.reset();
    return carry_out(session_.on_timer(id, monotonic_ms()));
  }
  return {};
}

void module_link::note_message(const skstack::message& msg) {
  if (const auto* pan = std::get_if<skstack::pan_descriptor>(&msg)) {
    if (!scan_lqi_ || pan->lqi > *scan_lqi_)
      scan_lqi_ = pan->lqi;
  } else if (const auto* ev = std::get_if<skstack::event>(&msg)) {
    if (ev->code() == skstack::event_code::pana_joined && scan_lqi_ && !lqi_)
      lqi_ = scan_lqi_;
  }
}

caf::error module_link::carry_out(skstack::actions actions) {
  for (auto& a : actions)
    if (auto err = carry_out_one(a))
      return err;
  return {};
}

caf::error module_link::carry_out_one(skstack::action& a) {
  if (auto* cmd = std::get_if<skstack::send_command>(&a))
    return stream_->write_all(as_text(cmd->data), write_timeout);
  if (auto* t = std::get_if<skstack::start_timer>(&a))
    timer_ = *t;
  else if (auto* f = std::get_if<skstack::deliver_frame>(&a))
    deliver(f->datagram);
  else if (auto* s = std::get_if<skstack::state_changed>(&a)) {
    if (s->state == skstack::session_state::scanning)
      scan_lqi_.reset();
    if (events_.state)
      events_.state(s->state);
  } else if (auto* c = std::get_if<skstack::cache_changed>(&a)) {
    if (events_.cache)
      events_.cache(c->cache);
  } else if (auto* e = std::get_if<skstack::report_error>(&a)) {
    events_.problem(kind_of(e->error), e->error);
  } else if (auto* d = std::get_if<skstack::frame_dropped>(&a)) {
    if (awaited_ && d->payload == awaited_bytes_)
      dropped_ = true;
    else
      events_.problem("dropped_frames", d->reason);
  }
  return {};
}

void module_link::deliver(const skstack::udp_datagram& datagram) {
  if (datagram.lqi)
    lqi_ = datagram.lqi;
  auto f = echonet::decode(datagram.payload);
  if (!f) {
    events_.problem("bad_frames", f.error());
    return;
  }
  if (awaited_ && !answer_ && echonet::is_response_to(*awaited_, *f)) {
    answer_ = std::move(*f);
    return;
  }
  if (events_.frame)
    events_.frame(*f);
}

caf::error module_link::send_frame(const echonet::frame& f) {
  auto bytes = echonet::encode(f);
  if (!bytes)
    return bytes.error();
  return carry_out(session_.send(std::move(*bytes), monotonic_ms()));
}

caf::expected<echonet::frame> module_link::exchange(const echonet::frame& request,
                                                    std::chrono::milliseconds reply_timeout, unsigned attempts,
                                                    std::chrono::milliseconds patience) {
  auto bytes = echonet::encode(request);
  if (!bytes)
    return bytes.error();
  awaited_ = &request;
  awaited_bytes_ = *bytes;
  answer_.reset();
  struct release {
    module_link* link;
    ~release() { link->awaited_ = nullptr; }
  } guard{this};
  std::uint64_t down_since = 0;
  for (unsigned attempt = 0; attempt < attempts; ++attempt) {
    dropped_ = false;
    if (auto err = carry_out(session_.send(awaited_bytes_, monotonic_ms())))
      return err;
    auto waited = std::chrono::milliseconds{0};
    auto last = monotonic_ms();
    while (waited < reply_timeout && !dropped_) {
      if (auto err = pump(std::min<std::chrono::milliseconds>(reply_timeout - waited, 200ms)))
        return err;
      if (answer_)
        return std::move(*answer_);
      const auto now = monotonic_ms();
      if (state() == skstack::session_state::joined) {
        waited += std::chrono::milliseconds{now - last};
        down_since = 0;
      } else if (down_since == 0) {
        down_since = now;
      } else if (now - down_since >= static_cast<std::uint64_t>(patience.count())) {
        return make_error(routeb_errc::not_joined, std::string{"the session is "} + skstack::to_string(state()));
      }
      last = now;
    }
  }
  return make_error(routeb_errc::no_answer, "no answer to TID " + std::to_string(request.tid) + " after " +
                                              std::to_string(attempts) + " transmission(s)");
}

void module_link::stop(std::chrono::milliseconds timeout) {
  if (carry_out(session_.stop(monotonic_ms())))
    return;
  const auto deadline = monotonic_ms() + static_cast<std::uint64_t>(timeout.count());
  while (session_.state() != skstack::session_state::idle && monotonic_ms() < deadline)
    if (pump(100ms))
      return;
}

} // namespace meterhub::echonet_service
