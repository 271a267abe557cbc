#include "meterhub/modbus/error.hpp"

#include <catch2/catch.hpp>

using namespace meterhub;
using namespace meterhub::modbus;

TEST_CASE("every modbus error code has its own name") {
  CHECK(std::string{to_string(modbus_errc::illegal_function)} == "illegal_function");
  CHECK(std::string{to_string(modbus_errc::illegal_data_address)} == "illegal_data_address");
  CHECK(std::string{to_string(modbus_errc::illegal_data_value)} == "illegal_data_value");
  CHECK(std::string{to_string(modbus_errc::server_device_failure)} == "server_device_failure");
  CHECK(std::string{to_string(modbus_errc::acknowledge)} == "acknowledge");
  CHECK(std::string{to_string(modbus_errc::server_device_busy)} == "server_device_busy");
  CHECK(std::string{to_string(modbus_errc::negative_acknowledge)} == "negative_acknowledge");
  CHECK(std::string{to_string(modbus_errc::memory_parity_error)} == "memory_parity_error");
  CHECK(std::string{to_string(modbus_errc::gateway_path_unavailable)} == "gateway_path_unavailable");
  CHECK(std::string{to_string(modbus_errc::gateway_target_failed)} == "gateway_target_failed");
  CHECK(std::string{to_string(modbus_errc::unknown_exception)} == "unknown_exception");
  CHECK(std::string{to_string(modbus_errc::bad_value)} == "bad_value");
  CHECK(std::string{to_string(modbus_errc::out_of_range)} == "out_of_range");
  CHECK(std::string{to_string(modbus_errc::bad_frame)} == "bad_frame");
  CHECK(std::string{to_string(modbus_errc::timeout)} == "timeout");
  CHECK(std::string{to_string(modbus_errc::io_error)} == "io_error");
  CHECK(std::string{to_string(modbus_errc::bad_profile)} == "bad_profile");
  CHECK(std::string{to_string(static_cast<modbus_errc>(200))} == "unknown");
}

TEST_CASE("exception codes from a device become their errors") {
  auto err = exception_error(2, "holding 40001");
  CHECK(err.code() == static_cast<std::uint8_t>(modbus_errc::illegal_data_address));
  CHECK(err.category() == caf::atom("modbus"));
  CHECK(describe(err) == "modbus: illegal_data_address: holding 40001");
  CHECK(describe(exception_error(1)) == "modbus: illegal_function");
  CHECK(describe(exception_error(11)) == "modbus: gateway_target_failed");
  CHECK(describe(exception_error(8)) == "modbus: memory_parity_error");
}

TEST_CASE("undefined exception codes keep their number") {
  CHECK(describe(exception_error(9)) == "modbus: unknown_exception: exception code 9");
  CHECK(describe(exception_error(0)) == "modbus: unknown_exception: exception code 0");
  CHECK(describe(exception_error(12, "unit 3")) == "modbus: unknown_exception: exception code 12, unit 3");
  CHECK(describe(exception_error(32)) == "modbus: unknown_exception: exception code 32");
  CHECK(describe(exception_error(255)) == "modbus: unknown_exception: exception code 255");
}

TEST_CASE("exceptions are told from line failures") {
  for (auto code : {modbus_errc::illegal_function, modbus_errc::illegal_data_address, modbus_errc::illegal_data_value,
                    modbus_errc::server_device_failure, modbus_errc::acknowledge, modbus_errc::server_device_busy,
                    modbus_errc::negative_acknowledge, modbus_errc::memory_parity_error,
                    modbus_errc::gateway_path_unavailable, modbus_errc::gateway_target_failed,
                    modbus_errc::unknown_exception})
    CHECK(is_exception(code));
  for (auto code : {modbus_errc::bad_value, modbus_errc::out_of_range, modbus_errc::bad_frame, modbus_errc::timeout,
                    modbus_errc::io_error, modbus_errc::bad_profile, static_cast<modbus_errc>(9),
                    static_cast<modbus_errc>(0)})
    CHECK_FALSE(is_exception(code));
}
