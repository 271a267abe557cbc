// The open sequence of spec §9.2 line by line, byte-exact, as nbtk/momonga drives it (echo left on).
#include <catch2/catch.hpp>

#include "test_support.hpp"

using namespace meterhub;
using namespace meterhub::echonet_sim;
using namespace meterhub::echonet_sim::test;
using lines = std::vector<std::string>;

namespace {

const std::string module_ll = "FE80:0000:0000:0000:021C:6400:0000:0001";

} // namespace

TEST_CASE("open sequence, BP35A1, byte by byte") {
  rig r;
  CHECK(r.send("\r\n").empty()); // step 0: silence
  CHECK(r.send("ROPT\r") == lines{"ROPT\r", "OK 01\r"});
  CHECK(r.send("SKINFO\r\n")
        == lines{"SKINFO\r\n", "EINFO " + module_ll + " 001C640000000001 21 FFFF FFFE\r\n", "OK\r\n"});
  CHECK(r.send("SKRESET\r\n") == lines{"SKRESET\r\n", "OK\r\n"});
  CHECK(r.send("SKSREG SA2 1\r\n") == lines{"SKSREG SA2 1\r\n", "OK\r\n"});
  CHECK(r.send("SKSETRBID 00112233445566778899AABBCCDDEEFF\r\n")
        == lines{"SKSETRBID 00112233445566778899AABBCCDDEEFF\r\n", "OK\r\n"});
  CHECK(r.send("SKSETPWD C 0123456789AB\r\n") == lines{"SKSETPWD C 0123456789AB\r\n", "OK\r\n"});
  CHECK(r.send("SKSCAN 2 FFFFFFFF 6\r\n") == lines{"SKSCAN 2 FFFFFFFF 6\r\n", "OK\r\n"});
  const auto scan = r.wait(1100); // D = 6 takes about 1 s at the default scan speed
  CHECK(scan
        == lines{"EVENT 20 " + meter_ll + "\r\n", "EPANDESC\r\n", "  Channel:21\r\n", "  Channel Page:09\r\n",
                 "  Pan ID:8888\r\n", "  Addr:001D129012345678\r\n", "  LQI:E0\r\n", "  PairID:12345678\r\n",
                 "EVENT 22 " + module_ll + "\r\n"});
  const auto pans = parse(r.model, scan);
  REQUIRE(pans.size() == 3);
  const auto* pan = std::get_if<skstack::pan_descriptor>(&pans[1]);
  REQUIRE(pan);
  CHECK(pan->mac == 0x001D129012345678);
  CHECK(pan->pair_id == "12345678");
  CHECK(r.send("SKLL64 001D129012345678\r\n") == lines{"SKLL64 001D129012345678\r\n", meter_ll + "\r\n"});
  CHECK(r.send("SKSREG S2 21\r\n") == lines{"SKSREG S2 21\r\n", "OK\r\n"});
  CHECK(r.send("SKSREG S3 8888\r\n") == lines{"SKSREG S3 8888\r\n", "OK\r\n"});
  CHECK(r.send("SKJOIN " + meter_ll + "\r\n") == lines{"SKJOIN " + meter_ll + "\r\n", "OK\r\n"});
  const auto join = r.wait(1000);
  REQUIRE(join.size() == 5);
  CHECK(join[0] == "EVENT 21 " + meter_ll + " 00\r\n");
  CHECK(join[1].starts_with("ERXUDP " + meter_ll + " " + module_ll + " 02CC 02CC 001D129012345678 0 001C "));
  CHECK(join[3] == "EVENT 25 " + meter_ll + "\r\n");
  CHECK(join[4].starts_with("ERXUDP " + meter_ll + " FF02:0000:0000:0000:0000:0000:0000:0001 0E1A 0E1A "));
  const auto list = frames_of(r.model, {join[4]});
  REQUIRE(list.size() == 1);
  CHECK(list[0].seoj == echonet::node_profile_eoj);
  CHECK(list[0].properties[0].edt == std::vector<std::uint8_t>{0x01, 0x02, 0x88, 0x01});
  // After the join the client Gets E1 (spec §9.2).
  const auto sent = r.send_frame(echonet::make_get(1, std::vector<std::uint8_t>{0xE1}));
  CHECK(sent == lines{"SKSENDTO 1 " + meter_ll + " 0E1A 2 000E\r\n", "EVENT 21 " + meter_ll + " 00\r\n", "OK\r\n"});
  const auto reply = r.wait(100);
  CHECK(reply == lines{"ERXUDP " + meter_ll + " " + module_ll + " 0E1A 0E1A 001D129012345678 1 000F "
                       "1081000102880105FF017201E10101\r\n"});
  CHECK(r.send("SKTERM\r\n") == lines{"SKTERM\r\n", "OK\r\n"});
  CHECK(r.wait(200) == lines{"EVENT 27 " + meter_ll + "\r\n"});
}

