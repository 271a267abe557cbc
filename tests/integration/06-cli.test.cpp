// The command lines as users type them: meterhub-p1 decode and run --once, meterhub-p1-sim on a pty with faults,
// meterhubctl against the whole platform, and the gateway's standard gRPC health and reflection services. Every
// program runs as a real process; output and exit codes are checked against values known independently (the
// capture in tests/data, the simulator's record decoded here, the gateway's own answers).
#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include <catch2/catch.hpp>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor_database.h>
#include <nlohmann/json.hpp>
#include <signal.h>

#include "cli_fixtures.hpp"
#include "cli_grpc_clients.hpp"
#include "meterhub/core/error.hpp"
#include "meterhub/core/time.hpp"
#include "meterhub/dsmr/framer.hpp"
#include "meterhub/dsmr/readings.hpp"
#include "meterhub/dsmr/telegram.hpp"
#include "meterhub/transport/transport.hpp"
#include "meterhub/wire/convert.hpp"
#include "meterhub/wire/json.hpp"
#include "platform.hpp"

using namespace meterhub;
using namespace meterhub::it;
using namespace std::chrono_literals;

namespace {

const std::string device = "p1-e0043007123456719"; // the capture's and the simulator's equipment id
const std::string smarty_key = "000102030405060708090A0B0C0D0E0F";

std::string bin(const std::string& name) {
  return testing::program(name).string();
}

std::string capture(const std::string& name) {
  return std::string{MH_TEST_DATA_DIR} + "/dsmr/" + name;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// The line of `out` that holds the reading of `quantity` ("" when none).
std::string line_of(const std::string& out, const std::string& quantity) {
  for (const auto& line : cli::lines_of(out))
    if (line.find("\"quantity\":\"" + quantity + "\"") != std::string::npos)
      return line;
  return {};
}

std::vector<std::string> words(const std::string& line) {
  std::istringstream in{line};
  std::vector<std::string> out;
  for (std::string w; in >> w;)
    out.push_back(w);
  return out;
}

/// One line ending in a line feed: how every error of the command-line programs must look.
bool one_line(const std::string& text) {
  return !text.empty() && text.back() == '\n' && std::count(text.begin(), text.end(), '\n') == 1;
}

/// The readings of a telegram as sent, decoded here without the programs under test.
std::vector<reading> readings_of(const std::string& telegram) {
  auto t = dsmr::parse_telegram(telegram.substr(telegram.find('/')));
  return t ? dsmr::to_readings(*t, {}) : std::vector<reading>{};
}

/// The simulator's --record file: (valid, fault, telegram) per telegram that reached a reader.
std::vector<nlohmann::json> recorded(const std::filesystem::path& file) {
  std::vector<nlohmann::json> out;
  for (const auto& line : cli::lines_of(read_text(file.string())))
    out.push_back(nlohmann::json::parse(line));
  return out;
}

/// Starts meterhub-p1-sim with `args` and waits for the line that names its output ("pty: " or "tcp: ").
std::unique_ptr<testing::process> start_sim(const testing::temp_dir& dir, const std::string& name,
                                            std::vector<std::string> args, const std::string& marker) {
  args.insert(args.begin(), bin("meterhub-p1-sim"));
  auto sim = std::make_unique<testing::process>(args, dir.path(), name);
  if (!testing::eventually([&] { return sim->stdout_text().find(marker) != std::string::npos; }, 10s))
    throw std::runtime_error("meterhub-p1-sim did not start: " + sim->stderr_text());
  return sim;
}

/// The text after `marker` on its line of `text` ("pty: /dev/pts/3" → "/dev/pts/3").
std::string value_after(const std::string& text, const std::string& marker) {
  const auto at = text.find(marker) + marker.size();
  return text.substr(at, text.find('\n', at) - at);
}

/// The pty a simulator started with --pty printed, opened like a serial port.
std::unique_ptr<transport::byte_stream> open_pty_of(testing::process& sim) {
  const auto path = value_after(sim.stdout_text(), "pty: ");
  auto port = transport::open_serial(path, *transport::serial_settings::parse("115200 8N1"));
  if (!port)
    throw std::runtime_error("cannot open " + path + ": " + describe(port.error()));
  return std::move(*port);
}

/// Frames read from a pty with their arrival times.
struct frame_reader {
  explicit frame_reader(std::unique_ptr<transport::byte_stream> s) : stream(std::move(s)) {}

  std::unique_ptr<transport::byte_stream> stream;
  dsmr::telegram_framer framer;
  std::vector<std::pair<std::chrono::steady_clock::time_point, dsmr::raw_frame>> frames;

  /// Reads until `done()` or `timeout`; returns `done()`.
  template <class Done>
  bool read_until_done(Done done, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::array<char, 4096> buf;
    while (!done() && std::chrono::steady_clock::now() < deadline) {
      auto got = stream->read_some(buf, 50ms);
      if (!got)
        break;
      framer.feed({buf.data(), *got});
      while (auto f = framer.next())
        frames.emplace_back(std::chrono::steady_clock::now(), std::move(*f));
    }
    return done();
  }
  /// Reads until `count` frames arrived in all or `timeout` passed; returns how many there are.
  std::size_t read_until(std::size_t count, std::chrono::milliseconds timeout) {
    read_until_done([&] { return frames.size() >= count; }, timeout);
    return frames.size();
  }
};

/// The simulator's number of a telegram (1, 2, ...) from the meter time it carries, for --start `start_ms` and
/// --clock-step `step_ms`; 0 when it carries none. Telegrams written before a reader opened the pty are flushed by
/// the open, as on a serial port, so the first telegram read is not always the first one sent.
long seq_of(const dsmr::raw_frame& frame, std::int64_t start_ms, std::int64_t step_ms) {
  for (const auto& r : readings_of(frame.text))
    if (r.quantity == "1-0:1.8.1")
      return static_cast<long>((r.time_ms - start_ms) / step_ms) + 1;
  return 0;
}

} // namespace

TEST_CASE("meterhub-p1 decode prints one JSON object per reading, from a file or from stdin") {
  testing::temp_dir dir{"meterhub-cli"};
  const auto file = capture("dsmr5-three-phase-gas.txt");
  const auto r = cli::run({bin("meterhub-p1"), "decode", file}, dir.path(), "decode-file", 10s);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto lines = cli::lines_of(r.out);
  REQUIRE(lines.size() >= 25);
  std::set<std::string> quantities;
  for (const auto& line : lines) {
    const auto j = nlohmann::json::parse(line);
    REQUIRE(j.is_object());
    CHECK(j["device"] == device);
    CHECK(j["time"].get<std::string>().back() == 'Z');
    quantities.insert(j["quantity"].get<std::string>());
  }
  CHECK(quantities.size() == lines.size()); // one object per reading: no reading twice

  // The meter wrote 231029023000S: 02:30 summer time in Amsterdam on the night the clocks went back, 00:30 UTC.
  CHECK(line_of(r.out, "1-0:1.8.1") == R"({"device":"p1-e0043007123456719","quantity":"1-0:1.8.1","value":12345678.0,)"
                                       R"("unit":"Wh","time":"2023-10-29T00:30:00Z","flags":["summer_time"]})");
  CHECK(line_of(r.out, "1-0:2.8.2") == R"({"device":"p1-e0043007123456719","quantity":"1-0:2.8.2","value":234567.0,)"
                                       R"("unit":"Wh","time":"2023-10-29T00:30:00Z","flags":["summer_time"]})");
  CHECK(line_of(r.out, "1-0:1.7.0") == R"({"device":"p1-e0043007123456719","quantity":"1-0:1.7.0","value":1193.0,)"
                                       R"("unit":"W","time":"2023-10-29T00:30:00Z","flags":["summer_time"]})");
  CHECK(line_of(r.out, "1-0:52.7.0") == R"({"device":"p1-e0043007123456719","quantity":"1-0:52.7.0","value":229.8,)"
                                        R"("unit":"V","time":"2023-10-29T00:30:00Z","flags":["summer_time"]})");
  // The gas meter's own capture time, 231029022500S.
  CHECK(line_of(r.out, "0-1:24.2.1") == R"({"device":"p1-e0043007123456719","quantity":"0-1:24.2.1","value":1234.567,)"
                                        R"("unit":"m3","time":"2023-10-29T00:25:00Z","flags":["summer_time"]})");

  SECTION("decode - reads the same bytes from stdin") {
    const auto in = cli::run({bin("meterhub-p1"), "decode", "-"}, dir.path(), "decode-stdin", 10s, file);
    INFO(in.err);
    CHECK(in.exit_code == 0);
    CHECK(in.out == r.out);
  }
  SECTION("--device names the device") {
    const auto named = cli::run({bin("meterhub-p1"), "decode", "--device", "house-1", file}, dir.path(), "named", 10s);
    CHECK(named.exit_code == 0);
    CHECK(cli::lines_of(named.out).size() == lines.size());
    CHECK(line_of(named.out, "1-0:1.8.1").find(R"({"device":"house-1","quantity":"1-0:1.8.1",)") == 0);
  }
}

TEST_CASE("meterhub-p1 decode rejects a telegram with one digit changed, naming the expected and received CRC") {
  testing::temp_dir dir{"meterhub-cli"};
  auto text = read_text(capture("dsmr5-three-phase-gas.txt"));
  const std::string original = "1-0:1.8.1(012345.678*kWh)";
  const auto at = text.find(original);
  REQUIRE(at != std::string::npos);
  text[at + original.find("678") + 2] = '9'; // 012345.679 kWh
  const auto changed = dir / "one-digit-changed.txt";
  std::ofstream(changed, std::ios::binary) << text;
  // The CRC the changed bytes call for, computed here; the meter sent 8FEB for the original.
  const auto refinished = dsmr::finish_telegram(text.substr(0, text.rfind('!') + 1));
  const auto expected = refinished.substr(refinished.rfind('!') + 1, 4);
  REQUIRE(expected != "8FEB");

  const auto r = cli::run({bin("meterhub-p1"), "decode", changed.string()}, dir.path(), "decode-bad", 10s);
  CHECK(r.exit_code == 1);
  CHECK(r.out.empty()); // nothing of a rejected telegram is printed
  CHECK(one_line(r.err));
  CHECK(r.err.find("expected " + expected) != std::string::npos);
  CHECK(r.err.find("received 8FEB") != std::string::npos);

  SECTION("a good telegram in the same capture is still printed") {
    const auto both = dir / "good-then-bad.txt";
    std::ofstream(both, std::ios::binary) << read_text(capture("dsmr5-three-phase-gas.txt")) << text;
    const auto mixed = cli::run({bin("meterhub-p1"), "decode", both.string()}, dir.path(), "decode-mixed", 10s);
    CHECK(mixed.exit_code == 1);
    CHECK(line_of(mixed.out, "1-0:1.8.1").find("\"value\":12345678.0,") != std::string::npos);
    CHECK(mixed.out.find("12345679") == std::string::npos);
    CHECK(mixed.err.find("telegram 2: CRC mismatch: expected " + expected + ", received 8FEB") != std::string::npos);
  }
}

TEST_CASE("meterhub-p1 decode --key decrypts a Smarty capture taken from the simulator's encrypted output") {
  // tests/data has no encrypted capture: take one from meterhub-p1-sim --encrypt-key over TCP, and compare with
  // the plaintext telegrams the simulator recorded.
  testing::temp_dir dir{"meterhub-cli"};
  auto sim = start_sim(dir, "sim-smarty",
                       {"--tcp-listen", "127.0.0.1:0", "--interval", "100ms", "--seed", "4", "--start",
                        "2024-03-01T12:00:00Z", "--encrypt-key", smarty_key, "--record", (dir / "sent.jsonl").string()},
                       "tcp: ");
  const auto port = cli::number_after(sim->stdout_text(), "tcp: 127.0.0.1:");
  auto conn = transport::connect_tcp("127.0.0.1", static_cast<std::uint16_t>(port), 5s);
  REQUIRE(conn);
  std::string bytes;
  std::array<char, 4096> buf;
  const auto until = std::chrono::steady_clock::now() + 700ms;
  while (std::chrono::steady_clock::now() < until)
    if (auto got = (*conn)->read_some(buf, 50ms))
      bytes.append(buf.data(), *got);
  sim->stop(); // between two telegrams: the capture ends with a whole envelope
  CHECK(sim->exit_code() == 0);
  for (auto got = (*conn)->read_some(buf, 500ms); got && *got > 0; got = (*conn)->read_some(buf, 500ms))
    bytes.append(buf.data(), *got);
  const auto file = dir / "smarty.bin";
  std::ofstream(file, std::ios::binary) << bytes;

  std::string expected;
  for (const auto& rec : recorded(dir / "sent.jsonl"))
    for (const auto& r : readings_of(rec["telegram"].get<std::string>()))
      expected += wire::to_json(device, r).dump() + "\n";
  REQUIRE(cli::lines_of(expected).size() > 3 * 20); // at least three telegrams of 20+ readings
  CHECK(bytes.find("1-0:1.8.1") == std::string::npos); // encrypted indeed

  const auto r = cli::run({bin("meterhub-p1"), "decode", "--key", smarty_key, file.string()}, dir.path(), "decrypt",
                          10s);
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out == expected);

