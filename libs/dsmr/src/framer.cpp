#include "meterhub/dsmr/framer.hpp"

#include <cstdio>
#include <cstring>

#include "meterhub/dsmr/crc16.hpp"

namespace meterhub::dsmr {

namespace {

bool is_hex(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

/// Like memchr for '\n', but also finds '\n' with the parity bit set (7E1 read as 8N1).
const char* find_newline_7bit(const char* p, std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i)
    if ((p[i] & 0x7F) == '\n')
      return p + i;
  return nullptr;
}

} // namespace

void telegram_framer::close(bool has_end) {
  ready_.push_back(raw_frame{std::move(current_), has_end});
  current_.clear();
  state_ = state::hunting;
}

void telegram_framer::feed(std::string_view bytes) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    if (state_ == state::in_frame && !at_line_start_) {
      // Fast path: copy the rest of the line in one go.
      const char* start = bytes.data() + i;
      const void* nl = opts_.clear_bit7 ? find_newline_7bit(start, bytes.size() - i)
                                        : std::memchr(start, '\n', bytes.size() - i);
      const std::size_t len = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - start) + 1
                                 : bytes.size() - i;
      const std::size_t old = current_.size();
      current_.append(start, len);
      if (opts_.clear_bit7)
        for (std::size_t k = old; k < current_.size(); ++k)
          current_[k] = static_cast<char>(current_[k] & 0x7F);
      i += len;
      at_line_start_ = nl != nullptr;
      if (current_.size() > opts_.max_frame) {
        ++oversize_;
        dropped_ += current_.size();
        current_.clear();
        state_ = state::hunting;
      }
      continue;
    }
    char c = bytes[i++];
    if (opts_.clear_bit7)
      c = static_cast<char>(c & 0x7F);
    consume(c);
  }
}

void telegram_framer::consume(char c) {
  switch (state_) {
    case state::hunting:
      if (c == '/' && at_line_start_) {
        current_.assign(1, '/');
        state_ = state::in_frame;
        at_line_start_ = false;
        return;
      }
      ++dropped_;
      at_line_start_ = c == '\n';
      return;
    case state::in_frame: // only reached at the start of a line
      if (c == '/') {     // a new header before any end line: the previous frame was cut short
        close(false);
        current_.assign(1, '/');
        state_ = state::in_frame;
        at_line_start_ = false;
        return;
      }
      current_.push_back(c);
      at_line_start_ = c == '\n';
      if (c == '!') {
        state_ = state::in_end_line;
        end_digits_ = 0;
      }
      return;
    case state::in_end_line:
      if (is_hex(c) && end_digits_ < 4) {
        current_.push_back(c);
        ++end_digits_;
      } else if (c == '\r') {
        current_.push_back(c);
      } else if (c == '\n') {
        current_.push_back(c);
        close(true);
        at_line_start_ = true;
      } else if (c == '\0') {
        // some meters put a NUL before CR LF: not part of the telegram
      } else {
        // the end line stopped early (no CR LF): the frame is complete; this byte belongs to what follows
        close(true);
        at_line_start_ = true;
        consume(c);
      }
      return;
  }
}

std::optional<raw_frame> telegram_framer::next() {
  if (ready_.empty())
    return std::nullopt;
  auto frame = std::move(ready_.front());
  ready_.pop_front();
  return frame;
}

void telegram_framer::flush_idle() {
  if (state_ == state::in_end_line)
    close(true);
  else if (state_ == state::in_frame)
    close(false);
  at_line_start_ = true;
}

std::string finish_telegram(std::string_view body) {
  char crc[8];
  std::snprintf(crc, sizeof crc, "%04X\r\n", crc16_arc(body));
  std::string out{body};
  out += crc;
  return out;
}

} // namespace meterhub::dsmr
