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
  if (current_.size() >= opts_.max_message) {
    emit(make_error(iec61107_errc::malformed_message, "message longer than " + std::to_string(opts_.max_message)));
    return;
  }
  current_ += c;
  if (state_ == state::ident_line && c == '\n') {
    auto id = parse_identification(current_);
    if (!id)
      return emit(std::move(id.error()));
    message m = of_kind(message_kind::identification);
    m.ident = std::move(*id);
    return emit(std::move(m));
  }
  if (state_ == state::block && (c == etx || c == eot)) {
    saw_eot_ = c == eot;
    state_ = state::block_check;
  }
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
