#include "meterhub/bus/disk_queue.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include "meterhub/bus/error.hpp"

namespace meterhub::bus {

namespace {

constexpr std::size_t header_size = 8; // u32 length, u32 checksum (little endian)

std::uint32_t checksum(std::string_view data) noexcept {
  std::uint32_t h = 2166136261u; // FNV-1a: enough to tell a torn write from a record
  for (unsigned char c : data)
    h = (h ^ c) * 16777619u;
  return h;
}

void put_u32(char* out, std::uint32_t v) noexcept {
  for (int i = 0; i < 4; ++i)
    out[i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

std::uint32_t get_u32(const char* in) noexcept {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i)
    v |= static_cast<std::uint32_t>(static_cast<unsigned char>(in[i])) << (8 * i);
  return v;
}

caf::error io_error(const std::string& what, const std::filesystem::path& file) {
  return make_error(bus_errc::io_error, what + " " + file.string() + ": " + std::strerror(errno));
}

bool pread_all(int fd, char* buf, std::size_t n, std::uint64_t offset) {
  while (n > 0) {
    auto got = ::pread(fd, buf, n, static_cast<off_t>(offset));
    if (got < 0 && errno == EINTR)
      continue;
    if (got <= 0)
      return false;
    buf += got;
    n -= static_cast<std::size_t>(got);
    offset += static_cast<std::uint64_t>(got);
  }
  return true;
}

bool pwrite_all(int fd, const char* buf, std::size_t n, std::uint64_t offset) {
  while (n > 0) {
    auto put = ::pwrite(fd, buf, n, static_cast<off_t>(offset));
    if (put < 0 && errno == EINTR)
      continue;
    if (put <= 0)
      return false;
    buf += put;
    n -= static_cast<std::size_t>(put);
    offset += static_cast<std::uint64_t>(put);
  }
  return true;
}

} // namespace

disk_queue::disk_queue(std::filesystem::path dir, limits lim) : dir_(std::move(dir)), limits_(lim) {
}

disk_queue::~disk_queue() {
  for (auto& seg : segments_)
    ::close(seg.fd);
  if (head_fd_ >= 0)
    ::close(head_fd_);
}

caf::expected<std::unique_ptr<disk_queue>> disk_queue::open(const std::filesystem::path& dir, limits lim) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    return make_error(bus_errc::io_error, "cannot create " + dir.string() + ": " + ec.message());
  std::unique_ptr<disk_queue> queue{new disk_queue(dir, lim)};
  if (auto err = queue->load())
    return err;
  return queue;
}

std::filesystem::path disk_queue::segment_path(std::uint64_t first_id) const {
  char name[32];
  std::snprintf(name, sizeof name, "%020llu.seg", static_cast<unsigned long long>(first_id));
  return dir_ / name;
}

caf::error disk_queue::load() {
  std::vector<std::uint64_t> firsts;
  for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
    const auto name = entry.path().filename().string();
    if (entry.path().extension() == ".seg" && name.size() == 24)
      firsts.push_back(std::stoull(name.substr(0, 20)));
  }
  std::sort(firsts.begin(), firsts.end());
  for (auto first : firsts) {
    auto seg = scan_segment(segment_path(first), first);
    if (!seg)
      return seg.error();
    total_bytes_ += seg->size;
    segments_.push_back(*seg);
  }
  head_fd_ = ::open((dir_ / "head").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0640);
  if (head_fd_ < 0)
    return io_error("cannot open", dir_ / "head");
  char buf[8] = {};
  std::uint64_t stored = 0;
  if (pread_all(head_fd_, buf, 8, 0))
    stored = get_u32(buf) | (static_cast<std::uint64_t>(get_u32(buf + 4)) << 32);
  const std::uint64_t first = segments_.empty() ? stored : segments_.front().first_id;
  head_ = std::clamp(stored, first, std::max(first, next_id()));
  if (segments_.empty())
    if (auto err = start_segment(head_))
      return err;
  release_done_segments();
  read_ = position_of(head_);
  return {};
}

