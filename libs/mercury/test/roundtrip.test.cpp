// Meter side ↔ reading side: what the simulator encodes, the reader decodes to the same values.
#include <catch2/catch.hpp>

#include "meterhub/mercury/backfill.hpp"
#include "meterhub/mercury/energy.hpp"
#include "meterhub/mercury/info.hpp"
#include "meterhub/mercury/items.hpp"
#include "meterhub/mercury/params.hpp"
#include "meterhub/mercury/profile.hpp"
#include "meterhub/mercury/reply.hpp"
#include "support.hpp"

using namespace meterhub;
using namespace meterhub::mercury;

namespace {

/// One exchange through both codecs: the reader's request frame, parsed by the meter, answered with `data`,
/// checked by the reader. Returns the data the reader sees.
std::vector<std::uint8_t> exchange(std::uint8_t address, const request& r, const std::vector<std::uint8_t>& data) {
  auto frame = encode_request(address, r);
  REQUIRE(frame);
  auto seen = decode_request(*frame);
  REQUIRE(seen);
  CHECK(seen->address == address);
  CHECK(seen->request == r);
  const auto reply = data_reply(seen->address, data);
  CHECK(reply_frame_length(reply, r) == reply.size());
  auto checked = check_reply(reply, address, r);
  REQUIRE(checked);
  return {checked->begin(), checked->end()};
}

} // namespace

TEST_CASE("every request kind survives encode and meter-side decode") {
  const std::vector<request> all{
    test_link{}, open_channel{access_level::admin, {2, 2, 2, 2, 2, 2}}, close_channel{},
    set_time{{59, 59, 23, 7, 31, 12, 99, false}}, correct_time{{23, 59, 59}}, read_time{},
    read_energy{energy_array::month, 12, 4}, read_energy{energy_array::phases, 0, 0},
    read_memory{0x83, 0xFFF0, 15}, read_info{info_kind::variant}, read_aux{aux_format::all_full, 0x33}};
  for (const auto& r : all) {
    auto frame = encode_request(0xFE, r);
    REQUIRE(frame);
    auto back = decode_request(*frame);
    REQUIRE(back);
    CHECK(back->address == 0xFE);
    CHECK(back->request == r);
  }
}

TEST_CASE("status exchanges") {
  for (std::uint8_t status = 0; status <= 5; ++status) {
    auto result = check_reply(status_reply(7, status), 7, open_channel{});
    CHECK(static_cast<bool>(result) == (status == 0));
  }
}

TEST_CASE("simulated power, voltage and frequency read back as the meter meant them") {
  const request p = read_aux{aux_format::all_short, 0x00};
  const std::vector<std::optional<aux_word>> watts{aux_word{123'456, false, false}, aux_word{41'152, true, false},
                                                   aux_word{0, false, false}, std::nullopt};
  auto readings = readings_of(p, exchange(1, p, encode_aux_values(std::get<read_aux>(p), watts)), {}, 0);
  REQUIRE(readings);
  REQUIRE(readings->size() == 3);
  CHECK((*readings)[0].quantity == "1-0:1.7.0");
  CHECK((*readings)[0].value == 1234.56);
  CHECK((*readings)[1].quantity == "1-0:22.7.0");
  CHECK((*readings)[1].value == 411.52);
  CHECK((*readings)[2].quantity == "1-0:41.7.0");
  const request f = read_aux{aux_format::single, 0x40};
  auto hz = readings_of(f, exchange(1, f, encode_aux_values(std::get<read_aux>(f), {aux_word{4998, false, false}})),
                        {}, 0);
  REQUIRE(hz);
  CHECK((*hz)[0].value == 49.98);
  const request t = read_aux{aux_format::single, 0x70};
  auto temp = readings_of(t, exchange(1, t, encode_aux_values(std::get<read_aux>(t), {aux_word{0xFFF6, false, false}})),
                          {}, 0);
  REQUIRE(temp);
  CHECK((*temp)[0].value == -10.0);
  const request ku = read_aux{aux_format::single, 0x62};
  auto k = readings_of(ku, exchange(1, ku, encode_aux_values(std::get<read_aux>(ku), {aux_word{321, false, false}})),
                       {}, 0);
  REQUIRE(k);
  CHECK((*k)[0].value == 3.21);
}

TEST_CASE("simulated energies, clock, identity and profile read back") {
  const request e = read_energy{energy_array::from_reset, 0, 1};
  const std::vector<std::optional<std::uint32_t>> counts{1'201'716u, std::nullopt, 42u, 0u};
  auto energies = decode_energy_array(std::get<read_energy>(e), exchange(3, e, encode_energy_array(std::get<read_energy>(e), counts)));
  REQUIRE(energies);
  CHECK(*energies == counts);
  const meter_time now{5, 4, 3, 1, 15, 1, 24, true};
  const auto clock = encode_meter_time(now);
  CHECK(decode_meter_time(exchange(3, read_time{}, {clock.begin(), clock.end()})) == now);
  const serial_info serial{{41, 90, 64, 67}, {22, 6, 20}};
  const auto s = encode_serial(serial);
  CHECK(decode_serial(exchange(3, read_info{info_kind::serial}, {s.begin(), s.end()})) == serial);
  const profile_pointer pointer{0x0100, profile_status::winter, {10, 30, 15, 1, 24}, 30};
  const auto pb = encode_profile_pointer(pointer);
  CHECK(decode_profile_pointer(exchange(3, read_info{info_kind::profile_pointer}, {pb.begin(), pb.end()})) == pointer);
  const profile_record record{profile_status::winter, {10, 0, 15, 1, 24}, 30, {100, 0, std::nullopt, 7}};
  const auto plan = plan_profile_reads(pointer, 0, INT64_MAX, {});
  REQUIRE(plan.size() == 17);
  const auto rb = encode_profile_record(record);
  auto back = decode_profile_record(exchange(3, plan[15].request, {rb.begin(), rb.end()}));
  REQUIRE(back);
  CHECK(*back == record);
  const auto readings = profile_readings(*back, {});
  REQUIRE(readings.size() == 3);
  CHECK(readings[0].time_ms == plan[15].expected_end_ms);
}
