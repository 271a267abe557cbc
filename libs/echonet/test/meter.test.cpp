#include "meterhub/echonet/meter.hpp"

#include <catch2/catch.hpp>

#include "support.hpp"

using namespace meterhub;
using namespace meterhub::echonet;
using test::error_of;
using test::hex;

TEST_CASE("0x80 operation status reads 30 as ON and 31 as OFF") {
  CHECK(decode_operation_status(hex("30")) == true);
  CHECK(decode_operation_status(hex("31")) == false);
  CHECK(error_of(decode_operation_status(hex("32"))) == echonet_errc::bad_value);
  CHECK(error_of(decode_operation_status(hex("3030"))) == echonet_errc::bad_size);
  CHECK(error_of(decode_operation_status({})) == echonet_errc::bad_size);
}

TEST_CASE("0x88 fault status reads 41 as fault and 42 as none") {
  CHECK(decode_fault_status(hex("41")) == true);
  CHECK(decode_fault_status(hex("42")) == false);
  CHECK(error_of(decode_fault_status(hex("30"))) == echonet_errc::bad_value);
}

TEST_CASE("0x81 location and 0x82 standard version") {
  CHECK(decode_installation_location(hex("08")) == std::uint8_t{0x08});
  CHECK(error_of(decode_installation_location(hex("0102"))) == echonet_errc::bad_size);
  CHECK(decode_standard_version(hex("00004B01")) == std::string{"K.1"});
  CHECK(decode_standard_version(hex("00005200")) == std::string{"R.0"});
  CHECK(error_of(decode_standard_version(hex("00000101"))) == echonet_errc::bad_value);
  CHECK(error_of(decode_standard_version(hex("00004B"))) == echonet_errc::bad_size);
}

TEST_CASE("0x8A manufacturer code is three bytes") {
  CHECK(decode_manufacturer_code(hex("000016")) == std::uint32_t{0x16});
  CHECK(decode_manufacturer_code(hex("123456")) == std::uint32_t{0x123456});
  CHECK(error_of(decode_manufacturer_code(hex("0016"))) == echonet_errc::bad_size);
}

TEST_CASE("0x8D serial number is printable ASCII with trailing padding dropped") {
  CHECK(decode_serial_number(hex("41 42 43 31 32 33 00 00 00 00 00 00")) == std::string{"ABC123"});
  CHECK(decode_serial_number(hex("53 4E 20 20")) == std::string{"SN"});
  CHECK(error_of(decode_serial_number(hex("41 FF"))) == echonet_errc::bad_value);
  CHECK(error_of(decode_serial_number(hex("41 00 42"))) == echonet_errc::bad_value);
  CHECK(error_of(decode_serial_number({})) == echonet_errc::bad_size);
  CHECK(error_of(decode_serial_number(hex("41414141414141414141414141"))) == echonet_errc::bad_size);
}

TEST_CASE("0x97 current time and 0x98 current date") {
  auto t = decode_current_time(hex("0C1E"));
  REQUIRE(t);
  CHECK(t->hour == 12);
  CHECK(t->minute == 30);
  CHECK(error_of(decode_current_time(hex("1800"))) == echonet_errc::bad_value);
  CHECK(error_of(decode_current_time(hex("003C"))) == echonet_errc::bad_value);
  CHECK(error_of(decode_current_time(hex("0C"))) == echonet_errc::bad_size);
  auto d = decode_current_date(hex("07E8040E"));
  REQUIRE(d);
  CHECK(d->year == 2024);
  CHECK(d->month == 4);
  CHECK(d->day == 14);
  CHECK(error_of(decode_current_date(hex("07E80D01"))) == echonet_errc::bad_value);
  CHECK(error_of(decode_current_date(hex("07E80100"))) == echonet_errc::bad_value);
  CHECK(error_of(decode_current_date(hex("07E801"))) == echonet_errc::bad_size);
}

TEST_CASE("0xD5 instance list names the meter") {
  auto list = decode_instance_list(hex("01 028801"));
  REQUIRE(list);
  REQUIRE(list->size() == 1);
  CHECK(list->front() == meter_eoj);
  CHECK(error_of(decode_instance_list(hex("02 028801"))) == echonet_errc::bad_size);
  CHECK(error_of(decode_instance_list({})) == echonet_errc::bad_size);
}

