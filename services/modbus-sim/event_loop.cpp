#include "event_loop.hpp"

#include <sys/epoll.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <iostream>

#include "meterhub/transport/transport.hpp"

namespace meterhub::modbus_sim {

namespace {

constexpr std::uint64_t stdin_id = 0;
constexpr std::chrono::milliseconds min_silence{20};

/// How long an RTU line must stay quiet before a half frame is given up: t3.5 at the line's rate (9600 Bd when it
/// has none), and never less than 20 ms, since a pty or a TCP converter may deliver one frame in pieces.
std::chrono::steady_clock::duration silence_of(const modbus::serial_format& f) {
  auto format = f;
  if (format.baud == 0)
    format.baud = 9600;
  return std::max<std::chrono::steady_clock::duration>(modbus::inter_frame_delay(format), min_silence);
}

} // namespace

event_loop::event_loop(std::vector<running_line>& lines, const fault_plan& faults, const sim_clock& clock,
                       std::shared_ptr<spdlog::logger> log, loop_settings settings)
  : lines_(lines), faults_(faults), clock_(clock), log_(std::move(log)), settings_(settings),
    epoll_(::epoll_create1(EPOLL_CLOEXEC)) {
}

event_loop::~event_loop() {
  for (auto& [id, e] : endpoints_)
    if (e.connection)
      ::close(e.fd);
  if (epoll_ >= 0)
    ::close(epoll_);
}

caf::error event_loop::watch(std::uint64_t id, int fd) {
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = id;
  if (epoll_ < 0 || ::epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &ev) != 0)
    return make_error(transport::transport_errc::io_error, std::string{"epoll: "} + std::strerror(errno));
  return {};
}

caf::error event_loop::listen(std::size_t line, listening_socket socket) {
  const auto id = next_id_++;
  const int fd = socket.fd();
  listeners_.emplace(id, std::make_pair(line, std::move(socket)));
  return watch(id, fd);
}

caf::error event_loop::attach_pty(std::size_t line, int fd, std::string name) {
  const auto id = next_id_++;
  endpoint e;
  e.fd = fd;
  e.line = line;
  e.connection = false;
  e.name = std::move(name);
  e.rtu.emplace(lines_[line].station.mercury_addresses());
  set_nonblocking(fd);
  endpoints_.emplace(id, std::move(e));
  return watch(id, fd);
}

void event_loop::control_from_stdin(std::function<std::string(std::string_view)> run) {
  control_ = std::move(run);
  if (auto err = watch(stdin_id, STDIN_FILENO))
    log_->warn("stdin: {}", describe(err));
}

void event_loop::run(const std::atomic<bool>& stop, const std::atomic<bool>& silenced) {
  std::array<epoll_event, 256> events{};
  while (!stop) {
    const int n = ::epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), timeout_ms());
    if (n < 0 && errno != EINTR) {
      log_->error("epoll_wait: {}", std::strerror(errno));
      return;
    }
    for (int i = 0; i < n; ++i)
      on_event(events[i].data.u64, events[i].events, silenced);
    run_timers();
    check_silences();
    log_stats();
  }
}

int event_loop::timeout_ms() const {
  auto wait = std::chrono::milliseconds{100}; // to notice the stop flag
  const auto now = clock::now();
  if (!timers_.empty())
    wait = std::min(wait, std::chrono::ceil<std::chrono::milliseconds>(timers_.top().due - now));
  if (!rtu_pending_.empty())
    wait = std::min(wait, min_silence);
  return static_cast<int>(std::max<std::chrono::milliseconds::rep>(0, wait.count()));
}

void event_loop::on_event(std::uint64_t id, std::uint32_t events, const std::atomic<bool>& silenced) {
  if (id == stdin_id) {
    read_stdin();
    return;
  }
  if (listeners_.count(id)) {
    accept_all(id);
    return;
  }
  auto it = endpoints_.find(id);
  if (it == endpoints_.end())
    return;
  if (events & EPOLLOUT)
    flush(id, it->second);
  if (events & (EPOLLIN | EPOLLHUP | EPOLLERR))
    read_endpoint(id, silenced);
}

