#include "meterhub/skstack/parser.hpp"

#include "support.hpp"

using namespace meterhub;
using namespace meterhub::skstack;
using test::as;
using test::error_of;
using test::parse;

namespace {

constexpr auto a1 = module_model::bp35a1;
constexpr auto c2 = module_model::bp35c2;

const std::vector<std::uint8_t> get_res{0x10, 0x81, 0x00, 0x01, 0x02, 0x88, 0x01, 0x05, 0xFF,
                                        0x01, 0x72, 0x01, 0xE7, 0x04, 0x00, 0x00, 0x01, 0x9A};

} // namespace

TEST_CASE("OK with and without a value, FAIL with its code") {
  CHECK(as<ok_reply>(parse(a1, "OK")).value.empty());
  CHECK(as<ok_reply>(parse(a1, "OK 01")).value == "01");
  CHECK(as<ok_reply>(parse(c2, "OK 00")).value == "00");
  CHECK(as<fail_reply>(parse(a1, "FAIL ER04")).code == 4);
  CHECK(as<fail_reply>(parse(c2, "FAIL ER10")).code == 10);
  CHECK(error_of(parse(a1, "FAIL ER1")) == skstack_errc::bad_field);
  CHECK(error_of(parse(a1, "FAIL ERAB")) == skstack_errc::bad_field);
}

TEST_CASE("BP35A1 events carry sender and optional param") {
  auto joined = as<event>(parse(a1, "EVENT 25 FE80:0000:0000:0000:021D:1290:1234:5678"));
  CHECK(joined.code() == event_code::pana_joined);
  CHECK(to_string(joined.sender) == test::meter_ip);
  CHECK_FALSE(joined.side);
  CHECK_FALSE(joined.param);
  auto sent = as<event>(parse(a1, "EVENT 21 FE80:0000:0000:0000:021D:1290:1234:5678 00"));
  CHECK(sent.code() == event_code::udp_sent);
  CHECK(sent.param == 0);
  CHECK(as<event>(parse(a1, "EVENT 32 FE80:0000:0000:0000:021D:1290:1234:5678")).code()
        == event_code::transmit_limited);
  CHECK(as<event>(parse(a1, "EVENT 1F FE80:0000:0000:0000:021C:6400:0000:0001")).number == 0x1F);
}

TEST_CASE("BP35C2 events carry the side before the param") {
  auto sent = as<event>(parse(c2, "EVENT 21 FE80:0000:0000:0000:021D:1290:1234:5678 0 02"));
  CHECK(sent.side == 0);
  CHECK(sent.param == 2);
  auto beacon = as<event>(parse(c2, "EVENT 20 FE80:0000:0000:0000:021D:1290:1234:5678 1"));
  CHECK(beacon.code() == event_code::beacon);
  CHECK(beacon.side == 1);
  CHECK_FALSE(beacon.param);
}

TEST_CASE("broken events are errors") {
  CHECK(error_of(parse(a1, "EVENT")) == skstack_errc::bad_field);
  CHECK(error_of(parse(a1, "EVENT ZZ FE80:0000:0000:0000:021D:1290:1234:5678")) == skstack_errc::bad_field);
  CHECK(error_of(parse(a1, "EVENT 21 FE80:0000 00")) == skstack_errc::bad_address);
  CHECK(error_of(parse(a1, "EVENT 21 FE80:0000:0000:0000:021D:1290:1234:5678 0 00")) == skstack_errc::bad_field);
}

TEST_CASE("ERXUDP in hex form, BP35A1, the spec's worked example") {
  auto d = as<udp_datagram>(parse(a1, "ERXUDP FE80:0000:0000:0000:021D:1290:1234:5678 "
                                      "FE80:0000:0000:0000:021C:6400:0000:0001 0E1A 0E1A 001D129012345678 1 0012 "
                                      "1081000102880105FF017201E7040000019A"));
  CHECK(to_string(d.sender) == test::meter_ip);
  CHECK(to_string(d.destination) == test::module_ip);
  CHECK(d.remote_port == 0x0E1A);
  CHECK(d.local_port == 0x0E1A);
  CHECK(d.sender_mac == 0x001D129012345678);
  CHECK(d.secured);
  CHECK_FALSE(d.lqi);
  CHECK_FALSE(d.side);
  CHECK_FALSE(d.rssi_dbm());
  CHECK(d.format == data_format::hex);
  CHECK(d.payload == get_res);
}

