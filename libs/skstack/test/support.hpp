#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>
#include <caf/expected.hpp>

#include "meterhub/skstack/error.hpp"
#include "meterhub/skstack/message.hpp"
#include "meterhub/skstack/parser.hpp"

namespace meterhub::skstack::test {

/// The skstack_errc of a result that must be an error.
template <class T>
skstack_errc error_of(const caf::expected<T>& result) {
  REQUIRE_FALSE(result);
  return static_cast<skstack_errc>(result.error().code());
}

/// Text as bytes, for feeding and comparing.
inline std::vector<std::uint8_t> bytes_of(std::string_view text) {
  return {text.begin(), text.end()};
}

/// One line of text as the module would write it, parsed alone.
inline caf::expected<message> parse(module_model model, std::string_view text) {
  return parse_line(model, raw_line{std::string{text}, {}, false});
}

/// The message of type T a parse must give.
template <class T>
T as(const caf::expected<message>& result) {
  if (!result)
    FAIL(describe(result.error()));
  REQUIRE(std::holds_alternative<T>(*result));
  return std::get<T>(*result);
}

/// Every message and error a reader gives for `text` fed in one piece.
inline std::vector<caf::expected<message>> read_all(module_model model, std::string_view text) {
  reader r{model};
  r.feed(bytes_of(text));
  std::vector<caf::expected<message>> out;
  while (auto m = r.next())
    out.push_back(std::move(*m));
  return out;
}

inline const char* meter_ip = "FE80:0000:0000:0000:021D:1290:1234:5678";
inline const char* module_ip = "FE80:0000:0000:0000:021C:6400:0000:0001";

} // namespace meterhub::skstack::test
