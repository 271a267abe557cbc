// The module after the open sequence: echo, SKSENDTO data by count, both ERXUDP formats, failed joins, scan
// escalation, the session schedules (re-authentication, transmit limit), the meter's pushes and the faults.
#include <catch2/catch.hpp>

#include "meterhub/echonet/meter.hpp"
#include "test_support.hpp"

using namespace meterhub;
using namespace meterhub::echonet_sim;
using namespace meterhub::echonet_sim::test;
using lines = std::vector<std::string>;

namespace {

const std::string event21_ok = "EVENT 21 " + meter_ll + " 00\r\n";
const std::string event21_failed = "EVENT 21 " + meter_ll + " 01\r\n";

echonet::frame get_e7(std::uint16_t tid) {
  return echonet::make_get(tid, std::vector<std::uint8_t>{0xE7});
}

bool has(const lines& l, const std::string& line) {
  return std::find(l.begin(), l.end(), line) != l.end();
}

} // namespace

TEST_CASE("echo is on by default and SKSREG SFE 0 turns it off") {
  rig r;
  CHECK(r.send("SKVER\r\n") == lines{"SKVER\r\n", "EVER 1.2.10\r\n", "OK\r\n"});
  CHECK(r.send("SKSREG SFE 0\r\n") == lines{"SKSREG SFE 0\r\n", "OK\r\n"});
  CHECK(r.send("SKVER\r\n") == lines{"EVER 1.2.10\r\n", "OK\r\n"});
  CHECK(r.send("SKSREG SFE 1\r\n") == lines{"OK\r\n"});
  CHECK(r.send("SKVER\r\n").size() == 3);
}

TEST_CASE("SKSENDTO data holding 0D 0A is read by count and its echo is the header alone") {
  rig r;
  r.join();
  r.send("SKSREG SFE 1\r\n");
  const auto request = echonet::make_get(0x0D0A, std::vector<std::uint8_t>{0xE0});
  const auto bytes = *echonet::encode(request);
  REQUIRE(bytes[2] == 0x0D);
  const auto sent = r.send("SKSENDTO 1 " + meter_ll + " 0E1A 2 000E " + std::string(bytes.begin(), bytes.end())
                           + "SKVER\r\n");
  CHECK(sent
        == lines{"SKSENDTO 1 " + meter_ll + " 0E1A 2 000E\r\n", event21_ok, "OK\r\n", "SKVER\r\n", "EVER 1.2.10\r\n",
                 "OK\r\n"});
  const auto frames = frames_of(r.model, r.wait(100));
  REQUIRE(frames.size() == 1);
  CHECK(frames[0].tid == 0x0D0A);
  CHECK(echonet::is_response_to(request, frames[0]));
}

TEST_CASE("WOPT 00 makes ERXUDP carry raw bytes, WOPT 01 hex text") {
  module_options o;
  o.wopt = skstack::data_format::binary;
  rig r{o};
  r.join();
  r.send_frame(echonet::make_get(0x0D0A, std::vector<std::uint8_t>{0xE1}));
  const auto binary = r.wait(100);
  REQUIRE(binary.size() == 1);
  const std::string raw{"\x10\x81\x0D\x0A\x02\x88\x01\x05\xFF\x01\x72\x01\xE1\x01\x01", 15};
  CHECK(binary[0].ends_with(" 000F " + raw + "\r\n"));
  const auto messages = parse(r.model, binary);
  REQUIRE(messages.size() == 1);
  const auto& d = std::get<skstack::udp_datagram>(messages[0]);
  CHECK(d.format == skstack::data_format::binary);
  CHECK(d.payload == std::vector<std::uint8_t>(raw.begin(), raw.end()));
  r.send("WOPT 01\r");
  r.send_frame(echonet::make_get(3, std::vector<std::uint8_t>{0xE1}));
  const auto hex = r.wait(100);
  REQUIRE(hex.size() == 1);
  CHECK(hex[0].ends_with(" 000F 1081000302880105FF017201E10101\r\n"));
}

