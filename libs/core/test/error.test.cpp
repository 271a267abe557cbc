#include "meterhub/core/error.hpp"

#include <catch2/catch.hpp>

namespace sample {
enum class sample_errc : std::uint8_t { first = 1, second };
inline const char* to_string(sample_errc e) { return e == sample_errc::first ? "first" : "second"; }
} // namespace sample
CAF_ERROR_CODE_ENUM(sample::sample_errc, "sample")

TEST_CASE("errors read as category, code and detail") {
  CHECK(meterhub::describe(meterhub::make_error(sample::sample_errc::second, "port 99")) == "sample: second: port 99");
  CHECK(meterhub::describe(meterhub::make_error(sample::sample_errc::first)) == "sample: first");
  CHECK(meterhub::describe(caf::error{}).empty());
  auto err = meterhub::make_error(sample::sample_errc::first);
  CHECK(err == sample::sample_errc::first);
}
