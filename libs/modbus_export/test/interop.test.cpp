// The export read and written by Modbus masters nobody here wrote: mbpoll (its 1-based references by default, -0
// for 0-based, little-endian word order by default and -B for big-endian) and pymodbus 3.0's synchronous TCP
// client with its own payload decoder. Both run as processes against the server on a port the OS picked.
#include <map>
#include <sstream>

#include "meterhub/testing/process.hpp"
#include "server_fixture.hpp"

using namespace meterhub;
using namespace meterhub::modbus_export;
using namespace meterhub::modbus_export::test;
using namespace std::chrono_literals;

namespace {

struct outcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

outcome run(std::vector<std::string> argv) {
  meterhub::testing::temp_dir logs{"modbus-export-interop"};
  meterhub::testing::process p{std::move(argv), logs.path(), "tool"};
  if (!p.wait_exit(15s))
    p.stop();
  return {p.exit_code(), p.stdout_text(), p.stderr_text()};
}

/// mbpoll's "[ref]: \tvalue" lines.
std::map<int, std::string> polled(const std::string& out) {
  std::map<int, std::string> values;
  std::istringstream lines{out};
  for (std::string line; std::getline(lines, line);) {
    if (line.size() < 4 || line[0] != '[')
      continue;
    auto close = line.find("]:");
    if (close == std::string::npos)
      continue;
    auto value = line.substr(close + 2);
    value.erase(0, value.find_first_not_of(" \t"));
    values[std::stoi(line.substr(1, close - 1))] = value;
  }
  return values;
}

outcome mbpoll(std::uint16_t port, std::vector<std::string> args) {
  std::vector<std::string> argv{"mbpoll", "-m", "tcp", "-p", std::to_string(port), "-1", "-o", "2"};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.push_back("127.0.0.1");
  return run(std::move(argv));
}

void feed(running_export& ex, double power) {
  ex.image->apply(batch_of("meter-1", {at("1-0:1.7.0", power, t0 + 1000), at("1-0:32.7.0", 230.1, t0 + 1000),
                                       at("1-0:1.8.0", 42'123'456, t0 + 1000)}),
                  t0 + 1000);
  ex.image->apply(batch_of("meter-2", {at("1-0:1.7.0", -12.25), at("1-0:1.8.0", -7), at("1-0:31.7.0", 3.5e-3)}),
                  t0 + 1000);
  ex.image->tick(t0 + 3500);
}

// pymodbus 3.0.0 (Debian's python3-pymodbus): the sync client, BinaryPayloadDecoder for the word orders; prints
// "name value" lines. Run with /usr/bin/python3, the interpreter Debian's package installs into.
const char* pymodbus_script = R"(
import sys
from pymodbus.client import ModbusTcpClient
from pymodbus.constants import Endian
from pymodbus.payload import BinaryPayloadDecoder as D
c = ModbusTcpClient("127.0.0.1", port=int(sys.argv[1]), timeout=3, retries=0)
if not c.connect():
    sys.exit("cannot connect")
def regs(r):
    if r.isError():
        sys.exit("error %r" % (r,))
    return r.registers
d = D.fromRegisters(regs(c.read_holding_registers(0, 10, slave=1)), byteorder=Endian.Big, wordorder=Endian.Big)
print("power", d.decode_32bit_float())
print("quality", d.decode_16bit_uint())
print("age", d.decode_16bit_uint())
print("voltage_tenths", d.decode_16bit_uint())
d = D.fromRegisters(regs(c.read_input_registers(0, 2, slave=1)), byteorder=Endian.Big, wordorder=Endian.Little)
print("energy_kwh", d.decode_32bit_uint())
d = D.fromRegisters(regs(c.read_holding_registers(0, 2, slave=2)), byteorder=Endian.Big, wordorder=Endian.Little)
print("power2", d.decode_32bit_float())
d = D.fromRegisters(regs(c.read_input_registers(10, 2, slave=2)), byteorder=Endian.Big, wordorder=Endian.Big)
print("energy2", d.decode_32bit_int())
d = D.fromRegisters(regs(c.read_holding_registers(100, 4, slave=2)), byteorder=Endian.Big, wordorder=Endian.Big)
print("current2", repr(d.decode_64bit_float()))
print("unknown_unit", c.read_holding_registers(0, 1, slave=9).exception_code)
print("outside", c.read_holding_registers(21, 1, slave=1).exception_code)
print("refused_write", c.write_register(0, 1, slave=1).exception_code)
w = c.write_register(20, 2301, slave=1)
print("mapped_write", "error" if w.isError() else "ok")
print("readback", regs(c.read_holding_registers(20, 1, slave=1))[0])
c.close()
)";

std::map<std::string, std::string> named_lines(const std::string& out) {
  std::map<std::string, std::string> values;
  std::istringstream lines{out};
  for (std::string name, value; lines >> name >> value;)
    values[name] = value;
  return values;
}

} // namespace