TEST_CASE("ERXUDP in hex form, BP35C2, with LQI and side") {
  auto d = as<udp_datagram>(parse(c2, "ERXUDP FE80:0000:0000:0000:021D:1290:1234:5678 FF02:0000:0000:0000:0000:0000:"
                                      "0000:0001 0E1A 0E1A 001D129012345678 A0 0 0 0012 "
                                      "1081000102880105FF017201E7040000019A"));
  CHECK(d.lqi == 0xA0);
  CHECK_FALSE(d.secured);
  CHECK(d.side == 0);
  CHECK(is_multicast(d.destination));
  REQUIRE(d.rssi_dbm());
  CHECK(*d.rssi_dbm() == Approx(0.275 * 160 - 104.27));
  CHECK(d.payload == get_res);
}

TEST_CASE("ERXUDP in binary form takes the payload the splitter read") {
  raw_line line{"ERXUDP FE80:0000:0000:0000:021D:1290:1234:5678 FE80:0000:0000:0000:021C:6400:0000:0001 0E1A 0E1A "
                "001D129012345678 1 0003",
                {0x0D, 0x0A, 0x00},
                true};
  auto d = as<udp_datagram>(parse_line(a1, line));
  CHECK(d.format == data_format::binary);
  CHECK(d.payload == std::vector<std::uint8_t>{0x0D, 0x0A, 0x00});
  line.payload.pop_back();
  CHECK(error_of(parse_line(a1, line)) == skstack_errc::bad_length);
}

TEST_CASE("broken ERXUDP lines are errors") {
  const std::string head = "ERXUDP FE80:0000:0000:0000:021D:1290:1234:5678 FE80:0000:0000:0000:021C:6400:0000:0001 "
                           "0E1A 0E1A 001D129012345678 ";
  CHECK(error_of(parse(a1, head + "1 0012 1081")) == skstack_errc::bad_length);
  CHECK(error_of(parse(a1, head + "1 0002 10GG")) == skstack_errc::bad_field);
  CHECK(error_of(parse(a1, head + "2 0002 1081")) == skstack_errc::bad_field);
  CHECK(error_of(parse(a1, head + "A0 1 0 0002 1081")) == skstack_errc::bad_field); // C2 line, A1 model
  CHECK(error_of(parse(c2, head + "1 0002 1081")) == skstack_errc::bad_field);      // A1 line, C2 model
  CHECK(as<udp_datagram>(parse(a1, head + "0 0000")).payload.empty());
}

TEST_CASE("SKLL64's answer, EINFO, EVER and EAPPVER") {
  CHECK(to_string(as<link_local_reply>(parse(a1, test::meter_ip)).address) == test::meter_ip);
  auto a1_info = as<info_reply>(parse(a1, "EINFO FE80:0000:0000:0000:021C:6400:0000:0001 001C640000000001 21 8888 FFFE"));
  CHECK(a1_info.mac == 0x001C640000000001);
  CHECK(a1_info.channel == 0x21);
  CHECK(a1_info.pan_id == 0x8888);
  CHECK(a1_info.model() == module_model::bp35a1);
  auto c2_info = as<info_reply>(parse(c2, "EINFO FE80:0000:0000:0000:021C:6400:0000:0001 001C640000000001 21 8888 0"));
  CHECK(c2_info.model() == module_model::bp35c2);
  auto ver = as<version_reply>(parse(a1, "EVER 1.2.10"));
  CHECK_FALSE(ver.application);
  CHECK(ver.version == "1.2.10");
  CHECK(as<version_reply>(parse(a1, "EAPPVER rev26e")).application);
  CHECK(error_of(parse(a1, "EINFO FE80::1 XYZ 21 8888 FFFE")) == skstack_errc::bad_field);
}