caf::expected<disk_queue::segment> disk_queue::scan_segment(const std::filesystem::path& file,
                                                            std::uint64_t first_id) {
  segment seg;
  seg.first_id = first_id;
  seg.fd = ::open(file.c_str(), O_RDWR | O_CLOEXEC);
  if (seg.fd < 0)
    return io_error("cannot open", file);
  std::string data;
  char header[header_size];
  while (pread_all(seg.fd, header, header_size, seg.size)) {
    const auto len = get_u32(header);
    if (len > limits_.segment_bytes)
      break;
    data.resize(len);
    if (!pread_all(seg.fd, data.data(), len, seg.size + header_size) || checksum(data) != get_u32(header + 4))
      break;
    seg.size += header_size + len;
    ++seg.count;
  }
  // Whatever follows the last whole record is a write torn by a crash: cut it off.
  if (::ftruncate(seg.fd, static_cast<off_t>(seg.size)) != 0)
    return io_error("cannot truncate", file);
  return seg;
}

caf::error disk_queue::start_segment(std::uint64_t first_id) {
  const auto file = segment_path(first_id);
  int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0)
    return io_error("cannot create", file);
  segments_.push_back(segment{first_id, 0, 0, fd});
  return {};
}

std::uint64_t disk_queue::next_id() const {
  if (segments_.empty())
    return head_;
  return segments_.back().first_id + segments_.back().count;
}

caf::expected<std::uint64_t> disk_queue::push(std::string_view data) {
  if (data.size() + header_size > limits_.segment_bytes)
    return make_error(bus_errc::record_too_large, std::to_string(data.size()) + " bytes");
  std::lock_guard<std::mutex> guard{mutex_};
  if (segments_.back().size + header_size + data.size() > limits_.segment_bytes)
    if (auto err = start_segment(next_id()))
      return err;
  while (total_bytes_ + header_size + data.size() > limits_.max_bytes && segments_.size() > 1)
    drop_oldest_segment();
  auto& seg = segments_.back();
  std::string buf(header_size, '\0');
  put_u32(buf.data(), static_cast<std::uint32_t>(data.size()));
  put_u32(buf.data() + 4, checksum(data));
  buf.append(data);
  if (!pwrite_all(seg.fd, buf.data(), buf.size(), seg.size))
    return io_error("cannot append to", segment_path(seg.first_id));
  seg.size += buf.size();
  total_bytes_ += buf.size();
  return seg.first_id + seg.count++;
}

void disk_queue::drop_oldest_segment() {
  auto& oldest = segments_.front();
  const auto end = oldest.first_id + oldest.count;
  if (end > head_)
    dropped_ += end - std::max(head_, oldest.first_id);
  total_bytes_ -= oldest.size;
  ::close(oldest.fd);
  std::filesystem::remove(segment_path(oldest.first_id));
  segments_.pop_front();
  head_ = std::max(head_, end);
  acked_ahead_.erase(acked_ahead_.begin(), acked_ahead_.lower_bound(head_));
  if (read_.id < head_)
    read_ = position_of(head_);
  persist_head();
}

caf::expected<std::optional<disk_queue::record>> disk_queue::read_next() {
  std::lock_guard<std::mutex> guard{mutex_};
  return read_next_locked();
}

caf::expected<std::optional<disk_queue::record>> disk_queue::read_next_locked() {
  for (; read_.id < next_id(); ++read_.id) {
    auto* seg = segment_of(read_.id);
    if (seg == nullptr)
      return make_error(bus_errc::corrupt_queue, "record " + std::to_string(read_.id) + " has no segment");
    if (read_.id == seg->first_id) // after the last record of a segment the cursor still holds that segment's end
      read_.offset = 0;
    char header[header_size];
    if (!pread_all(seg->fd, header, header_size, read_.offset))
      return io_error("cannot read", segment_path(seg->first_id));
    const auto length = get_u32(header);
    if (read_.offset + header_size + length > seg->size)
      return skip_damaged(*seg, "runs past the end of the file");
    const auto at = read_.offset + header_size;
    if (acked_ahead_.count(read_.id) != 0) { // done already (acknowledged out of order before a rewind)
      read_.offset = at + length;
      continue;
    }
    record rec{read_.id, std::string(length, '\0')};
    if (!pread_all(seg->fd, rec.data.data(), rec.data.size(), at))
      return io_error("cannot read", segment_path(seg->first_id));
    if (checksum(rec.data) != get_u32(header + 4))
      return skip_damaged(*seg, "fails its checksum");
    read_.offset = at + length;
    ++read_.id;
    return std::optional<record>{std::move(rec)};
  }
  return std::optional<record>{};
}

