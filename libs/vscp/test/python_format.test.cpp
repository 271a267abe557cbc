#include "meterhub/vscp/python_format.hpp"

#include <bit>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

using namespace meterhub::vscp;

namespace {

std::string json_of(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

} // namespace

TEST_CASE("python float repr, fixed notation always has a decimal point") {
  CHECK(python_float_repr(0.0) == "0.0");
  CHECK(python_float_repr(-0.0) == "-0.0");
  CHECK(python_float_repr(1.0) == "1.0");
  CHECK(python_float_repr(100.0) == "100.0");
  CHECK(python_float_repr(240.3) == "240.3");
  CHECK(python_float_repr(6678.394) == "6678.394");
  CHECK(python_float_repr(0.35) == "0.35");
  CHECK(python_float_repr(0.1 + 0.2) == "0.30000000000000004");
  CHECK(python_float_repr(1e15) == "1000000000000000.0");
  CHECK(python_float_repr(9999999999999998.0) == "9999999999999998.0");
  CHECK(python_float_repr(0.0001) == "0.0001");
  CHECK(python_float_repr(0.00012345) == "0.00012345");
}

TEST_CASE("python float repr, exponent notation below 1e-4 and from 1e16") {
  CHECK(python_float_repr(1e16) == "1e+16");
  CHECK(python_float_repr(1e22) == "1e+22");
  CHECK(python_float_repr(1e-05) == "1e-05");
  CHECK(python_float_repr(-1e-05) == "-1e-05");
  CHECK(python_float_repr(1.5e-07) == "1.5e-07");
  CHECK(python_float_repr(123456789012345678.0) == "1.2345678901234568e+17");
  CHECK(python_float_repr(5e-324) == "5e-324");
  CHECK(python_float_repr(std::numeric_limits<double>::max()) == "1.7976931348623157e+308");
  CHECK(python_float_repr(1e100) == "1e+100");
}

TEST_CASE("python float repr of non-finite values") {
  CHECK(python_float_repr(std::numeric_limits<double>::infinity()) == "inf");
  CHECK(python_float_repr(-std::numeric_limits<double>::infinity()) == "-inf");
  CHECK(python_float_repr(std::numeric_limits<double>::quiet_NaN()) == "nan");
}

TEST_CASE("python float repr matches CPython 3.11 on 3668 doubles", "[data]") {
  std::ifstream in{MH_TEST_DATA_DIR "/vscp/float-repr.txt"};
  REQUIRE(in);
  std::string line;
  int checked = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line.front() == '#')
      continue;
    std::istringstream fields{line};
    std::string hex, expected;
    fields >> hex >> expected;
    const double v = std::bit_cast<double>(std::stoull(hex, nullptr, 16));
    INFO(line);
    CHECK(python_float_repr(v) == expected);
    ++checked;
  }
  CHECK(checked == 3668);
}

TEST_CASE("decimal shifts are exact where a multiplication is not") {
  CHECK(shift_decimal(6678394.0, -3) == 6678.394);
  CHECK(shift_decimal(1727.0, -3) == 1.727);
  CHECK(shift_decimal(9.0, -3) == 0.009);
  CHECK(9.0 * 0.001 != 0.009); // why the shift exists
  CHECK(shift_decimal(134.4, -3) == 0.1344);
  CHECK(134.4 / 1000 != 0.1344);
  CHECK(shift_decimal(-21988.0, -3) == -21.988);
  CHECK(shift_decimal(0.25, 2) == 25.0);
  CHECK(shift_decimal(240.3, 0) == 240.3);
  CHECK(std::signbit(shift_decimal(-0.0, -3)));
  CHECK(std::isinf(shift_decimal(1e308, 3)));
  CHECK(shift_decimal(1e-320, -10) == 0.0);
}

TEST_CASE("scale_value shifts powers of ten and multiplies anything else") {
  CHECK(scale_value(9.0, 0.001) == 0.009);
  CHECK(scale_value(9.0, -0.001) == -0.009);
  CHECK(scale_value(1.5, 1000.0) == 1500.0);
  CHECK(scale_value(3.0, 0.5) == 1.5);
  CHECK(scale_value(3.0, 1.0) == 3.0);
  CHECK(scale_value(3.0, -2.0) == -6.0);
}

TEST_CASE("json strings are escaped as json.dumps with ensure_ascii") {
  CHECK(json_of("Meter reading active energy out") == "\"Meter reading active energy out\"");
  CHECK(json_of("") == "\"\"");
  // Expected text from Python 3.11: json.dumps("Mätare ✓ \U0001F50C \"q\" \\ \n\t\x01\x7f")
  CHECK(json_of("M\xC3\xA4tare \xE2\x9C\x93 \xF0\x9F\x94\x8C \"q\" \\ \n\t\x01\x7F") ==
        R"("M\u00e4tare \u2713 \ud83d\udd0c \"q\" \\ \n\t\u0001\u007f")");
  CHECK(json_of("\r\b\f/") == R"("\r\b\f/")");
  CHECK(json_of(std::string_view{"a\0b", 3}) == R"("a\u0000b")");
}

TEST_CASE("json strings that are not UTF-8 are read as ISO 8859-1") {
  CHECK(json_of("M\xE4tare") == R"("M\u00e4tare")");
}

TEST_CASE("vscpDateTime is the UTC second of the clock reading") {
  CHECK(format_vscp_datetime(1796609031146) == "2026-12-07T02:03:51Z");
  CHECK(format_vscp_datetime(0) == "1970-01-01T00:00:00Z");
  CHECK(format_vscp_datetime(-1) == "1969-12-31T23:59:59Z");
  CHECK(format_vscp_datetime(951782400999) == "2000-02-29T00:00:00Z");
}
