#include <catch2/catch.hpp>

#include "meterhub/core/time.hpp"
#include "meterhub/echonet/history.hpp"
#include "meterhub/echonet/meter.hpp"
#include "meterhub/skstack/command.hpp"
#include "meterhub/skstack/parser.hpp"
#include "module.hpp"

using namespace meterhub;
using namespace meterhub::echonet_sim;

namespace {

constexpr std::int64_t t0 = 1'713'065'400'000; // 2024-04-14T03:30:00Z = 12:30 JST

/// A module and its meter, driven like a client would, with everything it wrote collected.
struct bench {
  explicit bench(skstack::module_model model = skstack::module_model::bp35a1, module_options o = {})
    : m({}, t0), mod([&] {
        o.model = model;
        return o;
      }(), m, 1), reader(model) {}

  /// Sends `bytes` at `now` and collects what is due until `until`.
  std::string send(std::string_view bytes, std::int64_t until_ms = 10'000) {
    mod.feed(bytes, now);
    return run(until_ms);
  }
  std::string run(std::int64_t for_ms) {
    std::string out;
    for (const auto end = now + for_ms; now <= end; now += 10) {
      mod.tick(now);
      for (auto& w : mod.due(now))
        out += w;
    }
    return out;
  }
  std::vector<skstack::message> messages(const std::string& text) {
    reader.feed({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
    std::vector<skstack::message> out;
    while (auto msg = reader.next()) {
      REQUIRE(*msg);
      out.push_back(**msg);
    }
    return out;
  }
  /// The open sequence of spec §9.2 up to EVENT 25.
  void join() {
    send("SKSETRBID 00112233445566778899AABBCCDDEEFF\r\n", 50);
    send("SKSETPWD C 0123456789AB\r\n", 50);
    send("SKSREG S2 21\r\nSKSREG S3 8888\r\n", 50);
    const auto out = send("SKJOIN FE80:0000:0000:0000:021D:1290:1234:5678\r\n", 1000);
    REQUIRE(out.find("EVENT 25 FE80:0000:0000:0000:021D:1290:1234:5678") != std::string::npos);
  }
  std::string send_frame(const echonet::frame& f, std::int64_t for_ms = 500) {
    auto bytes = skstack::encode_send_to(model_of(), skstack::link_local_from_mac(0x001D129012345678), 0x0E1A, 2,
                                         *echonet::encode(f));
    REQUIRE(bytes);
    return send({reinterpret_cast<const char*>(bytes->data()), bytes->size()}, for_ms);
  }
  skstack::module_model model_of() const { return reader_model; }

  meter m;
  module mod;
  skstack::reader reader;
  skstack::module_model reader_model = skstack::module_model::bp35a1;
  std::int64_t now = t0;
};

std::vector<echonet::frame> frames_in(bench& b, const std::string& text) {
  std::vector<echonet::frame> out;
  for (const auto& msg : b.messages(text))
    if (const auto* d = std::get_if<skstack::udp_datagram>(&msg))
      if (d->remote_port == 0x0E1A)
        out.push_back(*echonet::decode(d->payload));
  return out;
}

} // namespace

TEST_CASE("ROPT and WOPT end with a bare CR and answer with a bare CR, without echo") {
  bench b;
  CHECK(b.send("ROPT\r", 20) == "OK 01\r");
  CHECK(b.send("WOPT 00\r", 20) == "OK\r");
  CHECK(b.send("ROPT\r\n", 20) == "OK 00\r"); // the LF after a CR is dropped
}

TEST_CASE("SKINFO names the model in its last field, and commands are echoed until SFE is 0") {
  bench a1;
  CHECK(a1.send("SKINFO\r\n", 20) ==
        "SKINFO\r\nEINFO FE80:0000:0000:0000:021D:1290:1234:0001 001D129012340001 00 0000 FFFE\r\nOK\r\n");
  CHECK(a1.send("SKSREG SFE 0\r\n", 20) == "SKSREG SFE 0\r\nOK\r\n");
  CHECK(a1.send("SKVER\r\n", 20) == "EVER 1.2.10\r\nOK\r\n");
  bench c2{skstack::module_model::bp35c2};
  const auto msgs = c2.messages(c2.send("SKINFO\r\n", 20));
  bool found = false;
  for (const auto& m : msgs)
    if (const auto* info = std::get_if<skstack::info_reply>(&m)) {
      CHECK(info->model() == skstack::module_model::bp35c2);
      found = true;
    }
  CHECK(found);
}

TEST_CASE("a scan below the meter's minimum duration hears nothing, a longer one hears its PAN") {
  bench b;
  auto quiet = b.messages(b.send("SKSCAN 2 FFFFFFFF 3\r\n", 2000));
  for (const auto& m : quiet)
    CHECK_FALSE(std::holds_alternative<skstack::pan_descriptor>(m));
  auto loud = b.messages(b.send("SKSCAN 2 FFFFFFFF 5\r\n", 3000));
  std::optional<skstack::pan_descriptor> pan;
  bool done = false;
  for (const auto& m : loud) {
    if (const auto* p = std::get_if<skstack::pan_descriptor>(&m))
      pan = *p;
    if (const auto* e = std::get_if<skstack::event>(&m))
      done |= e->code() == skstack::event_code::scan_done;
  }
  REQUIRE(pan);
  CHECK(pan->channel == 0x21);
  CHECK(pan->pan_id == 0x8888);
  CHECK(pan->mac == 0x001D129012345678ull);
  CHECK(pan->pair_id == "12345678");
  CHECK(done);
  CHECK(b.send("SKSCAN 2 FFFFFFFF 5 0\r\n", 20).find("FAIL ER05") != std::string::npos); // the C2 form on an A1
}

TEST_CASE("a wrong password ends the join with EVENT 24") {
  bench b;
  b.send("SKSETRBID 00112233445566778899AABBCCDDEEFF\r\nSKSETPWD 4 nope\r\nSKSREG S2 21\r\nSKSREG S3 8888\r\n", 50);
  const auto out = b.send("SKJOIN FE80:0000:0000:0000:021D:1290:1234:5678\r\n", 1000);
  CHECK(out.find("EVENT 24 FE80:0000:0000:0000:021D:1290:1234:5678") != std::string::npos);
  CHECK(out.find("EVENT 25") == std::string::npos);
  CHECK_FALSE(b.mod.joined());
}

TEST_CASE("SKSENDTO reads its payload by count, CR LF bytes included, and the meter answers every EPC") {
  bench b;
  b.join();
  // TID 0x0D0A puts CR LF inside the payload.
  const std::uint8_t epcs[] = {0xE7, 0xE1, 0xD3};
  const auto frames = frames_in(b, b.send_frame(echonet::make_get(0x0D0A, epcs)));
  std::optional<echonet::frame> reply;
  for (const auto& f : frames)
    if (f.tid == 0x0D0A)
      reply = f;
  REQUIRE(reply);
  CHECK(reply->esv == echonet::esv::get_res);
  REQUIRE(reply->properties.size() == 3);
  CHECK(reply->properties[0].epc == 0xE7);
  CHECK(reply->properties[1].edt == std::vector<std::uint8_t>{0x01});
}

TEST_CASE("while re-authenticating or transmit-limited, sends fail with EVENT 21 01 and nothing is answered") {
  bench b;
  b.join();
  b.mod.start_reauth(b.now);
  const std::uint8_t epcs[] = {0xE7};
  auto out = b.send_frame(echonet::make_get(7, epcs), 200);
  CHECK(out.find("EVENT 29") != std::string::npos);
  CHECK(out.find("EVENT 21 FE80:0000:0000:0000:021D:1290:1234:5678 01") != std::string::npos);
  CHECK(frames_in(b, out).empty());
  CHECK(b.run(3000).find("EVENT 25") != std::string::npos);
  b.mod.set_txlimit(true, b.now);
  out = b.send_frame(echonet::make_get(8, epcs), 200);
  CHECK(out.find("EVENT 32") != std::string::npos);
  CHECK(frames_in(b, out).empty());
  b.mod.set_txlimit(false, b.now);
  CHECK(frames_in(b, b.send_frame(echonet::make_get(9, epcs))).size() == 1);
}

TEST_CASE("binary ERXUDP carries the raw payload after the length") {
  bench b;
  b.send("WOPT 00\r", 20);
  b.join();
  const std::uint8_t epcs[] = {0xE0};
  const auto out = b.send_frame(echonet::make_get(3, epcs));
  CHECK(frames_in(b, out).size() == 1); // the reader takes binary ERXUDP by count as well
}

TEST_CASE("the history agrees with the register it was taken from, across the meter's midnight") {
  meter m{{}, t0};
  const auto boundary = [&](std::int64_t host) { return (host + 0) / 1'800'000 * 1'800'000; };
  // 11.5 hours on: 12:30 JST → 00:00 JST the next day, boundary by boundary.
  std::map<std::int64_t, std::uint32_t> seen;
  for (std::int64_t t = t0; t <= t0 + 23 * 1'800'000; t += 60'000) {
    m.advance_to(t);
    if (t % 1'800'000 == 0)
      seen[boundary(t)] = m.import_raw();
  }
  for (const auto& [slot, raw] : seen)
    CHECK(m.import_at(slot) == raw);
  // History 1 of yesterday (the day of t0) and history 2 across midnight say the same.
  echonet::frame set_day{1, echonet::controller_eoj, echonet::meter_eoj, echonet::esv::set_c, {{0xE5, {0x01}}}};
  REQUIRE(m.answer(set_day)->esv == echonet::esv::set_res);
  const std::uint8_t e2[] = {0xE2};
  auto h1 = echonet::decode_history1(m.answer(echonet::make_get(2, e2))->properties[0].edt);
  REQUIRE(h1);
  CHECK(h1->day == 1);
  // slot 25 of 2024-04-14 is 12:30 JST = t0
  CHECK(h1->counts[25].raw == seen.at(t0));
  CHECK(h1->counts[47].raw == seen.at(t0 + 22 * 1'800'000));
  auto ed = echonet::history2_setting_property({{2024, 4, 15, 0, 0, 0}, 3});
  REQUIRE(m.answer({3, echonet::controller_eoj, echonet::meter_eoj, echonet::esv::set_c, {*ed}})->esv ==
          echonet::esv::set_res);
  const std::uint8_t ec[] = {0xEC};
  auto h2 = echonet::decode_history2(m.answer(echonet::make_get(4, ec))->properties[0].edt);
  REQUIRE(h2);
  REQUIRE(h2->slots.size() == 3);
  CHECK(h2->slots[0].normal.raw == seen.at(t0 + 23 * 1'800'000));
  CHECK(h2->slots[2].normal.raw == seen.at(t0 + 21 * 1'800'000));
  // Today's slots after now have no value yet.
  set_day.properties[0].edt = {0x00};
  m.answer(set_day);
  auto today = echonet::decode_history1(m.answer(echonet::make_get(5, e2))->properties[0].edt);
  REQUIRE(today);
  CHECK(today->counts[0].valid());
  CHECK(today->counts[1].state == echonet::sample_state::no_data);
}

TEST_CASE("a jump of the meter's clock integrates the load over it") {
  meter m{{}, t0};
  const auto before = m.import_wh();
  m.jump(3 * 3'600'000, t0);
  CHECK(m.clock_ms() == t0 + 3 * 3'600'000);
  CHECK(m.import_wh() > before);
  CHECK(m.import_at(t0 + 3 * 3'600'000));
}

TEST_CASE("unsupported EPCs come back with PDC 0 in a Get_SNA, the others with data") {
  meter m{{.coefficient = false}, t0};
  const std::uint8_t epcs[] = {0xD3, 0xE1};
  auto reply = m.answer(echonet::make_get(1, epcs));
  REQUIRE(reply);
  CHECK(reply->esv == echonet::esv::get_sna);
  CHECK(reply->properties[0].edt.empty());
  CHECK(reply->properties[1].edt == std::vector<std::uint8_t>{0x01});
}
