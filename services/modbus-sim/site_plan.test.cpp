// The shop file and the command line's devices: a good file reads as written, every bad key is named with its
// reason, device ranges land on their lines, and a Mercury meter is refused on a Modbus TCP port.
#include <catch2/catch.hpp>

#include <fstream>
#include <unistd.h>

#include "meterhub/core/error.hpp"
#include "site.hpp"
#include "site_plan.hpp"

using namespace meterhub;
using namespace meterhub::modbus_sim;
using Catch::Matchers::Contains;

namespace {

constexpr std::string_view good_shop = R"(
seed: 42
lines:
  - name: hall
    kind: tcp
    listen: 127.0.0.1:0
    devices:
      - {unit: 1, profile: sdm630}
      - {unit: "2-4", profile: sdm120, seed: 9}
  - name: rs485
    kind: pty
    link: /tmp/meterhub-sim-rs485
    baud: 9600
    parity: even
    stop_bits: 2
    devices:
      - {unit: 16, profile: owen-mv110-224-16dn}
      - {address: "30-31", profile: mercury230, password: "123456", admin_password: "654321"}
  - name: converter
    kind: rtu-tcp
    listen: "[::1]:5020"
    baud: 19200
    devices:
      - {address: 5, profile: mercury234}
)";

/// The text of the error of a load that must fail.
std::string failure_of(std::string_view text) {
  auto plan = load_site_text(text, "shop.yaml");
  REQUIRE_FALSE(plan);
  return describe(plan.error());
}

/// One line of the given kind with one device, with `extra` added to the line (indented by four spaces).
std::string line_with(std::string_view extra, std::string_view kind = "pty",
                      std::string_view device = "{unit: 1, profile: sdm630}") {
  return "lines:\n  - name: l1\n    kind: " + std::string{kind} + "\n" + std::string{extra}
         + "    devices:\n      - " + std::string{device} + "\n";
}

device_spec device(std::string_view text) {
  auto d = parse_device_option(text);
  REQUIRE(d);
  return *d;
}

line_spec line_named(std::string name, line_kind kind) {
  line_spec l;
  l.name = std::move(name);
  l.kind = kind;
  return l;
}

} // namespace

TEST_CASE("a good shop file reads as written") {
  auto plan = load_site_text(good_shop, "shop.yaml");
  REQUIRE(plan);
  CHECK(plan->seed == 42u);
  REQUIRE(plan->lines.size() == 3);

  const auto& hall = plan->lines[0];
  CHECK(hall.name == "hall");
  CHECK(hall.kind == line_kind::tcp);
  CHECK(hall.host == "127.0.0.1");
  CHECK(hall.port == 0);
  CHECK(hall.format.baud == 0);
  REQUIRE(hall.devices.size() == 2);
  CHECK(hall.devices[0].first == 1);
  CHECK(hall.devices[0].last == 1);
  CHECK(hall.devices[0].profile == "sdm630");
  CHECK_FALSE(hall.devices[0].seed);
  CHECK(hall.devices[1].first == 2);
  CHECK(hall.devices[1].last == 4);
  CHECK(hall.devices[1].seed == 9u);

  const auto& rs485 = plan->lines[1];
  CHECK(rs485.kind == line_kind::pty);
  CHECK(rs485.link == "/tmp/meterhub-sim-rs485");
  CHECK(rs485.format.baud == 9600);
  CHECK(rs485.format.parity);
  CHECK(rs485.format.stop_bits == 2);
  CHECK(rs485.format.data_bits == 8);
  REQUIRE(rs485.devices.size() == 2);
  CHECK(rs485.devices[0].password == "111111"); // the factory passwords when none is given
  CHECK(rs485.devices[0].admin_password == "222222");
  CHECK(rs485.devices[1].first == 30);
  CHECK(rs485.devices[1].last == 31);
  CHECK(rs485.devices[1].profile == "mercury230");
  CHECK(rs485.devices[1].password == "123456");
  CHECK(rs485.devices[1].admin_password == "654321");

  const auto& converter = plan->lines[2];
  CHECK(converter.kind == line_kind::rtu_tcp);
  CHECK(converter.host == "::1");
  CHECK(converter.port == 5020);
  CHECK(converter.format.baud == 19200);
  CHECK_FALSE(converter.format.parity);

  CHECK_FALSE(place_devices(*plan, {}));
}

