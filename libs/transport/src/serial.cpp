#include <cerrno>
#include <charconv>
#include <cstring>

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include "meterhub/transport/transport.hpp"

namespace meterhub::transport {

namespace {

std::optional<speed_t> speed_of(unsigned rate);

/// A serial device (or a pty's slave side opened as one): the rate can change while it is open.
class fd_stream final : public byte_stream {
public:
  fd_stream(int fd, std::string name) : byte_stream(fd, std::move(name)) {}

  caf::error set_baud(unsigned baud) override {
    auto speed = speed_of(baud);
    if (!speed)
      return make_error(transport_errc::bad_settings, describe() + ": unsupported baud rate " + std::to_string(baud));
    termios tio{};
    if (::tcgetattr(fd(), &tio) != 0 || ::cfsetispeed(&tio, *speed) != 0 || ::cfsetospeed(&tio, *speed) != 0 ||
        ::tcsetattr(fd(), TCSADRAIN, &tio) != 0)
      return make_error(transport_errc::io_error, describe() + ": cannot set " + std::to_string(baud) +
                                                    " Bd: " + std::strerror(errno));
    return {};
  }

  caf::error drain() override {
    if (::tcdrain(fd()) != 0)
      return make_error(transport_errc::io_error, describe() + ": tcdrain: " + std::strerror(errno));
    return {};
  }
};

struct baud_entry {
  unsigned rate;
  speed_t code;
};

constexpr baud_entry baud_rates[] = {
  {300, B300},       {600, B600},       {1200, B1200},     {2400, B2400},     {4800, B4800},
  {9600, B9600},     {19200, B19200},   {38400, B38400},   {57600, B57600},   {115200, B115200},
  {230400, B230400}, {460800, B460800}, {500000, B500000}, {576000, B576000}, {921600, B921600},
};

std::optional<speed_t> speed_of(unsigned rate) {
  for (const auto& b : baud_rates)
    if (b.rate == rate)
      return b.code;
  return std::nullopt;
}

void apply(termios& tio, const serial_settings& s, speed_t speed) {
  cfmakeraw(&tio);
  tio.c_cflag |= CLOCAL | CREAD;
  tio.c_cflag &= ~static_cast<tcflag_t>(CSIZE | PARENB | PARODD | CSTOPB | CRTSCTS);
  static constexpr tcflag_t sizes[] = {CS5, CS6, CS7, CS8};
  tio.c_cflag |= sizes[s.data_bits - 5];
  if (s.parity != parity::none)
    tio.c_cflag |= PARENB | (s.parity == parity::odd ? PARODD : 0);
  if (s.stop_bits == 2)
    tio.c_cflag |= CSTOPB;
  tio.c_iflag &= ~static_cast<tcflag_t>(IXON | IXOFF | IXANY);
  tio.c_cc[VMIN] = 0;
  tio.c_cc[VTIME] = 0;
  cfsetispeed(&tio, speed);
  cfsetospeed(&tio, speed);
}

} // namespace

std::optional<serial_settings> serial_settings::parse(std::string_view text) {
  auto space = text.find(' ');
  if (space == std::string_view::npos || text.size() != space + 4)
    return std::nullopt;
  serial_settings s;
  auto [p, ec] = std::from_chars(text.data(), text.data() + space, s.baud);
  if (ec != std::errc{} || p != text.data() + space || !speed_of(s.baud))
    return std::nullopt;
  const char bits = text[space + 1], par = text[space + 2], stop = text[space + 3];
  if (bits < '5' || bits > '8' || (stop != '1' && stop != '2'))
    return std::nullopt;
  s.data_bits = static_cast<unsigned>(bits - '0');
  s.stop_bits = static_cast<unsigned>(stop - '0');
  switch (par) {
    case 'N': s.parity = parity::none; break;
    case 'E': s.parity = parity::even; break;
    case 'O': s.parity = parity::odd; break;
    default: return std::nullopt;
  }
  return s;
}

std::string serial_settings::to_string() const {
  const char p = parity == parity::none ? 'N' : parity == parity::even ? 'E' : 'O';
  return std::to_string(baud) + " " + std::to_string(data_bits) + p + std::to_string(stop_bits);
}

caf::expected<std::unique_ptr<byte_stream>> open_serial(const std::string& path, const serial_settings& s) {
  auto speed = speed_of(s.baud);
  if (!speed || s.data_bits < 5 || s.data_bits > 8 || (s.stop_bits != 1 && s.stop_bits != 2))
    return make_error(transport_errc::bad_settings, path + ": unsupported line settings " + s.to_string());
  int fd = ::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    return make_error(transport_errc::cannot_open, path + ": " + std::strerror(errno));
  termios tio{};
  if (::tcgetattr(fd, &tio) != 0) {
    auto err = make_error(transport_errc::cannot_open, path + ": not a serial device: " + std::strerror(errno));
    ::close(fd);
    return err;
  }
  apply(tio, s, *speed);
  if (::tcsetattr(fd, TCSANOW, &tio) != 0) {
    auto err = make_error(transport_errc::bad_settings, path + ": " + std::strerror(errno));
    ::close(fd);
    return err;
  }
  ::tcflush(fd, TCIOFLUSH);
  return std::unique_ptr<byte_stream>{std::make_unique<fd_stream>(fd, path)};
}

caf::expected<pty_pair> open_pty() {
  int master = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (master < 0)
    return make_error(transport_errc::cannot_open, std::string{"posix_openpt: "} + std::strerror(errno));
  char name[128];
  if (::grantpt(master) != 0 || ::unlockpt(master) != 0 || ::ptsname_r(master, name, sizeof name) != 0) {
    auto err = make_error(transport_errc::cannot_open, std::string{"pty setup: "} + std::strerror(errno));
    ::close(master);
    return err;
  }
  termios tio{};
  if (::tcgetattr(master, &tio) == 0) {
    cfmakeraw(&tio);
    ::tcsetattr(master, TCSANOW, &tio);
  }
  // Keep the slave open from this side: without a reader the master would get EIO on every write.
  int keep = ::open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (keep >= 0 && ::tcgetattr(keep, &tio) == 0) {
    cfmakeraw(&tio);
    ::tcsetattr(keep, TCSANOW, &tio);
  }
  class pty_master final : public byte_stream {
  public:
    pty_master(int fd, std::string n, int keep) : byte_stream(fd, std::move(n)), keep_(keep) {}
    ~pty_master() override {
      if (keep_ >= 0)
        ::close(keep_);
    }

  private:
    int keep_;
  };
  ::fcntl(master, F_SETFL, ::fcntl(master, F_GETFL) | O_NONBLOCK);
  return pty_pair{std::make_unique<pty_master>(master, std::string{"pty:"} + name, keep), name};
}

} // namespace meterhub::transport
