// libFuzzer target for everything that decodes bytes from a P1 port: both framers, the parser, the conversion to
// readings and the decryption. The first byte picks the chunk size so read boundaries vary too.
#include <cstdint>
#include <string_view>

#include "meterhub/dsmr/framer.hpp"
#include "meterhub/dsmr/readings.hpp"
#include "meterhub/dsmr/smarty.hpp"
#include "meterhub/dsmr/telegram.hpp"

using namespace meterhub::dsmr;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0)
    return 0;
  const std::size_t chunk = 1 + data[0] % 64;
  std::string_view input{reinterpret_cast<const char*>(data + 1), size - 1};
  telegram_framer framer{{2048, (data[0] & 0x80) != 0}};
  smarty_framer envelopes{1024};
  static const smarty_keys keys{*parse_aes_key("000102030405060708090A0B0C0D0E0F"), smarty_default_auth_key};
  for (std::size_t at = 0; at < input.size(); at += chunk) {
    auto piece = input.substr(at, chunk);
    framer.feed(piece);
    envelopes.feed(piece);
    while (auto frame = framer.next())
      if (auto t = parse_telegram(frame->text)) {
        auto readings = to_readings(*t, {});
        for (const auto& r : readings)
          (void) classify(r);
        (void) equipment_id(*t);
      }
    while (auto env = envelopes.next())
      (void) decrypt_smarty(*env, keys);
  }
  framer.flush_idle();
  while (auto frame = framer.next())
    if (auto t = parse_telegram(frame->text))
      (void) to_readings(*t, {});
  // Whole input as one frame too: the parser must survive anything the framer could ever hand it.
  if (auto t = parse_telegram(input))
    (void) to_readings(*t, {});
  (void) parse_meter_time(input.substr(0, 13), time_zone::eu_central());
  return 0;
}