TEST_CASE("a shop file on disk, and one that is not there") {
  const auto file = std::filesystem::temp_directory_path()
                    / ("meterhub-sim-shop-" + std::to_string(::getpid()) + ".yaml");
  {
    std::ofstream out{file};
    out << good_shop;
  }
  auto plan = load_site_file(file);
  std::filesystem::remove(file);
  REQUIRE(plan);
  CHECK(plan->lines.size() == 3);

  auto missing = load_site_file(file);
  REQUIRE_FALSE(missing);
  CHECK_THAT(describe(missing.error()), Contains(file.string()) && Contains("cannot read"));
}

TEST_CASE("defaults: a tcp line on any free loopback port, no pacing") {
  auto plan = load_site_text("lines:\n  - name: a\n    devices: [{unit: 1, profile: sdm630}]\n", "shop.yaml");
  REQUIRE(plan);
  CHECK_FALSE(plan->seed);
  REQUIRE(plan->lines.size() == 1);
  CHECK(plan->lines[0].kind == line_kind::tcp);
  CHECK(plan->lines[0].host == "127.0.0.1");
  CHECK(plan->lines[0].port == 0);
  CHECK(plan->lines[0].format.baud == 0);
}

TEST_CASE("every bad key of a shop file is named with the file and the reason") {
  SECTION("the file itself") {
    CHECK_THAT(failure_of("seed: 1\n"), Contains("shop.yaml: lines: required key missing"));
    CHECK_THAT(failure_of("lines: []\nsedd: 1\n"), Contains("shop.yaml: sedd: unknown key"));
    CHECK_THAT(failure_of("seed: -1\nlines: []\n"), Contains("seed"));
    CHECK_THAT(failure_of("lines: {name: a}\n"), Contains("lines: expected a list"));
    CHECK_THAT(failure_of("lines: [\n"), Contains("shop.yaml"));
  }
  SECTION("a line") {
    CHECK_THAT(failure_of("lines:\n  - kind: tcp\n    devices: [{unit: 1, profile: sdm630}]\n"),
               Contains("lines[0].name"));
    CHECK_THAT(failure_of(line_with("", "rtu_tcp")), Contains("lines[0].kind: expected one of tcp, rtu-tcp, pty"));
    CHECK_THAT(failure_of(line_with("    port: 502\n")), Contains("lines[0].port: unknown key"));
    CHECK_THAT(failure_of(line_with("    listen: 127.0.0.1:502\n", "pty")),
               Contains("lines[0].listen: a pty line has no port"));
    CHECK_THAT(failure_of(line_with("    listen: localhost\n", "tcp")), Contains("lines[0].listen: expected HOST:PORT"));
    CHECK_THAT(failure_of(line_with("    listen: 127.0.0.1:70000\n", "rtu-tcp")), Contains("lines[0].listen"));
    CHECK_THAT(failure_of(line_with("    link: /tmp/x\n", "tcp")), Contains("lines[0].link: only a pty line"));
    CHECK_THAT(failure_of(line_with("    baud: 9600\n", "tcp")), Contains("lines[0].baud: a Modbus TCP line has no"));
    CHECK_THAT(failure_of(line_with("    baud: fast\n")), Contains("lines[0].baud"));
    CHECK_THAT(failure_of(line_with("    baud: 2000000\n")), Contains("lines[0].baud"));
    CHECK_THAT(failure_of(line_with("    parity: mark\n")), Contains("lines[0].parity: expected one of none, even, odd"));
    CHECK_THAT(failure_of(line_with("    stop_bits: 3\n")), Contains("lines[0].stop_bits"));
    CHECK_THAT(failure_of(line_with("    data_bits: 5\n")), Contains("lines[0].data_bits"));
  }
  SECTION("a device") {
    CHECK_THAT(failure_of(line_with("", "pty", "{profile: sdm630}")),
               Contains("lines[0].devices[0].unit: required key missing"));
    CHECK_THAT(failure_of(line_with("", "pty", "{unit: 1, address: 2, profile: sdm630}")),
               Contains("lines[0].devices[0].address: give unit (Modbus) or address (Mercury), not both"));
    CHECK_THAT(failure_of(line_with("", "pty", "{unit: 256, profile: sdm630}")),
               Contains("lines[0].devices[0].unit: expected a number from 0 to 255"));
    CHECK_THAT(failure_of(line_with("", "pty", "{unit: \"5-3\", profile: sdm630}")),
               Contains("lines[0].devices[0].unit") && Contains("\"5-3\""));
    CHECK_THAT(failure_of(line_with("", "pty", "{address: \"1-x\", profile: mercury230}")),
               Contains("lines[0].devices[0].address"));
    CHECK_THAT(failure_of(line_with("", "pty", "{unit: 1}")), Contains("lines[0].devices[0].profile"));
    CHECK_THAT(failure_of(line_with("", "pty", "{unit: 1, profile: sdm630, seed: -3}")),
               Contains("lines[0].devices[0].seed"));
    CHECK_THAT(failure_of(line_with("", "pty", "{unit: 1, profile: sdm630, pasword: x}")),
               Contains("lines[0].devices[0].pasword: unknown key"));
  }
  SECTION("all problems at once, one a line") {
    const auto text = failure_of("lines:\n  - name: a\n    kind: serial\n    devices: [{unit: 900, profile: x}]\n"
                                 "colour: red\n");
    CHECK_THAT(text, Contains("lines[0].kind"));
    CHECK_THAT(text, Contains("lines[0].devices[0].unit"));
    CHECK_THAT(text, Contains("colour"));
  }
}

