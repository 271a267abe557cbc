#include "line_modes.hpp"

#include <atomic>
#include <list>
#include <thread>

namespace meterhub::iec61107sim {

using namespace std::chrono_literals;

namespace {

/// A client being served; `done` tells the acceptor it can be joined.
struct client_thread {
  std::thread thread;
  std::shared_ptr<std::atomic<bool>> done = std::make_shared<std::atomic<bool>>(false);
};

void join_finished(std::list<client_thread>& clients, bool all) {
  for (auto it = clients.begin(); it != clients.end();) {
    if (all || *it->done) {
      it->thread.join();
      it = clients.erase(it);
    } else {
      ++it;
    }
  }
}

} // namespace

caf::expected<std::unique_ptr<tcp_server>> tcp_server::bind(const std::string& host, std::uint16_t port) {
  auto listener = transport::tcp_listener::bind(host, port);
  if (!listener)
    return listener.error();
  return std::unique_ptr<tcp_server>{new tcp_server{std::move(*listener)}};
}

void tcp_server::run(line_context& ctx) {
  std::list<client_thread> clients;
  std::uint64_t serial = 0;
  while (!ctx.stop) {
    join_finished(clients, false);
    auto client = listener_->accept(200ms);
    if (!client) {
      ctx.log->warn("accept failed: {}", describe(client.error()));
      sleep_unless(ctx.stop, 200ms);
      continue;
    }
    if (!*client)
      continue;
    ctx.log->info("{}: connected", (*client)->describe());
    client_thread c;
    c.thread = std::thread([&ctx, stream = std::move(*client), done = c.done, seed = ctx.seed + ++serial]() mutable {
      const auto end = serve_line(*stream, ctx, seed);
      ctx.log->info("{}: {}", stream->describe(), end == line_end::dropped ? "dropped (fault)" : "closed");
      stream->close();
      *done = true;
    });
    clients.push_back(std::move(c));
  }
  join_finished(clients, true);
}

void run_dialer(const dial_settings& settings, line_context& ctx) {
  std::uint64_t serial = 0;
  while (!ctx.stop) {
    auto stream = transport::connect_tcp(settings.host, settings.port, 5s);
    if (!stream) {
      ctx.log->info("dialling {}:{} failed: {}", settings.host, settings.port, describe(stream.error()));
      sleep_unless(ctx.stop, settings.redial);
      continue;
    }
    ctx.log->info("{}: connected", (*stream)->describe());
    auto err = settings.greeting.empty() ? caf::error{} : (*stream)->write_all(settings.greeting + "\r\n", 2s);
    const auto end = err ? line_end::closed : serve_line(**stream, ctx, ctx.seed + ++serial);
    ctx.log->info("{}: {}", (*stream)->describe(), end == line_end::dropped ? "dropped (fault)" : "closed");
    (*stream)->close();
    if (end != line_end::stopped)
      sleep_unless(ctx.stop, settings.redial);
  }
}

void run_pty(transport::byte_stream& master, line_context& ctx) {
  for (std::uint64_t serial = 1; !ctx.stop; ++serial) {
    const auto end = serve_line(master, ctx, ctx.seed + serial);
    if (end == line_end::closed)
      return;
    if (end == line_end::dropped)
      ctx.log->info("{}: session dropped (fault); listening again", master.describe());
  }
}

} // namespace meterhub::iec61107sim
