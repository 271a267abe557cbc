#include "commands.hpp"

#include <array>
#include <fstream>
#include <iostream>
#include <iterator>

#include "meterhub/service/service.hpp"
#include "meterhub/wire/json.hpp"

namespace meterhub::p1 {

namespace {

void print(const decoded_telegram& t, const std::string& device, const meter_settings& meter) {
  const auto id = device.empty() ? device_id_for(t.equipment_id, meter.port_text) : device;
  for (const auto& r : t.readings)
    std::cout << wire::to_json(id, r).dump() << "\n";
}

} // namespace

int decode_file(const std::string& path, const meter_settings& meter, const std::string& device) {
  std::string bytes;
  if (path == "-") {
    bytes.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::cerr << "meterhub-p1: cannot read " << path << "\n";
      return 66;
    }
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  telegram_decoder decoder{meter.decoding};
  decoder.feed(bytes);
  decoder.flush_idle();
  int telegrams = 0, rejected = 0;
  const auto now = service::now_ms();
  while (auto t = decoder.next(now)) {
    ++telegrams;
    if (!t->problem.empty()) {
      ++rejected;
      std::cerr << "meterhub-p1: telegram " << telegrams << ": " << t->problem << "\n";
    }
    if (t->accepted)
      print(*t, device, meter);
  }
  if (telegrams == 0) {
    std::cerr << "meterhub-p1: no telegram found in " << path << " (" << decoder.dropped_bytes()
              << " bytes outside telegrams)\n";
    return 1;
  }
  return rejected == 0 ? 0 : 1;
}

int read_once(const meter_settings& meter, const std::string& device, std::chrono::milliseconds timeout) {
  auto stream = transport::open_endpoint(meter.port, meter.serial, std::chrono::seconds(5));
  if (!stream) {
    std::cerr << "meterhub-p1: " << describe(stream.error()) << "\n";
    return 69;
  }
  telegram_decoder decoder{meter.decoding};
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::array<char, 4096> buf;
  while (std::chrono::steady_clock::now() < deadline) {
    auto got = (*stream)->read_some(buf, std::chrono::milliseconds(200));
    if (!got) {
      std::cerr << "meterhub-p1: " << describe(got.error()) << "\n";
      return 69;
    }
    if (*got == 0)
      decoder.flush_idle();
    else
      decoder.feed({buf.data(), *got});
    while (auto t = decoder.next(service::now_ms())) {
      if (!t->problem.empty())
        std::cerr << "meterhub-p1: telegram rejected: " << t->problem << "\n";
      if (t->accepted && t->problem.empty()) {
        print(*t, device, meter);
        return 0;
      }
    }
  }
  std::cerr << "meterhub-p1: no valid telegram within " << timeout.count() / 1000 << " s on " << meter.port_text
            << "\n";
  return 1;
}

} // namespace meterhub::p1
