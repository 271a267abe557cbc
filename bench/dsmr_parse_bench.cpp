// DSMR parse throughput on one core: parse + CRC check + conversion to readings of a DSMR 5 three-phase telegram
// with gas, N times per run, 5 runs, median printed. Usage: dsmr_parse_bench [N] [telegram-file]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "meterhub/dsmr/readings.hpp"
#include "meterhub/dsmr/telegram.hpp"

using namespace meterhub::dsmr;

int main(int argc, char** argv) {
  const long n = argc > 1 ? std::atol(argv[1]) : 500'000;
  const std::string file = argc > 2 ? argv[2] : std::string{MH_TEST_DATA_DIR} + "/dsmr/dsmr5-three-phase-gas.txt";
  std::ifstream in(file, std::ios::binary);
  const std::string telegram{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (telegram.empty()) {
    std::fprintf(stderr, "cannot read %s\n", file.c_str());
    return 1;
  }
  std::vector<double> rates;
  std::size_t readings = 0;
  for (int run = 0; run < 5; ++run) {
    const auto start = std::chrono::steady_clock::now();
    for (long i = 0; i < n; ++i) {
      auto t = parse_telegram(telegram);
      if (!t || t->crc != crc_status::valid)
        return 2;
      readings += to_readings(*t, {}).size();
    }
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    rates.push_back(static_cast<double>(n) / took.count());
    std::printf("run %d: %.0f telegrams/s\n", run + 1, rates.back());
  }
  std::sort(rates.begin(), rates.end());
  std::printf("dsmr_parse: median %.0f telegrams/s (%zu bytes, %zu readings per telegram; target >= 200000)\n",
              rates[2], telegram.size(), readings / (5 * static_cast<std::size_t>(n)));
  return 0;
}
