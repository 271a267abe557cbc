// A whole Sagemcom T211 telegram through meterhub-p1's codec (libs/dsmr) and the VSCP translation, compared line by
// line with what vscp-python-p1-power-meter publishes for it: tests/data/vscp/make_t211_events.py builds those
// messages with Python's own json.dumps and repr, with the value text decided in shared/specs/vscp.md §10.
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "meterhub/dsmr/readings.hpp"
#include "meterhub/dsmr/telegram.hpp"
#include "support.hpp"

using namespace meterhub;
using namespace meterhub::vscp;
using namespace meterhub::vscp::test;

namespace {

std::string file(const std::string& path) {
  std::ifstream in(std::string{MH_TEST_DATA_DIR} + "/" + path, std::ios::binary);
  REQUIRE(in);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// "topic\tpayload" lines.
std::vector<message> expected(const std::string& path) {
  std::vector<message> out;
  const auto text = file(path);
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto end = text.find('\n', pos);
    const auto line = text.substr(pos, end - pos);
    const auto tab = line.find('\t');
    out.push_back({line.substr(0, tab), line.substr(tab + 1), 0, false});
    pos = end + 1;
  }
  return out;
}

reading_batch t211_batch() {
  auto t = dsmr::parse_telegram(file("dsmr/han-se-t211.txt"));
  REQUIRE(t);
  dsmr::reading_options opts;
  opts.zone = dsmr::time_zone::fixed(60);
  return make_batch(dsmr::to_readings(*t, opts));
}

} // namespace

TEST_CASE("a T211 telegram gives the script's 26 events") {
  const auto batch = t211_batch();
  const auto want = expected("vscp/t211-events.txt");
  const auto got = translate_batch(batch, example_settings(), example_now_ms);
  CHECK(got.skipped.empty());
  REQUIRE(got.messages.size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    INFO(want[i].topic);
    CHECK(got.messages[i] == want[i]);
  }
}

TEST_CASE("a T211 telegram in no_vscp mode gives the notes and bare values") {
  auto s = example_settings();
  s.no_vscp = true;
  const auto want = expected("vscp/t211-no-vscp.txt");
  const auto got = translate(t211_batch(), s, example_now_ms);
  REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i)
    CHECK(got[i] == want[i]);
}
