// One line of the site: it answers the frames of its own units and Mercury meters, keeps quiet (RTU) or answers
// as a gateway (TCP) for others, carries out broadcasts, and applies the fault plan to its answers.
#include <catch2/catch.hpp>

#include "mercury_meter.hpp"
#include "meterhub/core/error.hpp"
#include "meterhub/mercury/info.hpp"
#include "meterhub/mercury/reply.hpp"
#include "meterhub/modbus/crc.hpp"
#include "station.hpp"
#include "test_support.hpp"

using namespace meterhub;
using namespace meterhub::modbus_sim;
using namespace meterhub::modbus_sim::test;
using modbus::function_code;

namespace {

constexpr std::uint8_t modbus_unit = 3, mercury_address = 30;

std::unique_ptr<mercury_meter> make_mercury(std::uint8_t address = mercury_address) {
  auto p = profiles::load_profile(std::string{MH_PROFILES_DIR} + "/mercury230.yaml");
  REQUIRE(p);
  mercury_settings s;
  s.address = address;
  s.profile_days = 1;
  return std::make_unique<mercury_meter>(std::make_shared<const profiles::profile>(std::move(*p)), s, monday_10am);
}

/// An RTU line "bus" with the test meter at unit 3 and a Mercury 230 at 30.
line_station rtu_line() {
  line_station line{"bus", modbus::framing::rtu};
  REQUIRE(line.add(std::make_unique<modbus_device>(make_device(test_meter, modbus_unit))));
  REQUIRE(line.add(make_mercury()));
  return line;
}

/// A Modbus TCP port "tcp1" with the test meter at unit 3.
line_station tcp_line() {
  line_station line{"tcp1", modbus::framing::tcp};
  REQUIRE(line.add(std::make_unique<modbus_device>(make_device(test_meter, modbus_unit))));
  return line;
}

std::vector<std::uint8_t> frame_of(const modbus::request& r, modbus::framing f) {
  auto bytes = modbus::encode_request(r, f);
  REQUIRE(bytes);
  return *bytes;
}

modbus::request read_voltages(std::uint8_t unit = modbus_unit, std::uint16_t transaction = 0) {
  auto r = request(function_code::read_input_registers, 0, 6, {}, unit);
  r.transaction_id = transaction;
  return r;
}

std::vector<std::uint8_t> mercury_frame(const mercury::request& r, std::uint8_t address = mercury_address) {
  auto bytes = mercury::encode_request(address, r);
  REQUIRE(bytes);
  return *bytes;
}

struct bench {
  fault_plan faults;
  random_source rng{3};
  sim_time now{monday_10am + 60'000, 0};

  line_reply send(line_station& line, const std::vector<std::uint8_t>& frame, bool mercury = false,
                  bool silenced = false) {
    return line.on_frame(frame, mercury, faults, silenced, now, rng);
  }
};

} // namespace

TEST_CASE("an RTU line answers its Modbus unit with the device's values") {
  auto line = rtu_line();
  bench b;
  const auto sent = read_voltages();
  const auto reply = b.send(line, frame_of(sent, modbus::framing::rtu));
  CHECK(reply.device == modbus_unit);
  CHECK_FALSE(reply.drop);
  CHECK_FALSE(reply.faults.any());
  auto response = modbus::parse_response(reply.bytes, sent, modbus::framing::rtu);
  REQUIRE(response);
  REQUIRE_FALSE(response->is_exception());
  auto* device = line.modbus_at(modbus_unit);
  REQUIRE(device);
  CHECK(response->values == device->answer(sent, b.now.model_ms).values);
  CHECK(response->values[0] != 0);
}

TEST_CASE("an RTU line answers its Mercury meter in the Mercury protocol") {
  auto line = rtu_line();
  bench b;
  const mercury::read_info serial{mercury::info_kind::serial};
  const auto reply = b.send(line, mercury_frame(serial), true);
  CHECK(reply.device == mercury_address);
  auto data = mercury::check_reply(reply.bytes, mercury_address, serial);
  REQUIRE(data);
  CHECK(mercury::decode_serial(*data));
  CHECK(line.mercury_at(mercury_address) != nullptr);
  CHECK(line.mercury_at(modbus_unit) == nullptr);
  CHECK(line.modbus_at(mercury_address) == nullptr);
  CHECK(line.mercury_addresses().count() == 1);
  CHECK(line.mercury_addresses().test(mercury_address));
  CHECK(line.size() == 2);

  SECTION("a Mercury address nobody has is silence") {
    const auto other = b.send(line, mercury_frame(serial, 31), true);
    CHECK(other.bytes.empty());
    CHECK(other.device == -1);
    CHECK_FALSE(other.note.empty());
  }
}

TEST_CASE("on an RTU line another unit's frame gets no answer") {
  auto line = rtu_line();
  bench b;
  const auto reply = b.send(line, frame_of(read_voltages(9), modbus::framing::rtu));
  CHECK(reply.bytes.empty());
  CHECK_FALSE(reply.drop);
  CHECK(reply.device == -1);
  CHECK(reply.note == "unit 9 is not on this line");

  SECTION("even with every fault on: faults are our devices' own") {
    REQUIRE(b.faults.set("exception:4"));
    CHECK(b.send(line, frame_of(read_voltages(9), modbus::framing::rtu)).bytes.empty());
  }
}

TEST_CASE("an RTU broadcast is carried out by every unit and answered by none") {
  auto line = rtu_line();
  bench b;
  const auto write = request(function_code::write_single_register, 0x300, 1, {15}, 0);
  const auto reply = b.send(line, frame_of(write, modbus::framing::rtu));
  CHECK(reply.bytes.empty());
  CHECK(reply.note == "broadcast");
  const auto read = request(function_code::read_holding_registers, 0x300, 1, {}, modbus_unit);
  auto response = modbus::parse_response(b.send(line, frame_of(read, modbus::framing::rtu)).bytes, read,
                                          modbus::framing::rtu);
  REQUIRE(response);
  CHECK(response->values == std::vector<std::uint16_t>{15});
}

TEST_CASE("a Modbus TCP port answers its unit, and for others as a gateway that cannot reach them") {
  auto line = tcp_line();
  bench b;
  const auto sent = read_voltages(modbus_unit, 0x1234);
  const auto reply = b.send(line, frame_of(sent, modbus::framing::tcp));
  auto response = modbus::parse_response(reply.bytes, sent, modbus::framing::tcp);
  REQUIRE(response);
  CHECK(response->transaction_id == 0x1234);
  CHECK_FALSE(response->is_exception());

  const auto other = read_voltages(9, 0x4321);
  const auto refused = b.send(line, frame_of(other, modbus::framing::tcp));
  CHECK(refused.device == 9);
  CHECK(refused.note == "unit 9 is not on this port");
  auto exception = modbus::parse_response(refused.bytes, other, modbus::framing::tcp);
  REQUIRE(exception);
  CHECK(exception->transaction_id == 0x4321);
  CHECK(exception->exception_code == 0x0B); // gateway target device failed to respond

  SECTION("an unknown function code is an illegal-function exception") {
    auto frame = frame_of(sent, modbus::framing::tcp);
    frame[7] = 0x2B;
    const auto r = b.send(line, frame);
    auto parsed = modbus::parse_response(r.bytes, modbus::framing::tcp);
    REQUIRE(parsed);
    CHECK(parsed->exception_code == 1);
  }
}

TEST_CASE("one address per line, whatever the protocol") {
  auto line = rtu_line();
  CHECK_FALSE(line.add(std::make_unique<modbus_device>(make_device(test_meter, modbus_unit))));
  CHECK_FALSE(line.add(make_mercury(modbus_unit)));
  CHECK_FALSE(line.add(std::make_unique<modbus_device>(make_device(test_meter, mercury_address))));
  CHECK(line.size() == 2);
}

TEST_CASE("faults on a line's answers") {
  auto rtu = rtu_line();
  auto tcp = tcp_line();
  bench b;
  const auto sent = read_voltages();
  const auto rtu_frame = frame_of(sent, modbus::framing::rtu);

  SECTION("exception: the rule's code instead of the data") {
    REQUIRE(b.faults.set("3=exception:6"));
    const auto reply = b.send(rtu, rtu_frame);
    CHECK(reply.faults.exception);
    auto response = modbus::parse_response(reply.bytes, sent, modbus::framing::rtu);
    REQUIRE(response);
    CHECK(response->exception_code == 6);
  }
  SECTION("exception on a Mercury meter: a status reply with the code") {
    REQUIRE(b.faults.set("30@bus=exception:2"));
    const auto reply = b.send(rtu, mercury_frame(mercury::test_link{}), true);
    CHECK(reply.bytes == mercury::status_reply(mercury_address, 2));
  }
  SECTION("silence") {
    REQUIRE(b.faults.set("@bus=silence"));
    const auto reply = b.send(rtu, rtu_frame);
    CHECK(reply.bytes.empty());
    CHECK(reply.faults.silence);
    CHECK(reply.device == modbus_unit);
    CHECK(b.send(rtu, mercury_frame(mercury::test_link{}), true).bytes.empty());
    // another line is not concerned
    CHECK_FALSE(b.send(tcp, frame_of(sent, modbus::framing::tcp)).bytes.empty());
  }
  SECTION("SIGUSR1's silence") {
    const auto reply = b.send(rtu, rtu_frame, false, true);
    CHECK(reply.bytes.empty());
    CHECK(reply.faults.silence);
  }
  SECTION("drop: a TCP connection is closed instead") {
    REQUIRE(b.faults.set("drop"));
    const auto reply = b.send(tcp, frame_of(sent, modbus::framing::tcp));
    CHECK(reply.drop);
    CHECK(reply.bytes.empty());
  }
  SECTION("bad-crc: the answer's CRC does not check") {
    REQUIRE(b.faults.set("bad-crc"));
    const auto reply = b.send(rtu, rtu_frame);
    REQUIRE(reply.bytes.size() == 5 + 12);
    CHECK_FALSE(modbus::has_valid_crc16_modbus(reply.bytes));
    CHECK_FALSE(modbus::parse_response(reply.bytes, sent, modbus::framing::rtu));
    const auto mercury_reply = b.send(rtu, mercury_frame(mercury::test_link{}), true);
    CHECK_FALSE(mercury::check_reply(mercury_reply.bytes, mercury_address, mercury::test_link{}));
  }
  SECTION("garble: one byte changed, the CRC catches it") {
    REQUIRE(b.faults.set("garble"));
    const auto reply = b.send(rtu, rtu_frame);
    CHECK(reply.faults.garble);
    CHECK_FALSE(modbus::has_valid_crc16_modbus(reply.bytes));
  }
  SECTION("slow: the answer is there, marked to be sent late") {
    REQUIRE(b.faults.set("slow"));
    const auto reply = b.send(rtu, rtu_frame);
    CHECK(reply.faults.slow);
    CHECK(modbus::parse_response(reply.bytes, sent, modbus::framing::rtu));
  }
  SECTION("a percent: the same seed, the same answers") {
    REQUIRE(b.faults.set("silence:50"));
    bench again;
    REQUIRE(again.faults.set("silence:50"));
    auto rtu2 = rtu_line();
    int silent = 0;
    for (int i = 0; i < 200; ++i) {
      const auto x = b.send(rtu, rtu_frame), y = again.send(rtu2, rtu_frame);
      REQUIRE(x.bytes.empty() == y.bytes.empty());
      silent += x.bytes.empty();
    }
    CHECK(silent > 60);
    CHECK(silent < 140);
  }
}
