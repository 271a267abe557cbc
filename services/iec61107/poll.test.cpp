#include <catch2/catch.hpp>

#include "meterhub/core/time.hpp"
#include "meterhub/iec61107/error.hpp"
#include "poll.hpp"

using namespace meterhub;
using namespace meterhub::iec61107_service;
using iec61107::request;
using iec61107::request_outcome;

namespace {

request_outcome answered(const std::string& address, const std::string& value) {
  return {request::read(address), iec61107::data_set_value{address, value, {}, {}}};
}

request_outcome refused(const std::string& address) {
  return {request::read(address), make_error(iec61107::iec61107_errc::register_error, "meter answered error (01)")};
}

const reading* find(const poll_result& r, std::string_view quantity) {
  for (const auto& x : r.readings)
    if (x.quantity == quantity)
      return &x;
  return nullptr;
}

} // namespace

TEST_CASE("a poll asks for the clock first, then the family's registers the meter has not refused", "[poll]") {
  auto all = poll_requests(neva::model_family::three_phase, {});
  REQUIRE(all.size() > 10);
  CHECK(all[0].address == "000902FF");
  CHECK(all[1].address == "000901FF");
  auto fewer = poll_requests(neva::model_family::three_phase, {"200700FF"});
  CHECK(fewer.size() == all.size() - 1);
  for (const auto& r : fewer)
    CHECK(r.address != "200700FF");
}

TEST_CASE("readings carry the meter's clock in UTC and the drift against the host", "[poll]") {
  const auto host = unix_ms_from_utc(2024, 4, 14, 7, 0, 10); // the meter (UTC+3) shows 10:00:00
  auto result = interpret_poll({answered("000902FF", "240414"), answered("000901FF", "100000"),
                                answered("200700FF", "230.1"), answered("100700FF", "00015.4")},
                               {}, std::chrono::hours(3), host);
  CHECK(result.meter_clock);
  CHECK(result.time_ms == unix_ms_from_utc(2024, 4, 14, 7, 0, 0));
  REQUIRE(find(result, "x:clock_drift"));
  CHECK(find(result, "x:clock_drift")->value == -10.0);
  REQUIRE(find(result, "1-0:32.7.0"));
  CHECK(find(result, "1-0:32.7.0")->value == 230.1);
  CHECK(find(result, "1-0:32.7.0")->time_ms == result.time_ms);
  CHECK(find(result, "1-0:1.7.0")->value == 15.4);
  CHECK(result.failures.empty());
}

TEST_CASE("without the meter's clock the host time is used and readings are flagged suspicious", "[poll]") {
  auto result = interpret_poll({refused("000902FF"), answered("200700FF", "230.1")}, {}, std::chrono::hours(3), 5000);
  CHECK_FALSE(result.meter_clock);
  CHECK(result.time_ms == 5000);
  CHECK_FALSE(find(result, "x:clock_drift"));
  CHECK(find(result, "1-0:32.7.0")->has(flag::suspicious));
}

TEST_CASE("refused and undecodable registers are failures, only refusals are remembered", "[poll]") {
  auto result = interpret_poll({refused("030880FF"), answered("200700FF", "23O.1")}, {}, std::chrono::hours(0), 0);
  REQUIRE(result.failures.size() == 2);
  CHECK(result.failures[0].refused);
  CHECK(result.failures[0].address == "030880FF");
  CHECK_FALSE(result.failures[1].refused);
  CHECK(result.readings.empty());
}
