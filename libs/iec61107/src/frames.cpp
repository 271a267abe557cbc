#include "meterhub/iec61107/frames.hpp"

#include <array>

namespace meterhub::iec61107 {

namespace {

constexpr std::array<int, 7> rates = {300, 600, 1200, 2400, 4800, 9600, 19200};

} // namespace

std::uint8_t block_check(std::string_view bytes) noexcept {
  std::uint8_t bcc = 0;
  for (const char c : bytes)
    bcc ^= static_cast<std::uint8_t>(c);
  return bcc & 0x7F;
}

std::optional<int> baud_of(char baud_char) noexcept {
  if (baud_char < '0' || baud_char > '6')
    return std::nullopt;
  return rates[static_cast<std::size_t>(baud_char - '0')];
}

std::optional<char> baud_char_of(int baud) noexcept {
  for (std::size_t i = 0; i < rates.size(); ++i)
    if (rates[i] == baud)
      return static_cast<char>('0' + i);
  return std::nullopt;
}

std::string sign_on(std::string_view address) {
  std::string out = "/?";
  out.append(address);
  out += "!\r\n";
  return out;
}

std::string option_select(char baud_char, session_mode mode) {
  return std::string{ack, '0', baud_char, static_cast<char>(mode), '\r', '\n'};
}

std::string command_message(std::string_view command, std::string_view data) {
  std::string body{command};
  body += stx;
  body.append(data);
  body += etx;
  std::string out{soh};
  out += body;
  out += static_cast<char>(block_check(body));
  return out;
}

std::string break_message() {
  const std::string body{'B', '0', etx};
  return std::string{soh} + body + static_cast<char>(block_check(body));
}

std::string data_set(std::string_view address, std::string_view value) {
  std::string out{address};
  out += '(';
  out.append(value);
  out += ')';
  return out;
}

} // namespace meterhub::iec61107