void event_loop::accept_all(std::uint64_t listener) {
  const auto& [line, socket] = listeners_.at(listener);
  for (int fd = socket.accept(); fd >= 0; fd = socket.accept()) {
    const auto id = next_id_++;
    endpoint e;
    e.fd = fd;
    e.line = line;
    e.name = lines_[line].station.name() + "#" + std::to_string(id);
    if (lines_[line].station.framing() == modbus::framing::tcp)
      e.mbap.emplace(modbus::framing::tcp);
    else
      e.rtu.emplace(lines_[line].station.mercury_addresses());
    endpoints_.emplace(id, std::move(e));
    if (auto err = watch(id, fd)) {
      log_->warn("{}: {}", lines_[line].station.name(), describe(err));
      close_endpoint(id, "cannot watch");
      continue;
    }
    log_->debug("{}: connection {} on port {}", lines_[line].station.name(), id, socket.port());
  }
}

void event_loop::read_endpoint(std::uint64_t id, const std::atomic<bool>& silenced) {
  std::array<std::uint8_t, 4096> buffer{};
  for (;;) {
    auto it = endpoints_.find(id);
    if (it == endpoints_.end())
      return;
    auto& e = it->second;
    const auto n = ::read(e.fd, buffer.data(), buffer.size());
    if (n > 0) {
      e.last_byte = clock::now();
      if (e.mbap)
        e.mbap->feed(std::span{buffer}.first(static_cast<std::size_t>(n)));
      else
        e.rtu->feed(std::span{buffer}.first(static_cast<std::size_t>(n)));
      cut_frames(id, e, silenced);
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EINTR))
      return;
    if (e.connection) {
      close_endpoint(id, n == 0 ? "closed by the peer" : std::strerror(errno));
    } else { // a pty whose reader went away: keep serving whoever opens it next
      log_->debug("{}: {}", e.name, n == 0 ? "end of input" : std::strerror(errno));
      return;
    }
    return;
  }
}

void event_loop::cut_frames(std::uint64_t id, endpoint& e, const std::atomic<bool>& silenced) {
  // answer() may close the endpoint (the drop fault): look it up again after each frame.
  if (e.mbap) {
    while (auto item = e.mbap->next()) {
      if (!item->is_frame()) {
        log_->debug("{}: skipped {} bytes: {}", e.name, item->bytes.size(), describe(item->error));
        continue;
      }
      answer(id, e, item->bytes, false, silenced);
      if (!endpoints_.count(id))
        return;
    }
    return;
  }
  while (auto frame = e.rtu->next()) {
    answer(id, e, frame->bytes, frame->mercury, silenced);
    if (!endpoints_.count(id))
      return;
  }
  if (e.rtu->buffered() > 0)
    rtu_pending_.insert(id);
  else
    rtu_pending_.erase(id);
}

void event_loop::answer(std::uint64_t id, endpoint& e, std::span<const std::uint8_t> frame, bool mercury,
                        bool silenced) {
  auto& line = lines_[e.line];
  ++frames_;
  const sim_time now{clock_.model_ms(), clock_.host_ms()};
  auto reply = line.station.on_frame(frame, mercury, faults_, silenced, now, line.rng);
  if (reply.faults.any()) {
    ++faulted_;
    log_->debug("{}: device {}: fault {}", e.name, reply.device, reply.faults.describe());
  }
  if (!reply.note.empty())
    log_->debug("{}: {}", e.name, reply.note);
  if (reply.drop) {
    if (e.connection) {
      close_endpoint(id, "drop fault");
      return;
    }
    log_->debug("{}: the drop fault on a pty is silence: there is no connection to close", e.name);
  }
  if (reply.bytes.empty())
    return;
  ++answers_;
  auto delay = clock::duration{reply.faults.slow ? settings_.slow_delay : std::chrono::milliseconds{0}};
  if (line.format.baud > 0) // the request's and the answer's time on the wire, and the silence between them
    delay += modbus::transmission_time(line.format, frame.size()) + modbus::inter_frame_delay(line.format)
             + modbus::transmission_time(line.format, reply.bytes.size());
  const auto now_steady = clock::now();
  if (delay == clock::duration::zero() && e.busy_until <= now_steady && e.out.empty()) {
    send(id, e, std::move(reply.bytes));
    return;
  }
  // Answers leave in the order of their requests, as a device that works through one request at a time.
  e.busy_until = std::max(e.busy_until, now_steady) + delay;
  timers_.push({e.busy_until, id, std::move(reply.bytes)});
}