  const auto plain = cli::run({bin("meterhub-p1"), "decode", file.string()}, dir.path(), "no-key", 10s);
  CHECK(plain.exit_code == 1);
  CHECK(plain.out.empty());
  const auto wrong = cli::run({bin("meterhub-p1"), "decode", "--key", "0F0E0D0C0B0A09080706050403020100",
                               file.string()},
                              dir.path(), "wrong-key", 10s);
  CHECK(wrong.exit_code == 1);
  CHECK(wrong.out.empty());
  CHECK(wrong.err.find("telegram 1: ") != std::string::npos);
}

TEST_CASE("meterhub-p1 run --once publishes one telegram, waits for the broker, exits 0, without a meter it gives up") {
  testing::temp_dir dir{"meterhub-cli"};
  testing::mosquitto_broker broker{dir.path()};
  cli::bus_listener bus{broker.url(), "meterhub/v1/readings/#"};
  auto p1 = [&](const std::string& port, std::vector<std::string> env, const std::string& name) {
    std::vector<std::string> argv{"/usr/bin/env", "METERHUB_BUS__URL=" + broker.url(),
                                  "METERHUB_BUS__STATE_DIR=" + (dir / (name + "-bus")).string(),
                                  "METERHUB_HTTP__LISTEN=127.0.0.1:0", "METERHUB_LOG__LEVEL=debug"};
    argv.insert(argv.end(), env.begin(), env.end());
    for (std::string a : {bin("meterhub-p1"), std::string{"run"}, std::string{"--once"}, std::string{"--port"}, port})
      argv.push_back(a);
    return cli::run(argv, dir.path(), name, 60s);
  };

  SECTION("a meter that answers") {
    auto sim = start_sim(dir, "sim",
                         {"--tcp-listen", "127.0.0.1:0", "--interval", "200ms", "--seed", "8", "--start",
                          "2024-06-03T10:00:00Z", "--record", (dir / "sent.jsonl").string()},
                         "tcp: ");
    const auto port = cli::number_after(sim->stdout_text(), "tcp: 127.0.0.1:");
    const auto r = p1("tcp://127.0.0.1:" + std::to_string(port), {}, "p1-once");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.took < 15s);
    // Acknowledged by the broker before the exit, so the subscriber gets it; and only one telegram went out.
    REQUIRE(testing::eventually([&] { return !bus.messages().empty(); }, 5s));
    std::this_thread::sleep_for(1s);
    const auto msgs = bus.messages();
    REQUIRE(msgs.size() == 1);
    CHECK(msgs[0].topic == "meterhub/v1/readings/" + device);
    auto batch = wire::decode_batch(msgs[0].payload);
    REQUIRE(batch);
    CHECK(batch->device == device);
    REQUIRE(batch->readings.size() >= 20);
    bool sent_by_sim = false;
    for (const auto& rec : recorded(dir / "sent.jsonl"))
      sent_by_sim = sent_by_sim || keys_of(readings_of(rec["telegram"].get<std::string>())) == keys_of(batch->readings);
    CHECK(sent_by_sim);
  }
  SECTION("no meter on the port: exit 1 after twice the watchdog") {
    const int nobody = testing::free_port();
    const auto r = p1("tcp://127.0.0.1:" + std::to_string(nobody), {"METERHUB_METER_DEFAULTS__WATCHDOG=2s"},
                      "p1-once-nobody");
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK(r.took >= 3500ms);
    CHECK(r.took < 10s);
    CHECK(r.err.find("meterhub-p1: no telegram was published and acknowledged within 4 s") != std::string::npos);
    CHECK(bus.messages().empty());
  }
}