TEST_CASE("open sequence, BP35C2, with WOPT from binary to hex") {
  module_options o;
  o.model = skstack::module_model::bp35c2;
  o.wopt = skstack::data_format::binary;
  rig r{o};
  CHECK(r.send("\r\n").empty());
  CHECK(r.send("ROPT\r") == lines{"ROPT\r", "OK 00\r"});
  CHECK(r.send("WOPT 01\r") == lines{"WOPT 01\r", "OK\r"});
  CHECK(r.send("ROPT\r\n") == lines{"ROPT\r", "OK 01\r"}); // the LF after a CR is dropped, not an empty line
  CHECK(r.send("SKINFO\r\n")
        == lines{"SKINFO\r\n", "EINFO " + module_ll + " 001C640000000001 21 FFFF 0\r\n", "OK\r\n"});
  CHECK(r.send("SKRESET\r\n") == lines{"SKRESET\r\n", "OK\r\n"});
  CHECK(r.send("ROPT\r") == lines{"ROPT\r", "OK 01\r"}); // WOPT is flash: it survives the reset
  CHECK(r.send("SKSREG SA2 1\r\n") == lines{"SKSREG SA2 1\r\n", "OK\r\n"});
  r.send("SKSETRBID 00112233445566778899AABBCCDDEEFF\r\n");
  r.send("SKSETPWD C 0123456789AB\r\n");
  CHECK(r.send("SKSCAN 2 FFFFFFFF 6 0\r\n") == lines{"SKSCAN 2 FFFFFFFF 6 0\r\n", "OK\r\n"});
  CHECK(r.wait(1100)
        == lines{"EVENT 20 " + meter_ll + " 0\r\n", "EPANDESC\r\n", "  Channel:21\r\n", "  Channel Page:09\r\n",
                 "  Pan ID:8888\r\n", "  Addr:001D129012345678\r\n", "  LQI:E0\r\n", "  Side:0\r\n",
                 "  PairID:12345678\r\n", "EVENT 22 " + module_ll + " 0\r\n"});
  CHECK(r.send("SKLL64 001D129012345678\r\n") == lines{"SKLL64 001D129012345678\r\n", meter_ll + "\r\n"});
  r.send("SKSREG S2 21\r\n");
  r.send("SKSREG S3 8888\r\n");
  CHECK(r.send("SKJOIN " + meter_ll + "\r\n") == lines{"SKJOIN " + meter_ll + "\r\n", "OK\r\n"});
  const auto join = r.wait(1000);
  REQUIRE(join.size() == 5);
  CHECK(join[0] == "EVENT 21 " + meter_ll + " 0 00\r\n");
  CHECK(join[3] == "EVENT 25 " + meter_ll + " 0\r\n");
  const auto sent = r.send_frame(echonet::make_get(2, std::vector<std::uint8_t>{0xE1}));
  CHECK(sent
        == lines{"SKSENDTO 1 " + meter_ll + " 0E1A 2 0 000E\r\n", "EVENT 21 " + meter_ll + " 0 00\r\n", "OK\r\n"});
  const auto reply = r.wait(100);
  CHECK(reply == lines{"ERXUDP " + meter_ll + " " + module_ll + " 0E1A 0E1A 001D129012345678 E0 1 0 000F "
                       "1081000202880105FF017201E10101\r\n"});
  const auto messages = parse(r.model, reply);
  REQUIRE(messages.size() == 1);
  const auto& d = std::get<skstack::udp_datagram>(messages[0]);
  CHECK(d.lqi == 0xE0);
  CHECK(d.side == 0);
  CHECK(d.secured);
}

TEST_CASE("old firmware answers ROPT and WOPT with FAIL ER04 and a bare CR") {
  module_options o;
  o.ropt = false;
  o.wopt = skstack::data_format::binary;
  rig r{o};
  CHECK(r.send("ROPT\r") == lines{"ROPT\r", "FAIL ER04\r"});
  CHECK(r.send("WOPT 01\r") == lines{"WOPT 01\r", "FAIL ER04\r"});
  CHECK(r.the_module.data_mode() == skstack::data_format::hex);
}

TEST_CASE("version commands, registers and argument errors") {
  rig r;
  r.send("SKSREG SFE 0\r\n");
  CHECK(r.send("SKVER\r\n") == lines{"EVER 1.2.10\r\n", "OK\r\n"});
  CHECK(r.send("SKAPPVER\r\n") == lines{"EAPPVER rev26e\r\n", "OK\r\n"});
  CHECK(r.send("SKSREG S2\r\n") == lines{"ESREG 21\r\n", "OK\r\n"});
  CHECK(r.send("SKSREG S3 1234\r\n") == lines{"OK\r\n"});
  CHECK(r.send("SKSREG S3\r\n") == lines{"ESREG 1234\r\n", "OK\r\n"});
  CHECK(r.send("SKSREG S2 40\r\n") == lines{"FAIL ER06\r\n"});
  CHECK(r.send("SKSREG\r\n") == lines{"FAIL ER05\r\n"});
  CHECK(r.send("SKFOO\r\n") == lines{"FAIL ER04\r\n"});
  CHECK(r.send("SKSETRBID 0011\r\n") == lines{"FAIL ER06\r\n"});
  CHECK(r.send("SKSETPWD B 0123456789AB\r\n") == lines{"FAIL ER06\r\n"});
  CHECK(r.send("SKSETPWD C\r\n") == lines{"FAIL ER05\r\n"});
  CHECK(r.send("SKLL64 1234\r\n") == lines{"FAIL ER06\r\n"});
  CHECK(r.send("SKSCAN 2 FFFFFFFF\r\n") == lines{"FAIL ER05\r\n"});
  CHECK(r.send("SKINFO 1\r\n") == lines{"FAIL ER05\r\n"});
  CHECK(r.send("SKJOIN nothere\r\n") == lines{"FAIL ER06\r\n"});
  CHECK(r.send("\r\n\r\n").empty());
}
