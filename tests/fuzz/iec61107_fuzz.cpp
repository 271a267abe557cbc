// libFuzzer target for everything that decodes bytes from an IEC 62056-21 line: the message reader, the data-set
// and identification parsers, and the session state machine fed the same bytes as a meter's answers. The first byte
// picks the chunk size and the session settings; a chunk starting with 0xFF stands for a timeout instead of bytes.
#include <cstdint>
#include <string_view>

#include "meterhub/iec61107/data_sets.hpp"
#include "meterhub/iec61107/message_reader.hpp"
#include "meterhub/iec61107/session.hpp"

using namespace meterhub::iec61107;

namespace {

void decode_all(std::string_view input, bool clear_bit7) {
  message_reader reader{{512, clear_bit7}};
  reader.feed(input);
  while (auto m = reader.next())
    if (*m && (*m)->kind == message_kind::data) {
      (void) parse_reply((*m)->data);
      (void) parse_data_block((*m)->data);
    }
}

session_settings settings_of(std::uint8_t selector) {
  session_settings s;
  s.interface = (selector & 0x40) != 0 ? line_interface::optical : line_interface::rs485;
  s.initial_baud = s.interface == line_interface::optical ? 300 : 9600;
  s.mode = (selector & 0x20) != 0 ? session_mode::readout : session_mode::programming;
  s.keep_open = (selector & 0x10) != 0;
  if ((selector & 0x08) != 0)
    s.password = "12345678";
  return s;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0)
    return 0;
  std::string_view input{reinterpret_cast<const char*>(data + 1), size - 1};
  decode_all(input, (data[0] & 0x80) != 0);
  const std::size_t chunk = 1 + data[0] % 16;
  session s{settings_of(data[0]), {request::read("200700FF"), request::write("00090100", "120000")}};
  auto actions = s.start();
  for (std::size_t at = 0; at < input.size() && !s.finished(); at += chunk) {
    auto piece = input.substr(at, chunk);
    actions = static_cast<std::uint8_t>(piece[0]) == 0xFF ? s.on_timeout() : s.on_bytes(piece);
    if (!actions.empty() && actions.back().what == action::kind::idle)
      actions = (piece[0] & 1) != 0 ? s.submit({request::read("100700FF")}) : s.close();
  }
  return 0;
}
