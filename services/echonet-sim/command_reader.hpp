#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "meterhub/skstack/model.hpp"

/// The module's side of the UART line discipline (spec §1, §9.1): commands end with CR LF, or CR alone (ROPT, WOPT;
/// a following LF is dropped), or LF alone; SKSENDTO is not a line at all but a header, one space and exactly DATALEN
/// raw bytes that may contain CR LF, so it is read by count once its length token has arrived.
namespace meterhub::echonet_sim {

/// One command as the module took it.
struct command_input {
  std::string text;                  ///< the command line without terminator; for SKSENDTO the header up to DATALEN
  std::vector<std::uint8_t> payload; ///< SKSENDTO's DATALEN bytes
  bool send = false;                 ///< a SKSENDTO read by count (`payload` holds its data)
  bool bad_length = false;           ///< a SKSENDTO whose DATALEN token is not 4 hex digits: answer FAIL ER06
  bool overlong = false;             ///< more than the line limit without a terminator: answer FAIL ER09
};

class command_reader {
public:
  explicit command_reader(skstack::module_model model, std::size_t max_line = 2048) noexcept
    : model_(model), max_line_(max_line) {}

  void feed(std::string_view bytes);
  /// The next complete command, nullopt when more bytes are needed. Empty lines come out with empty text (the
  /// module stays silent on them).
  std::optional<command_input> next();

private:
  enum class send_check : std::uint8_t { not_send, need_more, ready, bad_length };
  send_check check_send(std::size_t& header_end, std::size_t& length) const;

  skstack::module_model model_;
  std::size_t max_line_;
  std::string buffer_;
  bool skip_lf_ = false; ///< the last line ended with CR: an LF right after it belongs to it
};

} // namespace meterhub::echonet_sim
