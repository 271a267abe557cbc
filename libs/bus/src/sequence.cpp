#include "meterhub/bus/sequence.hpp"

#include <cerrno>
#include <cstring>
#include <string>

#include <fcntl.h>
#include <unistd.h>

#include "meterhub/bus/error.hpp"

namespace meterhub::bus {

sequence_allocator::sequence_allocator(int fd, std::uint64_t next, std::uint64_t block)
  : fd_(fd), next_(next), reserved_end_(next), block_(block) {
}

sequence_allocator::~sequence_allocator() {
  ::close(fd_);
}

caf::expected<std::unique_ptr<sequence_allocator>> sequence_allocator::open(const std::filesystem::path& file,
                                                                          std::uint64_t block) {
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0640);
  if (fd < 0)
    return make_error(bus_errc::io_error, "cannot open " + file.string() + ": " + std::strerror(errno));
  char buf[32] = {};
  auto n = ::pread(fd, buf, sizeof buf - 1, 0);
  std::uint64_t start = 1;
  if (n > 0)
    start = std::max<std::uint64_t>(1, std::strtoull(buf, nullptr, 10));
  return std::unique_ptr<sequence_allocator>{new sequence_allocator(fd, start, block)};
}

caf::error sequence_allocator::reserve() {
  reserved_end_ = next_ + block_;
  auto text = std::to_string(reserved_end_) + "\n";
  if (::pwrite(fd_, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size()) ||
      ::ftruncate(fd_, static_cast<off_t>(text.size())) != 0 || ::fdatasync(fd_) != 0)
    return make_error(bus_errc::io_error, std::string{"cannot reserve sequence numbers: "} + std::strerror(errno));
  return {};
}

caf::expected<std::uint64_t> sequence_allocator::next() {
  if (next_ >= reserved_end_)
    if (auto err = reserve())
      return err;
  return next_++;
}

} // namespace meterhub::bus
