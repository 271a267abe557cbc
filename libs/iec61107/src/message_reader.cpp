#include "meterhub/iec61107/message_reader.hpp"

#include "meterhub/iec61107/error.hpp"
#include "meterhub/iec61107/frames.hpp"

namespace meterhub::iec61107 {

namespace {

message of_kind(message_kind k) {
  message m;
  m.kind = k;
  return m;
}

/// Splits a SOH block "C1 [STX data]" into its command and data.
message command_of(std::string_view body) {
  message m;
  m.kind = message_kind::command;
  m.command = std::string{body.substr(0, 2)};
  if (const auto at = body.find(stx); at != std::string_view::npos)
    m.data = std::string{body.substr(at + 1)};
  return m;
}

} // namespace

void message_reader::feed(std::string_view bytes) {
  for (char c : bytes)
    consume(opts_.clear_bit7 ? static_cast<char>(c & 0x7F) : c);
}

std::optional<caf::expected<message>> message_reader::next() {
  if (ready_.empty())
    return std::nullopt;
  auto m = std::move(ready_.front());
  ready_.pop_front();
  return m;
}

void message_reader::reset() {
  state_ = state::idle;
  current_.clear();
  ready_.clear();
}

void message_reader::emit(caf::expected<message> m) {
  ready_.push_back(std::move(m));
  state_ = state::idle;
  current_.clear();
}

void message_reader::start(char c) {
  switch (c) {
    case '/':
      state_ = state::ident_line;
      current_ = "/";
      return;
    case soh:
    case stx:
      state_ = state::block;
      opener_ = c;
      saw_eot_ = false;
      current_.clear();
      return;
    case ack:
      if (opts_.role != reader_role::reading_meter) {
        state_ = state::after_ack; // a bare ACK, or the start of an option select
        return;
      }
      emit(of_kind(message_kind::ack));
      return;
    case nak:
      emit(of_kind(message_kind::nak));
      return;
    default: {
      message m;
      m.byte = c;
      emit(std::move(m));
    }
  }
}

void message_reader::consume(char c) {
  if (state_ == state::idle)
    return start(c);
  if (state_ == state::block_check)
    return finish_block(c);
  if (state_ == state::after_ack) {
    if (c >= '0' && c <= '9') {
      state_ = state::option_line;
      current_ = std::string{c};
      return;
    }
    emit(of_kind(message_kind::ack));
    return start(c);
  }
  // Lines are short (an identification is at most 25 bytes): a line that runs on is noise, not a message.
  const std::size_t limit = state_ == state::option_line ? 5 : state_ == state::ident_line ? 64 : opts_.max_message;
  if (current_.size() >= limit) {
    emit(make_error(iec61107_errc::malformed_message, "message longer than " + std::to_string(limit) + " bytes"));
    return;
  }
  current_ += c;
  if (state_ == state::ident_line && c == '\n')
    return finish_line();
  if (state_ == state::option_line && c == '\n')
    return finish_option_select();
  if (state_ == state::block && (c == etx || c == eot)) {
    saw_eot_ = c == eot;
    state_ = state::block_check;
  }
}

void message_reader::finish_line() {
  const bool sign_on = opts_.role == reader_role::meter ||
                       (opts_.role == reader_role::capture && current_.compare(0, 2, "/?") == 0);
  if (sign_on) {
    // "/?" [address] "!" CR LF; the address may be empty.
    const bool ok = current_.size() >= 5 && current_.compare(0, 2, "/?") == 0 &&
                    current_.compare(current_.size() - 3, 3, "!\r\n") == 0;
    if (!ok)
      return emit(make_error(iec61107_errc::malformed_message, "sign-on is not \"/?[address]!\""));
    message m = of_kind(message_kind::sign_on);
    m.address = current_.substr(2, current_.size() - 5);
    return emit(std::move(m));
  }
  auto id = parse_identification(current_);
  if (!id)
    return emit(std::move(id.error()));
  message m = of_kind(message_kind::identification);
  m.ident = std::move(*id);
  emit(std::move(m));
}

void message_reader::finish_option_select() {
  // protocol, Z, mode, CR, LF
  if (current_.size() != 5 || current_.compare(3, 2, "\r\n") != 0)
    return emit(make_error(iec61107_errc::malformed_message, "option select is not ACK 0 Z Y CR LF"));
  message m = of_kind(message_kind::option_select);
  m.baud_char = current_[1];
  m.mode = current_[2];
  emit(std::move(m));
}

void message_reader::finish_block(char bcc) {
  // §3: the BCC covers everything after the opening SOH/STX up to and including ETX; it may take any value,
  // ETX and ACK included, so it is read as exactly one byte after the end, never scanned for.
  if (static_cast<std::uint8_t>(bcc) != block_check(current_))
    return emit(make_error(iec61107_errc::bad_bcc, "block check character does not match"));
  std::string_view body{current_};
  body.remove_suffix(1); // ETX or EOT
  message m = opener_ == soh ? command_of(body) : of_kind(message_kind::data);
  if (opener_ == stx)
    m.data = std::string{body};
  m.partial = saw_eot_;
  emit(std::move(m));
}

} // namespace meterhub::iec61107