TEST_CASE("meterhub-p1-sim --pty prints the pty, whose telegrams evolve and carry valid CRCs") {
  testing::temp_dir dir{"meterhub-cli"};
  auto sim = start_sim(dir, "sim-pty",
                       {"--pty", "--interval", "100ms", "--clock-step", "10s", "--seed", "9", "--start",
                        "2024-06-03T10:00:00Z"},
                       "pty: ");
  CHECK(value_after(sim->stdout_text(), "pty: ").rfind("/dev/pts/", 0) == 0);
  frame_reader pty{open_pty_of(*sim)};
  REQUIRE(pty.read_until(5, 10s) == 5);
  std::int64_t previous_time = 0;
  double previous_import = 0;
  for (const auto& [when, frame] : pty.frames) {
    auto t = dsmr::parse_telegram(frame.text);
    REQUIRE(t);
    CHECK(t->crc == dsmr::crc_status::valid);
    CHECK(t->kind == dsmr::dialect::dsmr5);
    CHECK(dsmr::equipment_id(*t) == "E0043007123456719");
    const auto rs = dsmr::to_readings(*t, {});
    auto q = [&](const std::string& name) {
      auto it = std::find_if(rs.begin(), rs.end(), [&](const reading& r) { return r.quantity == name; });
      REQUIRE(it != rs.end());
      return *it;
    };
    const auto import = *q("1-0:1.8.1").value + *q("1-0:1.8.2").value;
    CHECK(q("1-0:32.7.0").unit == unit::v);
    CHECK(q("0-1:24.2.1").unit == unit::m3);
    if (previous_time != 0) {
      CHECK(q("1-0:1.8.1").time_ms - previous_time == 10'000); // --clock-step
      CHECK(import >= previous_import);                     // registers integrate the power
    }
    previous_time = q("1-0:1.8.1").time_ms;
    previous_import = import;
  }
  CHECK(*parse_iso8601("2024-06-03T10:00:00Z") <= previous_time);
  sim->stop();
  CHECK(sim->exit_code() == 0);
}

TEST_CASE("meterhub-p1-sim faults: bad-crc, silence after N telegrams, SIGUSR1 switches sending off and on") {
  testing::temp_dir dir{"meterhub-cli"};

  SECTION("bad-crc:1 breaks the CRC of every telegram, and the record says so") {
    auto sim = start_sim(dir, "sim-bad-crc",
                         {"--pty", "--interval", "100ms", "--fault", "bad-crc:1", "--record",
                          (dir / "sent.jsonl").string()},
                         "pty: ");
    frame_reader pty{open_pty_of(*sim)};
    REQUIRE(pty.read_until(3, 10s) == 3);
    for (const auto& [when, frame] : pty.frames) {
      auto t = dsmr::parse_telegram(frame.text);
      REQUIRE(t);
      CHECK(t->crc == dsmr::crc_status::invalid);
      CHECK(t->crc_received != t->crc_expected);
    }
    sim->stop();
    const auto records = recorded(dir / "sent.jsonl");
    REQUIRE(records.size() >= 3);
    for (const auto& rec : records) {
      CHECK(rec["valid"] == false);
      CHECK(rec["fault"] == "bad-crc");
    }
  }
  const std::vector<std::string> clock{"--interval", "100ms", "--clock-step", "10s", "--start", "2024-06-03T10:00:00Z"};
  const auto start = *parse_iso8601("2024-06-03T10:00:00Z");
  // The simulator's number of the newest telegram read.
  auto last_seq = [&](const frame_reader& r) {
    return r.frames.empty() ? 0 : seq_of(r.frames.back().second, start, 10'000);
  };
  SECTION("silence:2@10 pauses two seconds after the tenth telegram; SIGUSR1 stops and resumes sending") {
    auto args = clock;
    args.insert(args.end(), {"--pty", "--fault", "silence:2@10"});
    auto sim = start_sim(dir, "sim-silence", args, "pty: ");
    frame_reader pty{open_pty_of(*sim)};
    REQUIRE(pty.read_until_done([&] { return last_seq(pty) >= 13; }, 10s));
    bool saw_silence = false;
    for (std::size_t i = 1; i < pty.frames.size(); ++i) {
      const auto seq = seq_of(pty.frames[i].second, start, 10'000);
      const auto gap = pty.frames[i].first - pty.frames[i - 1].first;
      INFO("telegram " << seq);
      CHECK(seq == seq_of(pty.frames[i - 1].second, start, 10'000) + 1); // nothing lost, nothing repeated
      if (seq == 11) {
        CHECK(gap >= 1800ms);
        saw_silence = true;
      } else {
        CHECK(gap < 1s);
      }
    }
    CHECK(saw_silence); // the reader was there before the tenth telegram
    for (const auto& [when, frame] : pty.frames)
      CHECK(dsmr::parse_telegram(frame.text)->crc == dsmr::crc_status::valid);

    REQUIRE(::kill(sim->pid(), SIGUSR1) == 0);
    pty.read_until(1000, 300ms); // what was on its way
    const auto before = pty.frames.size();
    pty.read_until(1000, 1s);
    CHECK(pty.frames.size() == before);
    REQUIRE(::kill(sim->pid(), SIGUSR1) == 0);
    CHECK(pty.read_until(before + 2, 3s) == before + 2);
    sim->stop();
    CHECK(sim->exit_code() == 0);
  }
  SECTION("a long silence does not delay SIGTERM") {
    auto args = clock;
    args.insert(args.end(), {"--pty", "--fault", "silence:30@10"});
    auto sim = start_sim(dir, "sim-long-silence", args, "pty: ");
    frame_reader pty{open_pty_of(*sim)};
    REQUIRE(pty.read_until_done([&] { return last_seq(pty) == 10; }, 10s));
    std::this_thread::sleep_for(300ms); // into the silence
    const auto asked = std::chrono::steady_clock::now();
    sim->stop(std::chrono::milliseconds(5000)); // SIGTERM; SIGKILL after 5 s shows as -1
    CHECK(sim->exit_code() == 0);
    CHECK(std::chrono::steady_clock::now() - asked < 2s);
  }
}

namespace {

/// meterhubctl against one gateway.
struct ctl {
  std::string gateway;
  std::filesystem::path dir;
  std::string name = "ctl"; ///< output files are name-1.out, name-1.err, ...
  int runs = 0;

  cli::run_result operator()(std::vector<std::string> args) {
    args.insert(args.begin(), {bin("meterhubctl"), "-g", gateway});
    return cli::run(args, dir, name + "-" + std::to_string(++runs), 30s);
  }
};

std::string gateway_address(platform& p) {
  int port = 0;
  testing::eventually(
    [&] { return (port = cli::number_after(p.gateway_process().stderr_text(), "ready: gRPC on port ")) > 0; }, 10s);
  return "127.0.0.1:" + std::to_string(port);
}

/// The newest sent reading of `quantity`.
reading newest(const std::vector<reading>& sent, const std::string& quantity) {
  reading out;
  for (const auto& r : sent)
    if (r.quantity == quantity && r.time_ms >= out.time_ms)
      out = r;
  return out;
}

/// What the simulator sent, decoded here: the reference for every answer.
struct sent_data {
  std::vector<reading> readings;
  std::set<reading_key> keys;
  reading last_import; ///< the newest 1-0:1.8.1

  static sent_data of(const platform& p) {
    sent_data s;
    s.readings = p.sent_readings();
    for (const auto& k : keys_of(s.readings))
      s.keys.insert(k);
    s.last_import = newest(s.readings, "1-0:1.8.1");
    return s;
  }
};

/// The quantity of the range checks: a voltage, so that min, max, avg and last differ.
const std::string ranged = "1-0:32.7.0";

/// True once storage holds every reading of `ranged` that was sent (the newest telegram included).
bool everything_stored(platform& p, const sent_data& sent) {
  const auto count = static_cast<int>(
    std::count_if(sent.readings.begin(), sent.readings.end(), [](const reading& r) { return r.quantity == ranged; }));
  return testing::eventually(
    [&] {
      grpc::ClientContext ctx;
      v1::RangeRequest req;
      req.set_device(device);
      req.set_quantity(ranged);
      req.set_to_unix_ms(4'000'000'000'000);
      v1::RangeResponse resp;
      return p.gateway().Range(&ctx, req, &resp).ok() && resp.readings_size() == count;
    },
    20s);
}

/// meterhubctl watch four times at once: filtered by quantity (a table, stopped by SIGINT), by device and quantities
/// (JSON, stopped by SIGTERM), by a device nobody has (SIGTERM), and -n 2 (stops by itself).
struct watch_clients {
  std::unique_ptr<testing::process> table, json, other, two;

  bool enough() const {
    return cli::lines_of(table->stdout_text()).size() >= 4 && cli::lines_of(json->stdout_text()).size() >= 6;
  }

  void stop() {
    REQUIRE(::kill(table->pid(), SIGINT) == 0);
    REQUIRE(::kill(json->pid(), SIGTERM) == 0);
    REQUIRE(::kill(other->pid(), SIGTERM) == 0);
    for (auto* w : {table.get(), json.get(), other.get(), two.get()}) {
      CHECK(w->wait_exit(5s));
      CHECK(w->exit_code() == 0);
      CHECK(w->stderr_text().empty());
    }
    CHECK(other->stdout_text().empty());
    CHECK(cli::lines_of(two->stdout_text()).size() == 2);
  }

  /// Every line printed is a reading that was sent, and only of the devices and quantities asked for.
  void check_against(const sent_data& sent) const {
    for (const auto& line : cli::lines_of(table->stdout_text())) {
      const auto w = words(line); // TIME  DEVICE  QUANTITY  VALUE UNIT
      REQUIRE(w.size() == 5);
      CHECK(w[1] == device);
      CHECK(w[2] == "1-0:52.7.0");
      CHECK(w[4] == "V");
      REQUIRE(parse_iso8601(w[0]));
      CHECK(sent.keys.count({w[2], *parse_iso8601(w[0]), std::stod(w[3])}) == 1);
    }
    for (const auto& line : cli::lines_of(json->stdout_text())) {
      const auto j = nlohmann::json::parse(line);
      CHECK(j["device"] == device);
      CHECK((j["quantity"] == "1-0:32.7.0" || j["quantity"] == "1-0:1.8.1"));
      CHECK(sent.keys.count({j["quantity"], *parse_iso8601(j["time"].get<std::string>()), j["value"]}) == 1);
    }
  }
};

watch_clients start_watches(const std::string& gateway, const std::filesystem::path& dir) {
  auto watch = [&](std::vector<std::string> args, const std::string& name) {
    args.insert(args.begin(), {bin("meterhubctl"), "-g", gateway});
    return std::make_unique<testing::process>(args, dir, name);
  };
  return {watch({"watch", "-q", "1-0:52.7.0"}, "watch-table"),
          watch({"--json", "watch", "-d", device, "-q", "1-0:32.7.0", "-q", "1-0:1.8.1"}, "watch-json"),
          watch({"watch", "-d", "p1-somebody-else"}, "watch-other"),
          watch({"--json", "watch", "-n", "2"}, "watch-two")};
}

/// devices, as a table and as JSON, says what the gateway says. The simulator is gone by now: meterhub-p1 reported
/// the device offline with the reason, and storage keeps that state.
void check_devices(ctl& run, platform& p) {
  v1::ListDevicesResponse listed;
  REQUIRE(testing::eventually(
    [&] {
      grpc::ClientContext ctx;
      listed.Clear();
      return p.gateway().ListDevices(&ctx, {}, &listed).ok() && listed.devices_size() == 1 &&
             listed.devices(0).state().health() == v1::HEALTH_OFFLINE;
    },
    10s));
  const auto& d = listed.devices(0);
  REQUIRE(!d.state().model().empty());
  REQUIRE(d.state().reason().find("closed") != std::string::npos);

  const auto table = run({"devices"});
  CHECK(table.exit_code == 0);
  const auto lines = cli::lines_of(table.out);
  REQUIRE(lines.size() == 2);
  CHECK(words(lines[0]) ==
        std::vector<std::string>{"DEVICE", "HEALTH", "READINGS", "LAST", "SEEN", "MODEL", "REASON"});
  auto row = words(lines[1]);
  REQUIRE(row.size() > 5);
  row.resize(5);
  CHECK(row == std::vector<std::string>{device, "OFFLINE", std::to_string(d.reading_count()),
                                        format_iso8601(d.last_seen_unix_ms()), d.state().model()});
  CHECK(lines[1].substr(lines[1].size() - d.state().reason().size()) == d.state().reason());

  const auto json = run({"--json", "devices"});
  CHECK(json.exit_code == 0);
  REQUIRE(cli::lines_of(json.out).size() == 1);
  const auto j = nlohmann::json::parse(json.out);
  CHECK(j["device"] == device);
  CHECK(j["health"] == "OFFLINE");
  CHECK(j["readings"] == d.reading_count());
  CHECK(j["first_seen"] == format_iso8601(d.first_seen_unix_ms()));
  CHECK(j["last_seen"] == format_iso8601(d.last_seen_unix_ms()));
  CHECK(j["model"] == d.state().model());
  CHECK(j["reason"] == d.state().reason());
}

/// latest prints the values storage has, as JSON and as a table.
void check_latest(ctl& run, platform& p, const sent_data& sent) {
  grpc::ClientContext ctx;
  v1::LatestRequest req;
  req.set_device(device);
  v1::LatestResponse stored;
  REQUIRE(p.gateway().Latest(&ctx, req, &stored).ok());
  REQUIRE(stored.readings_size() >= 20);
  std::set<std::string> expected;
  for (const auto& r : stored.readings())
    expected.insert(wire::to_json(device, wire::from_proto(r)).dump());

  const auto json = run({"--json", "latest", device});
  CHECK(json.exit_code == 0);
  const auto lines = cli::lines_of(json.out);
  CHECK(std::set<std::string>(lines.begin(), lines.end()) == expected);
  CHECK(lines.size() == expected.size());

  const auto table = run({"latest", device, "-q", "1-0:1.8.1"});
  CHECK(table.exit_code == 0);
  const auto rows = cli::lines_of(table.out);
  REQUIRE(rows.size() == 2);
  CHECK(words(rows[0]) == std::vector<std::string>{"DEVICE", "QUANTITY", "VALUE", "UNIT", "TIME", "FLAGS"});
  char value[32];
  std::snprintf(value, sizeof value, "%.0f", *sent.last_import.value);
  CHECK(words(rows[1]) == std::vector<std::string>{device, "1-0:1.8.1", value, "Wh",
                                                   format_iso8601(sent.last_import.time_ms), "summer_time"});
}

/// range --bucket prints one row per bucket with count, min, max, avg and last, computed here from what was sent;
/// --agg leaves the others out, --limit cuts raw readings and says so.
void check_range(ctl& run, const sent_data& sent) {
  struct bucket {
    std::uint64_t count = 0;
    double min = 1e300, max = -1e300, sum = 0, last = 0;
    std::int64_t last_time = 0;
  };
  std::map<std::int64_t, bucket> expected;
  for (const auto& r : sent.readings) {
    if (r.quantity != ranged)
      continue;
    auto& b = expected[r.time_ms - r.time_ms % 60'000];
    ++b.count;
    b.min = std::min(b.min, *r.value);
    b.max = std::max(b.max, *r.value);
    b.sum += *r.value;
    if (r.time_ms >= b.last_time)
      b.last = *r.value, b.last_time = r.time_ms;
  }
  REQUIRE(expected.size() >= 5);
  CHECK(std::any_of(expected.begin(), expected.end(), [](const auto& b) { return b.second.min < b.second.max; }));

  const std::vector<std::string> span{"--from", "2024-06-03T10:00:00Z", "--to", "2024-06-03T12:00:00Z"};
  auto args = std::vector<std::string>{"--json", "range", device, ranged, "--bucket", "1m"};
  args.insert(args.end(), span.begin(), span.end());
  const auto json = run(args);
  CHECK(json.exit_code == 0);
  const auto lines = cli::lines_of(json.out);
  CHECK(lines.size() == expected.size());
  for (const auto& line : lines) {
    const auto j = nlohmann::json::parse(line);
    const auto start = parse_iso8601(j["start"].get<std::string>());
    REQUIRE(start);
    REQUIRE(expected.count(*start) == 1);
    const auto& b = expected[*start];
    CHECK(j["device"] == device);
    CHECK(j["quantity"] == ranged);
    CHECK(j["count"] == b.count);
    CHECK(j["min"] == b.min);
    CHECK(j["max"] == b.max);
    CHECK(j["avg"].get<double>() == Approx(b.sum / static_cast<double>(b.count)));
    CHECK(j["last"] == b.last);
  }

  args = {"range", device, ranged, "--bucket", "1m", "--agg", "min,max"};
  args.insert(args.end(), span.begin(), span.end());
  const auto table = run(args);
  CHECK(table.exit_code == 0);
  const auto rows = cli::lines_of(table.out);
  REQUIRE(rows.size() == expected.size() + 1);
  CHECK(words(rows[0]) == std::vector<std::string>{"BUCKET", "START", "COUNT", "MIN", "MAX", "AVG", "LAST"});
  const auto first = words(rows[1]);
  REQUIRE(first.size() == 6);
  CHECK(first[0] == format_iso8601(expected.begin()->first));
  CHECK(first[1] == std::to_string(expected.begin()->second.count));
  CHECK(first[4] == "-"); // avg and last were not asked for
  CHECK(first[5] == "-");

  args = {"--json", "range", device, ranged, "--limit", "5"};
  args.insert(args.end(), span.begin(), span.end());
  const auto raw = run(args);
  CHECK(raw.exit_code == 0);
  CHECK(cli::lines_of(raw.out).size() == 5);
  CHECK(raw.err.find("cut at the limit") != std::string::npos);
}

/// command: read answers with the last telegram's values, writes are rejected, nobody answers for an unknown device.
void check_command(ctl& run, const sent_data& sent) {
  const auto read = run({"--json", "command", device, "read", "-q", "1-0:1.8.1"});
  CHECK(read.exit_code == 0);
  const auto j = nlohmann::json::parse(read.out);
  CHECK(j["status"] == "OK");
  CHECK(j["device"] == device);
  REQUIRE(j["readings"].size() == 1);
  CHECK(j["readings"][0]["quantity"] == "1-0:1.8.1");
  CHECK(j["readings"][0]["value"] == *sent.last_import.value);
  CHECK(j["readings"][0]["time"] == format_iso8601(sent.last_import.time_ms));

  const auto write = run({"command", device, "write", "--address", "1-0:1.8.1", "--value", "0"});
  CHECK(write.exit_code == 1);
  CHECK(write.out.rfind("REJECTED: P1 is a one-way push port", 0) == 0);

  const auto nobody = run({"--timeout", "2", "command", "p1-nobody", "read"});
  CHECK(nobody.exit_code == 1);
  CHECK(nobody.out.rfind("UNREACHABLE: no adapter answered for device 'p1-nobody'", 0) == 0);
}

/// health, as a line and as JSON.
void check_health_command(ctl& run) {
  const auto table = run({"health"});
  CHECK(table.exit_code == 0);
  CHECK(table.out == run.gateway + ": SERVING\n");
  const auto json = run({"--json", "health"});
  CHECK(json.exit_code == 0);
  CHECK(nlohmann::json::parse(json.out) == nlohmann::json{{"target", run.gateway}, {"status", "SERVING"}});
}

/// Errors are one line on stderr with the documented exit code.
void check_errors(ctl& run, const std::filesystem::path& dir) {
  const auto unknown = run({"latest", "p1-nobody"});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.out.empty());
  CHECK(one_line(unknown.err));
  CHECK(unknown.err.find("p1-nobody") != std::string::npos);
  CHECK(unknown.err.find("unknown") != std::string::npos);

  const auto no_series = run({"range", device, "9-9:9.9.9", "--from", "2024-06-03T10:00:00Z"});
  CHECK(no_series.exit_code == 2);
  CHECK(one_line(no_series.err));
  CHECK(no_series.err.find("9-9:9.9.9") != std::string::npos);

  ctl unreachable{"127.0.0.1:" + std::to_string(testing::free_port()), dir, "ctl-unreachable"};
  const auto down = unreachable({"--timeout", "3", "devices"});
  CHECK(down.exit_code == 3);
  CHECK(down.out.empty());
  CHECK(one_line(down.err));
  CHECK(down.err.rfind("meterhubctl: devices: ", 0) == 0);
  CHECK(down.took < 5s);

  const auto bad_bucket = run({"range", device, "1-0:1.7.0", "--bucket", "soon"});
  CHECK(bad_bucket.exit_code == 64);
  CHECK(bad_bucket.err == "meterhubctl: --bucket takes a duration such as 15m\n");
  const auto bad_kind = run({"command", device, "reboot"});
  CHECK(bad_kind.exit_code == 64);
  CHECK(one_line(bad_kind.err));
}

} // namespace

TEST_CASE("meterhubctl: devices, latest, range, watch, command and health against the running platform") {
  platform p;
  p.start_storage();
  p.start_gateway();
  ctl run{gateway_address(p), p.dir().path()};
  p.start_sim({"--interval", "100ms", "--clock-step", "10s", "--seed", "21"});
  p.start_p1();
  REQUIRE(testing::eventually([&] { return !p.stored(device).empty(); }, 20s));

  auto watches = start_watches(run.gateway, p.dir().path());
  REQUIRE(testing::eventually([&] { return watches.enough(); }, 15s));
  watches.stop();

  REQUIRE(testing::eventually([&] { return p.sent_telegrams(true) >= 40; }, 20s)); // several minutes of meter time
  p.sim().stop();
  const auto sent = sent_data::of(p);
  REQUIRE(everything_stored(p, sent));

  watches.check_against(sent);
  check_devices(run, p);
  check_latest(run, p, sent);
  check_range(run, sent);
  check_command(run, sent);
  check_health_command(run);
  check_errors(run, p.dir().path());
  // The gateway served streams, commands and queries: it still stops at once on SIGTERM.
  p.gateway_process().stop(std::chrono::milliseconds(5000));
  CHECK(p.gateway_process().exit_code() == 0);
}

TEST_CASE("the gateway and storage serve grpc.health.v1.Health and server reflection that describes their API") {
  platform p;
  p.start_storage();
  p.start_gateway();
  const auto gateway = gateway_address(p);
  int query_port = 0;
  testing::eventually(
    [&] { return (query_port = cli::number_after(p.storage().stderr_text(), "StorageQuery on port ")) > 0; }, 10s);
  const auto storage = "127.0.0.1:" + std::to_string(query_port);

  for (const auto& target : {gateway, storage}) {
    INFO(target);
    grpc::Status status;
    CHECK(cli::check_health(target, "", status) == grpc::health::v1::HealthCheckResponse::SERVING);
    CHECK(status.ok());
    cli::check_health(target, "no.such.Service", status);
    CHECK(status.error_code() == grpc::StatusCode::NOT_FOUND);
  }

  cli::reflection_client gw{gateway};
  const auto services = gw.services();
  CHECK(services.count("meterhub.v1.Gateway") == 1);
  CHECK(services.count("grpc.health.v1.Health") == 1);
  CHECK(services.count("grpc.reflection.v1alpha.ServerReflection") == 1);
  CHECK(services.count("meterhub.v1.StorageQuery") == 0);

  // Enough to call every method without compiled stubs, as grpcurl does: the file and all it imports.
  for (const std::string symbol : {"meterhub.v1.Gateway", "grpc.health.v1.Health"}) {
    INFO(symbol);
    google::protobuf::SimpleDescriptorDatabase db;
    for (const auto& f : gw.files_of(symbol))
      db.Add(f);
    google::protobuf::DescriptorPool pool{&db};
    const auto* service = pool.FindServiceByName(symbol);
    REQUIRE(service != nullptr);
    if (symbol == "meterhub.v1.Gateway") {
      std::set<std::string> methods;
      for (int i = 0; i < service->method_count(); ++i)
        methods.insert(service->method(i)->name());
      CHECK(methods == std::set<std::string>{"ListDevices", "Latest", "Range", "StreamReadings", "SendCommand"});
      const auto* stream = service->FindMethodByName("StreamReadings");
      CHECK(stream->server_streaming());
      CHECK(stream->output_type()->full_name() == "meterhub.v1.ReadingEvent");
      CHECK(stream->output_type()->FindFieldByName("reading")->message_type()->full_name() == "meterhub.v1.Reading");
    } else {
      CHECK(service->FindMethodByName("Check") != nullptr);
    }
  }
  CHECK(gw.finish().ok());

  cli::reflection_client st{storage};
  const auto storage_services = st.services();
  CHECK(storage_services.count("meterhub.v1.StorageQuery") == 1);
  CHECK(storage_services.count("grpc.health.v1.Health") == 1);
  CHECK(st.finish().ok());
}