TEST_CASE("the --device option: UNIT or UNIT-UNIT, a profile, an optional @LINE") {
  const auto one = device("7:sdm630");
  CHECK(one.first == 7);
  CHECK(one.last == 7);
  CHECK(one.profile == "sdm630");
  CHECK(one.line.empty());

  const auto range = device("3-5:sdm120@tcp2");
  CHECK(range.first == 3);
  CHECK(range.last == 5);
  CHECK(range.profile == "sdm120");
  CHECK(range.line == "tcp2");

  const auto path = device("1:../profiles/my-meter.yaml@pty1");
  CHECK(path.profile == "../profiles/my-meter.yaml");
  CHECK(path.line == "pty1");

  for (const char* bad : {"sdm630", "7", "7:", ":sdm630", "x:sdm630", "5-3:sdm630", "1-256:sdm630", "7:sdm630@",
                          "7:@tcp1", "-3:sdm630"}) {
    INFO(bad);
    auto d = parse_device_option(bad);
    REQUIRE_FALSE(d);
    CHECK_THAT(describe(d.error()), Contains("expected UNIT[-UNIT]:PROFILE[@LINE]"));
  }
}

TEST_CASE("durations and HOST:PORT") {
  CHECK(parse_duration("250ms") == std::chrono::milliseconds{250});
  CHECK(parse_duration("2s") == std::chrono::milliseconds{2000});
  CHECK(parse_duration("4m") == std::chrono::milliseconds{240'000});
  CHECK(parse_duration("1h") == std::chrono::milliseconds{3'600'000});
  for (const char* bad : {"", "2", "s", "2 s", "1.5s", "-1s", "2d"})
    CHECK_FALSE(parse_duration(bad));

  CHECK(*parse_host_port("0.0.0.0:502") == std::make_pair(std::string{"0.0.0.0"}, std::uint16_t{502}));
  CHECK(*parse_host_port("[::1]:1502") == std::make_pair(std::string{"::1"}, std::uint16_t{1502}));
  CHECK(*parse_host_port("1502") == std::make_pair(std::string{"127.0.0.1"}, std::uint16_t{1502}));
  for (const char* bad : {"", "host:", ":502", "host:65536", "host:x"})
    CHECK_FALSE(parse_host_port(bad));
}

TEST_CASE("placing command-line devices on the lines") {
  site_plan plan;
  plan.lines.push_back(line_named("tcp1", line_kind::tcp));
  plan.lines.push_back(line_named("tcp2", line_kind::tcp));
  plan.lines.push_back(line_named("pty1", line_kind::pty));

  SECTION("without @LINE on every line, a range as one run") {
    REQUIRE_FALSE(place_devices(plan, {device("3-5:sdm630")}));
    for (const auto& line : plan.lines) {
      REQUIRE(line.devices.size() == 1);
      CHECK(line.devices[0].first == 3);
      CHECK(line.devices[0].last == 5);
    }
  }
  SECTION("with @LINE only there") {
    REQUIRE_FALSE(place_devices(plan, {device("1-2:sdm630"), device("3-5:mercury230@pty1")}));
    CHECK(plan.lines[0].devices.size() == 1);
    CHECK(plan.lines[1].devices.size() == 1);
    REQUIRE(plan.lines[2].devices.size() == 2);
    CHECK(plan.lines[2].devices[1].profile == "mercury230");
    CHECK(plan.lines[2].devices[1].first == 3);
    CHECK(plan.lines[2].devices[1].last == 5);
  }
  SECTION("an unknown line is named with the lines there are") {
    const auto err = place_devices(plan, {device("1:sdm630@tcp9")});
    CHECK_THAT(describe(err), Contains("no line named 'tcp9'") && Contains("(lines: pty1, tcp1, tcp2)"));
  }
  SECTION("a line without devices") {
    const auto err = place_devices(plan, {device("1:sdm630@tcp1"), device("1:sdm630@pty1")});
    CHECK_THAT(describe(err), Contains("line 'tcp2' has no devices"));
  }
  SECTION("ranges that overlap on a line") {
    const auto err = place_devices(plan, {device("1-5:sdm630"), device("5-6:sdm120@tcp2")});
    CHECK_THAT(describe(err), Contains("line 'tcp2': address 5 is used twice"));
  }
  SECTION("address 0 is the RTU broadcast, but a unit id like any other on Modbus TCP") {
    const auto err = place_devices(plan, {device("0-2:sdm630")});
    CHECK_THAT(describe(err), Contains("line 'pty1': address 0 is the RTU broadcast"));
    site_plan tcp;
    tcp.lines.push_back(line_named("tcp1", line_kind::tcp));
    CHECK_FALSE(place_devices(tcp, {device("0:sdm630")}));
  }
  SECTION("two lines of one name") {
    plan.lines.push_back(line_named("tcp1", line_kind::rtu_tcp));
    CHECK_THAT(describe(place_devices(plan, {device("1:sdm630")})), Contains("two lines are named 'tcp1'"));
  }
}

TEST_CASE("a shop file's devices are checked with the command line's") {
  auto plan = load_site_text(line_with("", "pty", "{unit: \"1-3\", profile: sdm630}"), "shop.yaml");
  REQUIRE(plan);
  CHECK_THAT(describe(place_devices(*plan, {device("3:sdm120")})), Contains("address 3 is used twice"));
}

namespace {

build_options options_here() {
  build_options o;
  o.profiles_dir = MH_PROFILES_DIR;
  o.start_ms = 1772445600000; // 2026-03-02T10:00:00Z
  o.profile_days = 1;
  o.step_ms = 60'000;
  return o;
}

site_plan one_line(line_kind kind, device_spec d) {
  site_plan plan;
  plan.lines.push_back(line_named("l1", kind));
  plan.lines[0].devices.push_back(std::move(d));
  return plan;
}

} // namespace

TEST_CASE("building the site: Mercury meters only on RTU lines") {
  const auto mercury = device("3:mercury230");
  SECTION("refused on a Modbus TCP port") {
    auto site = build_site(one_line(line_kind::tcp, mercury), options_here());
    REQUIRE_FALSE(site);
    CHECK_THAT(describe(site.error()), Contains("line 'l1'") && Contains("put them on a pty or rtu-tcp line"));
  }
  SECTION("taken on a pty and on an RTU-over-TCP port") {
    for (const auto kind : {line_kind::pty, line_kind::rtu_tcp}) {
      auto site = build_site(one_line(kind, mercury), options_here());
      REQUIRE(site);
      REQUIRE(site->lines.size() == 1);
      CHECK(site->devices == 1);
      const auto& station = site->lines[0].station;
      CHECK(station.framing() == modbus::framing::rtu);
      CHECK(station.mercury_at(3) != nullptr);
      CHECK(station.mercury_addresses().test(3));
      CHECK(station.mercury_addresses().count() == 1);
    }
  }
  SECTION("a Modbus range on a TCP port, every unit its own device") {
    auto site = build_site(one_line(line_kind::tcp, device("3-5:sdm120")), options_here());
    REQUIRE(site);
    CHECK(site->devices == 3);
    const auto& station = site->lines[0].station;
    CHECK(station.framing() == modbus::framing::tcp);
    CHECK(station.modbus_at(2) == nullptr);
    CHECK(station.modbus_at(3) != nullptr);
    CHECK(station.modbus_at(5) != nullptr);
    CHECK(station.modbus_at(6) == nullptr);
  }
  SECTION("an unknown profile, and a password that is not six") {
    auto unknown = build_site(one_line(line_kind::tcp, device("1:no-such-meter")), options_here());
    REQUIRE_FALSE(unknown);
    CHECK_THAT(describe(unknown.error()), Contains("profile 'no-such-meter'"));
    auto d = mercury;
    d.password = "1234";
    auto short_password = build_site(one_line(line_kind::pty, d), options_here());
    REQUIRE_FALSE(short_password);
    CHECK_THAT(describe(short_password.error()), Contains("Mercury 3 on l1") && Contains("passwords are six"));
  }
  SECTION("device seeds: the plan's seed counts up a range, else derived from the site's seed") {
    CHECK(device_seed(1, 0, 3) == device_seed(1, 0, 3));
    CHECK(device_seed(1, 0, 3) != device_seed(1, 0, 4));
    CHECK(device_seed(1, 0, 3) != device_seed(1, 1, 3));
    CHECK(device_seed(1, 0, 3) != device_seed(2, 0, 3));
  }
}
