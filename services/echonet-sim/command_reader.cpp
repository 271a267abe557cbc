#include "command_reader.hpp"

#include <algorithm>
#include <cctype>

namespace meterhub::echonet_sim {

namespace {

constexpr std::string_view send_word = "SKSENDTO ";

bool is_terminator(char c) {
  return c == '\r' || c == '\n';
}

} // namespace

void command_reader::feed(std::string_view bytes) {
  buffer_.append(bytes);
}

/// SKSENDTO <H> <IP> <PORT> <SEC> [<SIDE>] <LEN> <DATA>: the header has 6 tokens (BP35A1) or 7 (BP35C2) counting
/// the command word, then one space and the data (spec §3, §9.3).
command_reader::send_check command_reader::check_send(std::size_t& header_end, std::size_t& length) const {
  if (buffer_.size() < send_word.size())
    return send_word.starts_with(buffer_) ? send_check::need_more : send_check::not_send;
  if (!buffer_.starts_with(send_word))
    return send_check::not_send;
  const std::size_t wanted = model_ == skstack::module_model::bp35a1 ? 6 : 7;
  std::size_t tokens = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < buffer_.size(); ++i) {
    if (is_terminator(buffer_[i]))
      return send_check::not_send; // ended as a line before its length: a short command, ER05
    if (buffer_[i] != ' ')
      continue;
    if (i > start && ++tokens == wanted) {
      const auto token = std::string_view{buffer_}.substr(start, i - start);
      if (token.size() != 4 || !std::all_of(token.begin(), token.end(), [](char c) { return std::isxdigit(c); })) {
        header_end = i;
        return send_check::bad_length;
      }
      header_end = i;
      length = std::stoul(std::string{token}, nullptr, 16);
      return buffer_.size() >= i + 1 + length ? send_check::ready : send_check::need_more;
    }
    start = i + 1;
  }
  return send_check::need_more;
}

std::optional<command_input> command_reader::next() {
  if (skip_lf_ && !buffer_.empty()) {
    if (buffer_.front() == '\n')
      buffer_.erase(0, 1);
    skip_lf_ = false;
  }
  if (buffer_.empty())
    return std::nullopt;
  std::size_t header_end = 0;
  std::size_t length = 0;
  const auto send = check_send(header_end, length);
  if (send == send_check::ready) {
    command_input in;
    in.text = buffer_.substr(0, header_end);
    in.payload.assign(buffer_.begin() + static_cast<std::ptrdiff_t>(header_end + 1),
                      buffer_.begin() + static_cast<std::ptrdiff_t>(header_end + 1 + length));
    in.send = true;
    buffer_.erase(0, header_end + 1 + length);
    return in;
  }
  if (send == send_check::bad_length) {
    command_input in;
    in.text = buffer_.substr(0, header_end);
    in.bad_length = true;
    buffer_.erase(0, header_end + 1);
    return in;
  }
  if (send == send_check::need_more)
    return std::nullopt; // a SKSENDTO header or its data still arriving: CR LF inside the data end nothing
  const auto end = std::find_if(buffer_.begin(), buffer_.end(), is_terminator);
  if (end == buffer_.end()) {
    if (buffer_.size() <= max_line_)
      return std::nullopt;
    buffer_.clear();
    command_input in;
    in.overlong = true;
    return in;
  }
  command_input in;
  in.text.assign(buffer_.begin(), end);
  skip_lf_ = *end == '\r';
  buffer_.erase(buffer_.begin(), end + 1);
  return in;
}

} // namespace meterhub::echonet_sim