void event_loop::send(std::uint64_t id, endpoint& e, std::vector<std::uint8_t> bytes) {
  e.out.insert(e.out.end(), bytes.begin(), bytes.end());
  flush(id, e);
}

void event_loop::flush(std::uint64_t id, endpoint& e) {
  std::size_t written = 0;
  while (written < e.out.size()) {
    const auto n = ::write(e.fd, e.out.data() + written, e.out.size() - written);
    if (n > 0) {
      written += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0 && errno != EAGAIN) {
      if (e.connection) {
        close_endpoint(id, std::strerror(errno));
        return;
      }
      written = e.out.size(); // nobody reads the pty: what it would have said is lost, as on a dead bus
    }
    break;
  }
  e.out.erase(e.out.begin(), e.out.begin() + static_cast<std::ptrdiff_t>(written));
  epoll_event ev{};
  ev.events = EPOLLIN | (e.out.empty() ? 0u : static_cast<std::uint32_t>(EPOLLOUT));
  ev.data.u64 = id;
  ::epoll_ctl(epoll_, EPOLL_CTL_MOD, e.fd, &ev);
}

void event_loop::close_endpoint(std::uint64_t id, const char* why) {
  auto it = endpoints_.find(id);
  if (it == endpoints_.end())
    return;
  log_->debug("{}: closed: {}", it->second.name, why);
  ::epoll_ctl(epoll_, EPOLL_CTL_DEL, it->second.fd, nullptr);
  if (it->second.connection)
    ::close(it->second.fd);
  rtu_pending_.erase(id);
  endpoints_.erase(it);
}

void event_loop::run_timers() {
  const auto now = clock::now();
  while (!timers_.empty() && timers_.top().due <= now) {
    auto p = timers_.top();
    timers_.pop();
    if (auto it = endpoints_.find(p.endpoint); it != endpoints_.end())
      send(p.endpoint, it->second, std::move(p.bytes));
  }
}

void event_loop::check_silences() {
  const auto now = clock::now();
  for (auto it = rtu_pending_.begin(); it != rtu_pending_.end();) {
    auto e = endpoints_.find(*it);
    if (e == endpoints_.end() || e->second.rtu->buffered() == 0) {
      it = rtu_pending_.erase(it);
      continue;
    }
    if (now - e->second.last_byte >= silence_of(lines_[e->second.line].format)) {
      log_->debug("{}: {} bytes before a silence started no frame", e->second.name, e->second.rtu->silence());
      it = rtu_pending_.erase(it);
      continue;
    }
    ++it;
  }
}

void event_loop::read_stdin() {
  char buffer[512];
  const auto n = ::read(STDIN_FILENO, buffer, sizeof buffer);
  if (n <= 0) { // end of input: no more control lines
    ::epoll_ctl(epoll_, EPOLL_CTL_DEL, STDIN_FILENO, nullptr);
    return;
  }
  stdin_buffer_.append(buffer, static_cast<std::size_t>(n));
  for (auto nl = stdin_buffer_.find('\n'); nl != std::string::npos; nl = stdin_buffer_.find('\n')) {
    const auto line = stdin_buffer_.substr(0, nl);
    stdin_buffer_.erase(0, nl + 1);
    std::cout << control_(line) << std::endl;
  }
}

void event_loop::log_stats() {
  const auto now = clock::now();
  if (now - stats_at_ < settings_.stats_interval)
    return;
  stats_at_ = now;
  if (frames_ > 0)
    log_->info("{} requests, {} answered, {} with a fault, {} connections open", frames_, answers_, faulted_,
               endpoints_.size());
  frames_ = answers_ = faulted_ = 0;
}

} // namespace meterhub::modbus_sim