TEST_CASE("a wrong password, Route-B id or channel ends the join with EVENT 24") {
  rig r;
  r.send("SKSREG SFE 0\r\n");
  r.send("SKSETRBID 00112233445566778899AABBCCDDEEFF\r\n");
  r.send("SKSETPWD C 0123456789AC\r\n");
  r.send("SKSREG S2 21\r\n");
  r.send("SKSREG S3 8888\r\n");
  CHECK(r.send("SKJOIN " + meter_ll + "\r\n") == lines{"OK\r\n"});
  auto after = r.wait(1000);
  CHECK(after.back() == "EVENT 24 " + meter_ll + "\r\n");
  CHECK_FALSE(has(after, "EVENT 25 " + meter_ll + "\r\n"));
  CHECK(r.the_module.state() == session_state::none);
  r.send("SKSETPWD C 0123456789AB\r\n");
  r.send("SKSREG S2 22\r\n");
  r.send("SKJOIN " + meter_ll + "\r\n");
  CHECK(r.wait(1000) == lines{"EVENT 24 " + meter_ll + "\r\n"}); // nobody on that channel
  r.send("SKSREG S2 21\r\n");
  r.send("SKJOIN " + meter_ll + "\r\n");
  CHECK(has(r.wait(1000), "EVENT 25 " + meter_ll + "\r\n"));
}