TEST_CASE("echoed commands are recognised as echoes") {
  CHECK(as<command_echo>(parse(a1, "SKSCAN 2 FFFFFFFF 6")).text == "SKSCAN 2 FFFFFFFF 6");
  CHECK(as<command_echo>(parse(a1, "SKSENDTO 1 FE80:0000:0000:0000:021D:1290:1234:5678 0E1A 2 000E ")).text.starts_with(
    "SKSENDTO"));
  CHECK(as<command_echo>(parse(a1, "ROPT")).text == "ROPT");
  CHECK(as<command_echo>(parse(a1, "WOPT 01")).text == "WOPT 01");
  CHECK(error_of(parse(a1, "EADDR")) == skstack_errc::unknown_line);
  CHECK(error_of(parse(a1, "hello")) == skstack_errc::unknown_line);
}

TEST_CASE("an EPANDESC block becomes one descriptor, BP35A1") {
  auto out = test::read_all(a1, "EVENT 20 FE80:0000:0000:0000:021D:1290:1234:5678\r\n"
                                "EPANDESC\r\n"
                                "  Channel:21\r\n"
                                "  Channel Page:09\r\n"
                                "  Pan ID:8888\r\n"
                                "  Addr:001D129012345678\r\n"
                                "  LQI:E1\r\n"
                                "  PairID:00AABBCC\r\n"
                                "EVENT 22 FE80:0000:0000:0000:021C:6400:0000:0001\r\n");
  REQUIRE(out.size() == 3);
  CHECK(as<event>(out[0]).code() == event_code::beacon);
  auto pan = as<pan_descriptor>(out[1]);
  CHECK(pan.channel == 0x21);
  CHECK(pan.channel_page == 0x09);
  CHECK(pan.pan_id == 0x8888);
  CHECK(pan.mac == 0x001D129012345678);
  CHECK(pan.lqi == 0xE1);
  CHECK(pan.pair_id == "00AABBCC");
  CHECK_FALSE(pan.side);
  CHECK(pan.rssi_dbm() == Approx(0.275 * 0xE1 - 104.27));
  CHECK(as<event>(out[2]).code() == event_code::scan_done);
}

TEST_CASE("an EPANDESC block of BP35C2 needs its Side line, fields in any order") {
  const std::string block = "EPANDESC\r\n  Addr:001D129012345678\r\n  Channel:3B\r\n  Pan ID:0123\r\n"
                            "  Channel Page:09\r\n  LQI:40\r\n";
  auto with_side = test::read_all(c2, block + "  Side:1\r\nEVENT 22 FE80::1 0\r\n");
  REQUIRE(with_side.size() == 2);
  auto pan = as<pan_descriptor>(with_side[0]);
  CHECK(pan.side == 1);
  CHECK(pan.channel == 0x3B);
  CHECK_FALSE(pan.pair_id);
  auto without = test::read_all(c2, block + "EVENT 22 FE80::1 0\r\n");
  REQUIRE(without.size() == 2);
  CHECK(error_of(without[0]) == skstack_errc::incomplete_block);
  CHECK(as<event>(without[1]).code() == event_code::scan_done);
  auto a1_block = test::read_all(a1, block + "EVENT 22 FE80::1\r\n");
  CHECK(as<pan_descriptor>(a1_block[0]).mac == 0x001D129012345678);
}

TEST_CASE("a broken EPANDESC field is bad_field") {
  auto out = test::read_all(a1, "EPANDESC\r\n  Channel:XX\r\n  Channel Page:09\r\n  Pan ID:8888\r\n"
                                "  Addr:001D129012345678\r\n  LQI:E1\r\n  garbage\r\nOK\r\n");
  REQUIRE(out.size() == 3);
  CHECK(error_of(out[0]) == skstack_errc::bad_field); // the line without a colon
  CHECK(error_of(out[1]) == skstack_errc::bad_field); // Channel:XX
  CHECK(as<ok_reply>(out[2]).value.empty());
}

TEST_CASE("an EPANDESC PairID of an odd number of digits is bad_field") {
  auto out = test::read_all(a1, "EPANDESC\r\n  Channel:21\r\n  Channel Page:09\r\n  Pan ID:8888\r\n"
                                "  Addr:001D129012345678\r\n  LQI:E1\r\n  PairID:00AABBC\r\nOK\r\n");
  REQUIRE(out.size() == 2);
  CHECK(error_of(out[0]) == skstack_errc::bad_field);
}
