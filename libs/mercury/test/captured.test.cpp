// Frames captured or published by other implementations (tests/data/mercury/README.md names each source).
#include <catch2/catch.hpp>

#include "meterhub/mercury/clock.hpp"
#include "meterhub/mercury/info.hpp"
#include "meterhub/mercury/items.hpp"
#include "meterhub/mercury/profile.hpp"
#include "meterhub/mercury/reply.hpp"
#include "support.hpp"

using namespace meterhub;
using namespace meterhub::mercury;
using test::error_of;
using test::exchange;
using test::hex;
using test::load_exchanges;

namespace {

/// Decodes the request of `e`, checks its reply against it and returns the reply's data.
std::vector<std::uint8_t> reply_data(const exchange& e) {
  auto request = decode_request(e.request);
  REQUIRE(request);
  CHECK(encode_request(request->address, request->request) == e.request);
  CHECK(reply_frame_length(e.reply, request->request) == e.reply.size());
  auto data = check_reply(e.reply, request->address, request->request);
  REQUIRE(data);
  return {data->begin(), data->end()};
}

/// The readings of `name`'s reply, with its request.
std::vector<reading> readings_for(const std::map<std::string, exchange>& wb, const std::string& name) {
  const auto& e = wb.at(name);
  const auto data = reply_data(e);
  auto out = readings_of(decode_request(e.request)->request, data, {}, 0);
  REQUIRE(out);
  return *out;
}

std::pair<std::string, double> only(const std::vector<reading>& rs) {
  REQUIRE(rs.size() == 1);
  return {rs[0].quantity, *rs[0].value};
}

} // namespace

TEST_CASE("WB frames: sessions and statuses") {
  const auto wb = load_exchanges("wb_mercury230.txt");
  auto open = decode_request(wb.at("open_level1").request);
  REQUIRE(open);
  CHECK(open->request == request{open_channel{access_level::user, {1, 1, 1, 1, 1, 1}}});
  CHECK(reply_data(wb.at("open_level1")).empty());
  auto admin = decode_request(wb.at("open_level2").request);
  REQUIRE(admin);
  CHECK(admin->request == request{open_channel{access_level::admin, {0x12, 0x13, 0x14, 0x15, 0x16, 0x17}}});
  const auto& no_session = wb.at("no_session");
  CHECK(error_of(check_reply(no_session.reply, 0, decode_request(no_session.request)->request)) ==
        mercury_errc::channel_not_open);
  const auto& internal = wb.at("internal_error");
  CHECK(error_of(check_reply(internal.reply, 0, decode_request(internal.request)->request)) ==
        mercury_errc::internal_error);
}

TEST_CASE("WB frames: energy from reset") {
  const auto wb = load_exchanges("wb_mercury230.txt");
  auto first = readings_for(wb, "energy1");
  REQUIRE(first.size() == 2); // A− and R− are FF: not measured
  CHECK(first[0].quantity == "1-0:1.8.0");
  CHECK(first[0].value == 3'196'200.0); // WB asserts 3196200
  CHECK(first[1].quantity == "1-0:3.8.0");
  CHECK(first[1].value == 300'444.0);
  auto second = readings_for(wb, "energy2");
  CHECK(second[0].value == 3'196'201.0);
  CHECK(second[1].value == 300'445.0);
}

TEST_CASE("WB frames: auxiliary parameters") {
  const auto wb = load_exchanges("wb_mercury230.txt");
  using q = std::pair<std::string, double>;
  CHECK(only(readings_for(wb, "u1")) == q{"1-0:32.7.0", 241.28}); // WB asserts 24128
  CHECK(only(readings_for(wb, "u2")) == q{"1-0:52.7.0", 240.43});
  CHECK(only(readings_for(wb, "u3")) == q{"1-0:72.7.0", 504.05});
  CHECK(only(readings_for(wb, "i1")) == q{"1-0:31.7.0", 0.069});
  CHECK(only(readings_for(wb, "i2")) == q{"1-0:51.7.0", 0.096});
  CHECK(only(readings_for(wb, "i3")) == q{"1-0:71.7.0", 0.102});
  CHECK(only(readings_for(wb, "frequency")) == q{"1-0:14.7.0", 1.44});
  CHECK(only(readings_for(wb, "ku1")) == q{"x:ku.1", 368.65});
  CHECK(only(readings_for(wb, "ku2")) == q{"x:ku.2", 650.25});
  CHECK(only(readings_for(wb, "ku3")) == q{"x:ku.3", 348.28});
  CHECK(only(readings_for(wb, "temperature")) == q{"x:temperature", 24.0});  // WB asserts 24
  CHECK(only(readings_for(wb, "p")) == q{"1-0:1.7.0", 5530.95});            // WB asserts 553095
  CHECK(only(readings_for(wb, "p1")) == q{"1-0:22.7.0", 5530.95});          // active bit set: export
  CHECK(only(readings_for(wb, "p2")) == q{"1-0:42.7.0", 5546.31});
  CHECK(only(readings_for(wb, "p3")) == q{"1-0:62.7.0", 5722.95});
  CHECK(only(readings_for(wb, "q")) == q{"1-0:4.7.0", 5530.95});            // reactive bit set
  CHECK(only(readings_for(wb, "q1")) == q{"1-0:24.7.0", 5530.95});
  CHECK(only(readings_for(wb, "q2")) == q{"1-0:43.7.0", 5530.95});          // reactive bit clear
  CHECK(only(readings_for(wb, "q3")) == q{"1-0:63.7.0", 5530.95});
  CHECK(only(readings_for(wb, "pf")) == q{"1-0:13.7.0", -561.287});         // WB's synthetic PF above 1
  CHECK(only(readings_for(wb, "pf3")) == q{"1-0:73.7.0", -546.918});
}

TEST_CASE("D1 frames: a reply from the meter's own address to a request for 0") {
  const auto d1 = load_exchanges("d1_meter_log.txt");
  auto time = meter_time{38, 38, 19, 5, 18, 1, 19, true};
  CHECK(decode_meter_time(reply_data(d1.at("time"))) == time);
  auto ratios = decode_ratios(reply_data(d1.at("ratios")));
  REQUIRE(ratios);
  CHECK(ratios->voltage == 1);
  CHECK(ratios->current == 1);
  CHECK(reply_data(d1.at("variant")) == hex("00 00 10"));
  const auto& month2 = d1.at("month2");
  CHECK(error_of(check_reply(month2.reply, 0, decode_request(month2.request)->request)) ==
        mercury_errc::invalid_command);
  // its open-channel frame has no level byte: not a 23x request
  CHECK(error_of(decode_request(d1.at("open").request)) == mercury_errc::bad_length);
}

TEST_CASE("LP payloads decode as their descriptions say") {
  const auto lp = load_exchanges("lp_payloads.txt");
  auto serial = decode_serial(lp.at("serial").data);
  REQUIRE(serial);
  CHECK(serial->serial_text() == "41906467");
  auto passport = decode_passport(lp.at("passport").data);
  REQUIRE(passport);
  CHECK(version_text(passport->version) == "9.0.0");
  CHECK(decode_version(lp.at("version").data) == std::array<std::uint8_t, 3>{9, 0, 0});
  CHECK(decode_network_address(lp.at("network_address").data) == std::uint8_t{0x80});
  CHECK(decode_ratios(lp.at("ratios").data));
  auto pointer = decode_profile_pointer(lp.at("profile_pointer").data);
  REQUIRE(pointer);
  CHECK(pointer->period_minutes == 30);
}