TEST_CASE("mbpoll reads floats in both word orders and integers, 1-based and 0-based", "[interop]") {
  running_export ex;
  feed(ex, 1530.5);
  const auto port = ex.port();
  auto abcd = mbpoll(port, {"-a", "1", "-r", "1", "-c", "1", "-t", "4:float", "-B"});
  INFO(abcd.out << abcd.err);
  CHECK(abcd.exit_code == 0);
  CHECK(polled(abcd.out) == std::map<int, std::string>{{1, "1530.5"}});
  auto cdab = mbpoll(port, {"-a", "2", "-r", "1", "-c", "1", "-t", "4:float"}); // little endian: CDAB
  CHECK(polled(cdab.out) == std::map<int, std::string>{{1, "-12.25"}});
  auto zero_based = mbpoll(port, {"-a", "1", "-0", "-r", "2", "-c", "3", "-t", "4"});
  CHECK(polled(zero_based.out) == std::map<int, std::string>{{2, "0"}, {3, "2"}, {4, "2301"}});
  auto one_based = mbpoll(port, {"-a", "1", "-r", "5", "-c", "1", "-t", "4"}); // reference 5 is address 4
  CHECK(polled(one_based.out) == std::map<int, std::string>{{5, "2301"}});
  auto heartbeat = mbpoll(port, {"-a", "1", "-r", "10", "-c", "1", "-t", "4"});
  CHECK(polled(heartbeat.out) == std::map<int, std::string>{{10, "3"}});
  auto s32 = mbpoll(port, {"-a", "2", "-r", "11", "-c", "1", "-t", "3:int", "-B"});
  CHECK(polled(s32.out) == std::map<int, std::string>{{11, "-7"}});
  auto u32 = mbpoll(port, {"-a", "1", "-r", "1", "-c", "1", "-t", "3:int"}); // CDAB, kWh
  CHECK(polled(u32.out) == std::map<int, std::string>{{1, "42123"}});
  feed(ex, -250.75); // the value changes between two polls
  auto changed = mbpoll(port, {"-a", "1", "-r", "1", "-c", "1", "-t", "4:float", "-B"});
  CHECK(polled(changed.out) == std::map<int, std::string>{{1, "-250.75"}});
}

TEST_CASE("mbpoll sees the exceptions and writes a mapped command", "[interop]") {
  running_export ex;
  const auto port = ex.port();
  auto unknown = mbpoll(port, {"-a", "9", "-r", "1", "-c", "1", "-t", "4"});
  CHECK(unknown.exit_code != 0);
  CHECK_THAT(unknown.err, Catch::Contains("Target device failed to respond"));
  auto outside = mbpoll(port, {"-a", "1", "-r", "30", "-c", "1", "-t", "4"});
  CHECK_THAT(outside.err, Catch::Contains("Illegal data address"));
  auto refused = run({"mbpoll", "-m", "tcp", "-p", std::to_string(port), "-a", "1", "-r", "1", "-t", "4", "-o", "2",
                      "127.0.0.1", "5"});
  CHECK_THAT(refused.err, Catch::Contains("Illegal data address"));
  CHECK(ex.seen_writes().empty());
  auto written = run({"mbpoll", "-m", "tcp", "-p", std::to_string(port), "-a", "1", "-r", "21", "-t", "4", "-o",
                      "2", "127.0.0.1", "2301"});
  INFO(written.out << written.err);
  CHECK(written.exit_code == 0);
  CHECK_THAT(written.out, Catch::Contains("Written 1 references"));
  REQUIRE(ex.seen_writes().size() == 1);
  CHECK(ex.seen_writes()[0].target == "limit");
  CHECK(ex.seen_writes()[0].value == Approx(230.1));
  auto coil = run({"mbpoll", "-m", "tcp", "-p", std::to_string(port), "-a", "1", "-r", "4", "-t", "0", "-o", "2",
                   "127.0.0.1", "1"});
  CHECK(coil.exit_code == 0);
  REQUIRE(ex.seen_writes().size() == 2);
  CHECK(ex.seen_writes()[1].target == "breaker");
  CHECK(ex.seen_writes()[1].value == 1.0);
}

TEST_CASE("pymodbus decodes every encoding and sees the exceptions", "[interop]") {
  running_export ex;
  feed(ex, 1530.5);
  auto py = run({"/usr/bin/python3", "-c", pymodbus_script, std::to_string(ex.port())});
  INFO(py.out << py.err);
  REQUIRE(py.exit_code == 0);
  auto v = named_lines(py.out);
  CHECK(v["power"] == "1530.5");
  CHECK(v["quality"] == "0");
  CHECK(v["age"] == "2");
  CHECK(v["voltage_tenths"] == "2301");
  CHECK(v["energy_kwh"] == "42123");
  CHECK(v["power2"] == "-12.25");
  CHECK(v["energy2"] == "-7");
  CHECK(v["current2"] == "0.0035");
  CHECK(v["unknown_unit"] == "11");
  CHECK(v["outside"] == "2");
  CHECK(v["refused_write"] == "2");
  CHECK(v["mapped_write"] == "ok");
  CHECK(v["readback"] == "2301");
  REQUIRE(ex.seen_writes().size() == 1);
  CHECK(ex.seen_writes()[0].words == std::vector<std::uint16_t>{2301});
}