void disk_queue::rewind() {
  std::lock_guard<std::mutex> guard{mutex_};
  read_ = position_of(head_);
}

caf::error disk_queue::skip_damaged(const segment& seg, const std::string& why) {
  // Copies first: acknowledging may release the segment `seg` refers to.
  const auto damaged = read_.id;
  const auto end = seg.first_id + seg.count;
  const auto size = seg.size;
  const auto file = segment_path(seg.first_id);
  for (auto id = damaged; id < end; ++id)
    if (id >= head_ && acked_ahead_.count(id) == 0) {
      ++dropped_;
      ack_locked(id);
    }
  // The next record goes after the damaged ones: at the start of the next segment, or after the end of this one.
  read_ = cursor{end, size};
  return make_error(bus_errc::corrupt_queue, "record " + std::to_string(damaged) + " in " + file.string() + " " +
                                               why + "; skipped " + std::to_string(end - damaged) +
                                               " record(s) to the end of the file");
}

void disk_queue::ack(std::uint64_t id) {
  std::lock_guard<std::mutex> guard{mutex_};
  ack_locked(id);
}

void disk_queue::ack_locked(std::uint64_t id) {
  if (id < head_ || id >= next_id())
    return;
  if (id != head_) {
    acked_ahead_.insert(id);
    return;
  }
  ++head_;
  while (!acked_ahead_.empty() && *acked_ahead_.begin() == head_) {
    acked_ahead_.erase(acked_ahead_.begin());
    ++head_;
  }
  release_done_segments();
  persist_head();
}

void disk_queue::release_done_segments() {
  // Keep the last segment even when done: it is where the next record goes.
  while (segments_.size() > 1 && segments_.front().first_id + segments_.front().count <= head_) {
    total_bytes_ -= segments_.front().size;
    ::close(segments_.front().fd);
    std::filesystem::remove(segment_path(segments_.front().first_id));
    segments_.pop_front();
  }
}

void disk_queue::persist_head() {
  char buf[8];
  put_u32(buf, static_cast<std::uint32_t>(head_ & 0xFFFFFFFFu));
  put_u32(buf + 4, static_cast<std::uint32_t>(head_ >> 32));
  // Best effort: a lost head write only means records are replayed, which consumers tolerate.
  [[maybe_unused]] bool ok = pwrite_all(head_fd_, buf, 8, 0);
}

disk_queue::segment* disk_queue::segment_of(std::uint64_t id) {
  for (auto& seg : segments_)
    if (id >= seg.first_id && id < seg.first_id + seg.count)
      return &seg;
  return nullptr;
}

disk_queue::cursor disk_queue::position_of(std::uint64_t id) {
  auto* seg = segment_of(id);
  if (seg == nullptr)
    return cursor{std::max(id, next_id()), segments_.empty() ? 0 : segments_.back().size};
  cursor pos{seg->first_id, 0};
  char header[header_size];
  while (pos.id < id && pread_all(seg->fd, header, header_size, pos.offset)) {
    pos.offset += header_size + get_u32(header);
    ++pos.id;
  }
  return pos;
}

std::uint64_t disk_queue::pending() const {
  std::lock_guard<std::mutex> guard{mutex_};
  return next_id() - head_ - acked_ahead_.size();
}

std::uint64_t disk_queue::bytes() const {
  std::lock_guard<std::mutex> guard{mutex_};
  return total_bytes_;
}

std::uint64_t disk_queue::dropped() const {
  std::lock_guard<std::mutex> guard{mutex_};
  return dropped_;
}

std::uint64_t disk_queue::head() const {
  std::lock_guard<std::mutex> guard{mutex_};
  return head_;
}

} // namespace meterhub::bus