TEST_CASE("0xD3 coefficient is binary, and 1 when refused") {
  CHECK(decode_coefficient(hex("00000001")) == std::uint32_t{1});
  CHECK(decode_coefficient(hex("0000000A")) == std::uint32_t{10});
  CHECK(decode_coefficient(hex("000F423F")) == std::uint32_t{999'999});
  CHECK(decode_coefficient({}) == std::uint32_t{1});
  CHECK(error_of(decode_coefficient(hex("000F4240"))) == echonet_errc::bad_value);
  CHECK(error_of(decode_coefficient(hex("0001"))) == echonet_errc::bad_size);
}

TEST_CASE("0xD7 effective digits are 1 to 8") {
  CHECK(decode_effective_digits(hex("06")) == std::uint8_t{6});
  CHECK(decode_effective_digits(hex("01")) == std::uint8_t{1});
  CHECK(decode_effective_digits(hex("08")) == std::uint8_t{8});
  CHECK(error_of(decode_effective_digits(hex("00"))) == echonet_errc::bad_value);
  CHECK(error_of(decode_effective_digits(hex("09"))) == echonet_errc::bad_value);
}

TEST_CASE("0xE1 unit accepts only the table codes") {
  for (auto code : {0x00, 0x01, 0x02, 0x03, 0x04, 0x0A, 0x0B, 0x0C, 0x0D}) {
    const std::uint8_t edt[] = {static_cast<std::uint8_t>(code)};
    CHECK(decode_energy_unit(edt) == std::uint8_t(code));
  }
  CHECK(error_of(decode_energy_unit(hex("05"))) == echonet_errc::unknown_unit);
  CHECK(error_of(decode_energy_unit(hex("0E"))) == echonet_errc::unknown_unit);
  CHECK(error_of(decode_energy_unit(hex("0101"))) == echonet_errc::bad_size);
}

TEST_CASE("0xE0 and 0xE3 cumulative energy keep the no-data marker apart") {
  CHECK(decode_cumulative_energy(hex("0001E240")) == sample<std::uint32_t>{123'456, sample_state::valid});
  CHECK(decode_cumulative_energy(hex("05F5E0FF")) == sample<std::uint32_t>{99'999'999, sample_state::valid});
  CHECK(decode_cumulative_energy(hex("FFFFFFFE"))->state == sample_state::no_data);
  CHECK(decode_cumulative_energy(hex("05F5E100"))->state == sample_state::out_of_range);
  CHECK(error_of(decode_cumulative_energy(hex("0001E2"))) == echonet_errc::bad_size);
}

TEST_CASE("0xE5 history 1 day is 0 to 99 both ways") {
  CHECK(decode_history1_day(hex("00")) == std::uint8_t{0});
  CHECK(decode_history1_day(hex("63")) == std::uint8_t{99});
  CHECK(error_of(decode_history1_day(hex("64"))) == echonet_errc::bad_value);
  CHECK(history1_day_property(1) == property{0xE5, {0x01}});
  CHECK(error_of(history1_day_property(100)) == echonet_errc::bad_argument);
}

TEST_CASE("0xE7 instantaneous power is signed with three markers") {
  CHECK(decode_instantaneous_power(hex("0000019A")) == sample<std::int32_t>{410, sample_state::valid});
  CHECK(decode_instantaneous_power(hex("FFFFFE66")) == sample<std::int32_t>{-410, sample_state::valid});
  CHECK(decode_instantaneous_power(hex("7FFFFFFD"))->valid());
  CHECK(decode_instantaneous_power(hex("80000001"))->valid());
  CHECK(decode_instantaneous_power(hex("7FFFFFFE"))->state == sample_state::no_data);
  CHECK(decode_instantaneous_power(hex("7FFFFFFF"))->state == sample_state::overflow);
  CHECK(decode_instantaneous_power(hex("80000000"))->state == sample_state::underflow);
  CHECK(error_of(decode_instantaneous_power(hex("019A"))) == echonet_errc::bad_size);
}

TEST_CASE("0xE8 currents are R then T in 0.1 A with 16-bit markers") {
  auto c = decode_instantaneous_currents(hex("0032 FFEC"));
  REQUIRE(c);
  CHECK(c->r == sample<std::int16_t>{50, sample_state::valid});
  CHECK(c->t == sample<std::int16_t>{-20, sample_state::valid});
  auto single = decode_instantaneous_currents(hex("0032 7FFE"));
  REQUIRE(single);
  CHECK(single->t.state == sample_state::no_data);
  CHECK(decode_instantaneous_currents(hex("7FFF 8000"))->r.state == sample_state::overflow);
  CHECK(decode_instantaneous_currents(hex("7FFF 8000"))->t.state == sample_state::underflow);
  CHECK(error_of(decode_instantaneous_currents(hex("0032"))) == echonet_errc::bad_size);
}

TEST_CASE("0xEA fixed-time energy, the spec's worked example") {
  auto f = decode_fixed_time_energy(hex("07 E8 04 0E 0C 1E 00 00 01 E2 40"));
  REQUIRE(f);
  CHECK(f->at == meter_date_time{2024, 4, 14, 12, 30, 0});
  CHECK(f->count == sample<std::uint32_t>{123'456, sample_state::valid});
  CHECK(to_unix_ms(f->at) == 1'713'065'400'000); // 2024-04-14T03:30:00Z
  CHECK(decode_fixed_time_energy(hex("07E8040E0C1E00 FFFFFFFE"))->count.state == sample_state::no_data);
  CHECK(error_of(decode_fixed_time_energy(hex("07E8040E0C1E000001E2"))) == echonet_errc::bad_size);
  CHECK(error_of(decode_fixed_time_energy(hex("07E8040E0C1E3C0001E240"))) == echonet_errc::bad_value);
}

TEST_CASE("0xC0 route B id skips byte 0 and splits maker and id") {
  auto id = decode_route_b_id(hex("00 000016 0102030405"));
  REQUIRE(id);
  CHECK(id->manufacturer == 0x16);
  CHECK(id->id == hex("0102030405"));
  CHECK(error_of(decode_route_b_id(hex("000016"))) == echonet_errc::bad_size);
}

TEST_CASE("0xD0 one-minute energy holds a time and both directions") {
  auto m = decode_one_minute_energy(hex("07E8040E0C1F00 0001E240 FFFFFFFE"));
  REQUIRE(m);
  CHECK(m->at == meter_date_time{2024, 4, 14, 12, 31, 0});
  CHECK(m->normal.raw == 123'456);
  CHECK(m->reverse.state == sample_state::no_data);
  CHECK(error_of(decode_one_minute_energy(hex("07E8040E0C1F00 0001E240"))) == echonet_errc::bad_size);
}

TEST_CASE("every error code has its name") {
  CHECK(std::string{to_string(echonet_errc::truncated)} == "truncated");
  CHECK(std::string{to_string(echonet_errc::bad_header)} == "bad_header");
  CHECK(std::string{to_string(echonet_errc::pdc_past_end)} == "pdc_past_end");
  CHECK(std::string{to_string(echonet_errc::trailing_bytes)} == "trailing_bytes");
  CHECK(std::string{to_string(echonet_errc::bad_size)} == "bad_size");
  CHECK(std::string{to_string(echonet_errc::bad_value)} == "bad_value");
  CHECK(std::string{to_string(echonet_errc::unknown_unit)} == "unknown_unit");
  CHECK(std::string{to_string(echonet_errc::bad_argument)} == "bad_argument");
}

TEST_CASE("a real meter's Get_SNA without D3 gives coefficient 1") {
  auto f = decode(hex("1081 0003 028801 05FF01 52 01 D300"));
  REQUIRE(f);
  CHECK(is_not_possible(f->esv));
  REQUIRE(find(*f, epc::coefficient));
  CHECK(decode_coefficient(find(*f, epc::coefficient)->edt) == std::uint32_t{1});
}

TEST_CASE("the D7 digits tell a roll-over from a reset") {
  CHECK(cumulative_advance(100, 150, 6) == std::uint32_t{50});
  CHECK(cumulative_advance(999'990, 5, 6) == std::uint32_t{15});
  CHECK(cumulative_advance(99'999'999, 0, 8) == std::uint32_t{1});
  CHECK(cumulative_advance(7, 7, 1) == std::uint32_t{0});
  CHECK_FALSE(cumulative_advance(1'000'000, 5, 6));
  CHECK_FALSE(cumulative_advance(1, 2, 0));
  CHECK_FALSE(cumulative_advance(1, 2, 9));
}
