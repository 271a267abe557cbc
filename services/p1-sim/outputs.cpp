#include "outputs.hpp"

#include <chrono>

namespace meterhub::p1sim {

using namespace std::chrono_literals;

outputs::~outputs() {
  {
    std::lock_guard<std::mutex> guard{mutex_};
    stopping_ = true;
  }
  if (acceptor_.joinable())
    acceptor_.join();
}

caf::expected<std::string> outputs::add_pty() {
  auto pty = transport::open_pty();
  if (!pty)
    return pty.error();
  std::lock_guard<std::mutex> guard{mutex_};
  fixed_.push_back(std::move(pty->master));
  return pty->slave_path;
}

caf::expected<std::uint16_t> outputs::add_tcp(const std::string& host, std::uint16_t port) {
  auto listener = transport::tcp_listener::bind(host, port);
  if (!listener)
    return listener.error();
  listener_ = std::move(*listener);
  const auto bound = listener_->port();
  acceptor_ = std::thread([this] {
    for (;;) {
      {
        std::lock_guard<std::mutex> guard{mutex_};
        if (stopping_)
          return;
      }
      auto client = listener_->accept(200ms);
      if (client && *client) {
        std::lock_guard<std::mutex> guard{mutex_};
        clients_.push_back(std::move(*client));
      }
    }
  });
  return bound;
}

caf::error outputs::add_serial(const std::string& path, const transport::serial_settings& settings) {
  auto port = transport::open_serial(path, settings);
  if (!port)
    return port.error();
  std::lock_guard<std::mutex> guard{mutex_};
  fixed_.push_back(std::move(*port));
  return {};
}

int outputs::send(const std::string& bytes) {
  std::lock_guard<std::mutex> guard{mutex_};
  int delivered = 0;
  for (auto& out : fixed_) // nobody reading a pty: the telegram is lost, as on a real port
    delivered += out->write_all(bytes, 200ms) ? 0 : 1;
  for (auto it = clients_.begin(); it != clients_.end();) {
    if ((*it)->write_all(bytes, 500ms)) {
      it = clients_.erase(it);
    } else {
      ++delivered;
      ++it;
    }
  }
  return delivered;
}

} // namespace meterhub::p1sim
