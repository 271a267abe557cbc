#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include <caf/expected.hpp>

/// The few socket operations libmodbus does not do for us: a TCP connection for RTU over TCP, draining what a
/// socket still holds, and the raw timed exchange that Mercury 23x meters on a shared line need.
namespace meterhub::modbus_link {

/// Connects to host:port within `timeout` (TCP_NODELAY set); the caller owns the descriptor.
caf::expected<int> connect_socket(const std::string& host, std::uint16_t port, std::chrono::milliseconds timeout);

/// Reads and discards whatever `fd` holds right now, without waiting.
void drain_socket(int fd);

/// Writes all of `bytes`, waiting at most `timeout` in total.
caf::error write_fully(int fd, std::string_view bytes, std::chrono::milliseconds timeout);

/// Reads a reply: until `expected` bytes, or `min_reply` bytes followed by `gap` of silence; nothing at all within
/// `timeout` is `modbus_errc::timeout`, a closed peer `io_error`.
caf::expected<std::string> read_reply(int fd, std::size_t expected, std::size_t min_reply,
                                      std::chrono::milliseconds timeout, std::chrono::milliseconds gap);

} // namespace meterhub::modbus_link