TEST_CASE("the meter is heard only from the minimum scan duration on") {
  module_options o;
  o.scan_min_duration = 5;
  rig r{o};
  r.send("SKSREG SFE 0\r\n");
  r.send("SKSCAN 2 FFFFFFFF 4\r\n");
  const auto short_scan = r.wait(2000);
  CHECK(short_scan == lines{"EVENT 22 FE80:0000:0000:0000:021C:6400:0000:0001\r\n"});
  r.send("SKSCAN 2 FFFFFFFF 5\r\n");
  CHECK(r.send("SKSCAN 2 FFFFFFFF 5\r\n") == lines{"FAIL ER10\r\n"}); // one scan at a time
  const auto long_scan = r.wait(2000);
  CHECK(has(long_scan, "EPANDESC\r\n"));
  CHECK(long_scan.back().starts_with("EVENT 22 "));
  o.meter_in_reach = false;
  rig nobody{o};
  nobody.send("SKSCAN 2 FFFFFFFF 8\r\n");
  CHECK_FALSE(has(nobody.wait(20'000), "EPANDESC\r\n"));
}

TEST_CASE("a scan takes 0.01 s times 2 to the D plus 1 per channel, divided by the scan speed") {
  module_options o;
  o.scan_speed = 1;
  o.scan_min_duration = 0;
  rig r{o};
  r.send("SKSREG SFE 0\r\n");
  r.send("SKSCAN 2 00000003 2\r\n"); // two channels, 50 ms each
  CHECK(r.wait(49).empty());
  CHECK(r.wait(1).size() == 8); // channel 21: EVENT 20 and the block
  CHECK(r.wait(49).empty());
  CHECK(r.wait(1).size() == 1); // EVENT 22
}

TEST_CASE("re-authentication: EVENT 29, sends fail until EVENT 25, then the meter answers again") {
  module_options o;
  o.reauth_every_ms = 10'000;
  o.reauth_ms = 2'000;
  rig r{o};
  r.join(); // EVENT 25 came 600 ms before it returned
  CHECK(r.wait(9'300).empty());
  CHECK(r.wait(200) == lines{"EVENT 29 " + meter_ll + "\r\n"});
  CHECK(r.send_frame(get_e7(5)) == lines{event21_failed, "OK\r\n"});
  CHECK(r.wait(1'700).empty());
  CHECK(r.wait(200) == lines{"EVENT 25 " + meter_ll + "\r\n"});
  CHECK(ask(r, get_e7(6)).tid == 6);
  // the next one 10 s after the last EVENT 25
  CHECK(r.wait(9'500).empty());
  CHECK(r.wait(600) == lines{"EVENT 29 " + meter_ll + "\r\n"});
  // on demand
  r.wait(2'100);
  CHECK(r.the_module.start_reauth(r.now));
  CHECK(r.the_module.take_output() == lines{"EVENT 29 " + meter_ll + "\r\n"});
}

TEST_CASE("the transmit-time limit: EVENT 32, sends fail with EVENT 21 01 until EVENT 33") {
  module_options o;
  o.txlimit_every_ms = 60'000;
  o.txlimit_ms = 5'000;
  rig r{o};
  r.join();
  const std::string module_ll = "FE80:0000:0000:0000:021C:6400:0000:0001";
  const auto before = r.wait(59'000 - 1'000);
  CHECK_FALSE(has(before, "EVENT 32 " + module_ll + "\r\n"));
  CHECK(r.wait(1'100) == lines{"EVENT 32 " + module_ll + "\r\n"});
  CHECK(r.the_module.txlimited());
  CHECK(r.send_frame(get_e7(8)) == lines{event21_failed, "OK\r\n"});
  CHECK(r.wait(200).empty()); // nothing delivered
  CHECK(r.wait(5'000) == lines{"EVENT 33 " + module_ll + "\r\n"});
  CHECK(ask(r, get_e7(9)).tid == 9);
  // on demand, until lifted
  r.the_module.set_txlimit(true, r.now);
  CHECK(r.the_module.take_output() == lines{"EVENT 32 " + module_ll + "\r\n"});
  CHECK(r.send_frame(get_e7(10)) == lines{event21_failed, "OK\r\n"});
  r.the_module.set_txlimit(false, r.now);
  CHECK(r.the_module.take_output() == lines{"EVENT 33 " + module_ll + "\r\n"});
}

TEST_CASE("the meter pushes EA and EB in one INF at every :00 and :30 of its clock") {
  meter_options me;
  me.clock_offset_ms = 29 * 60'000 + 50'000; // 12:29:55
  rig r{{}, me};
  r.join();
  const auto pushed = frames_of(r.model, r.wait(10'000));
  REQUIRE(pushed.size() == 1);
  const auto& inf = pushed[0];
  CHECK(inf.esv == echonet::esv::inf);
  CHECK(inf.seoj == echonet::meter_eoj);
  CHECK(inf.deoj == echonet::controller_eoj);
  REQUIRE(inf.properties.size() == 2);
  CHECK(inf.properties[0].epc == 0xEA);
  CHECK(inf.properties[1].epc == 0xEB);
  const auto ea = echonet::decode_fixed_time_energy(inf.properties[0].edt);
  REQUIRE(ea);
  CHECK(ea->at == echonet::meter_date_time{2024, 4, 14, 12, 30, 0});
  CHECK(ea->count.raw == r.the_meter.raw_at(unix_ms_from_utc(2024, 4, 14, 3, 30, 0), false));
  // a jump of two hours pushes once, for the latest boundary
  r.the_module.advance_meter(2 * 3'600'000, r.now);
  const auto jumped = frames_of(r.model, r.the_module.take_output());
  REQUIRE(jumped.size() == 1);
  CHECK(echonet::decode_fixed_time_energy(jumped[0].properties[0].edt)->at
        == echonet::meter_date_time{2024, 4, 14, 14, 30, 0});
  // a client's INFC_Res is taken without an answer
  echonet::frame infc_res{1, echonet::controller_eoj, echonet::meter_eoj, echonet::esv::infc_res, {{0xEA, {}}}};
  CHECK(r.send_frame(infc_res) == lines{event21_ok, "OK\r\n"});
  CHECK(r.wait(200).empty());
}

TEST_CASE("faults: silence, fail-send, drop-session and garble") {
  rig r;
  r.join();
  REQUIRE(r.the_module.faults().set("silence"));
  CHECK(r.send_frame(get_e7(1)) == lines{event21_ok, "OK\r\n"});
  CHECK(r.wait(200).empty());
  r.the_module.faults().clear();
  REQUIRE(r.the_module.faults().set("fail-send"));
  CHECK(r.send_frame(get_e7(2)) == lines{event21_failed, "OK\r\n"});
  r.the_module.faults().clear();
  REQUIRE(r.the_module.faults().set("drop-session:100"));
  CHECK(r.send_frame(get_e7(3)) == lines{event21_ok, "OK\r\n"});
  CHECK(r.wait(200) == lines{"EVENT 26 " + meter_ll + "\r\n"});
  r.the_module.faults().clear();
  CHECK(r.the_module.state() == session_state::lost);
  r.send_frame(get_e7(4));
  CHECK(r.wait(200).empty()); // the meter stays quiet until a new join
  r.send("SKJOIN " + meter_ll + "\r\n");
  r.wait(1000);
  CHECK(ask(r, get_e7(5)).tid == 5);
  REQUIRE(r.the_module.faults().set("garble"));
  const auto garbled = r.send("SKVER\r\n");
  REQUIRE(garbled.size() == 2);
  CHECK(garbled[0] != "EVER 1.2.10\r\n");
  CHECK(garbled[0].size() == 13);
  CHECK(garbled[0].ends_with("\r\n"));
  CHECK_FALSE(r.the_module.faults().set("sparks"));
  CHECK_FALSE(r.the_module.faults().set("silence:101"));
}

TEST_CASE("a lost session: EVENT 26, EVENT 28 or nothing, and the meter stops answering") {
  rig r;
  r.join();
  CHECK(r.the_module.lose_session(session_loss::peer, r.now));
  CHECK(r.the_module.take_output() == lines{"EVENT 26 " + meter_ll + "\r\n"});
  CHECK_FALSE(r.the_module.lose_session(session_loss::peer, r.now)); // nothing left to lose
  r.send("SKJOIN " + meter_ll + "\r\n");
  r.wait(1000);
  CHECK(r.the_module.lose_session(session_loss::timeout, r.now));
  CHECK(r.the_module.take_output() == lines{"EVENT 28 " + meter_ll + "\r\n"});
  r.send("SKJOIN " + meter_ll + "\r\n");
  r.wait(1000);
  CHECK(r.the_module.lose_session(session_loss::silent, r.now));
  CHECK(r.the_module.take_output().empty());
  CHECK(r.send_frame(get_e7(7)) == lines{event21_ok, "OK\r\n"});
  CHECK(r.wait(500).empty());
  // closing without a session still ends with an event the client waits for
  CHECK(r.send("SKTERM\r\n") == lines{"OK\r\n"});
  CHECK(r.wait(200) == lines{"EVENT 28 " + meter_ll + "\r\n"});
}

TEST_CASE("a Get of several EPCs through the module, and a Get_SNA") {
  meter_options me;
  me.coefficient = std::nullopt;
  module_options mo;
  mo.model = skstack::module_model::bp35c2;
  rig r{mo, me};
  r.join();
  const auto reply = ask(r, echonet::make_get(11, std::vector<std::uint8_t>{0xE1, 0xE0, 0xE7, 0xE8}));
  CHECK(reply.esv == echonet::esv::get_res);
  REQUIRE(reply.properties.size() == 4);
  CHECK(reply.properties[3].epc == 0xE8);
  const auto sna = ask(r, echonet::make_get(12, std::vector<std::uint8_t>{0xD3, 0xE1}));
  CHECK(sna.esv == echonet::esv::get_sna);
  CHECK(sna.properties[0].edt.empty());
  CHECK(sna.properties[1].edt == std::vector<std::uint8_t>{0x01});
  CHECK(r.the_module.counts().served == 2);
}
